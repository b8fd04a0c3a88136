package org.jnegotiate.krb5.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jnegotiate.krb5.crypto.EncryptionType;

/**
 * Reads MIT enctype lists ({@code default_tkt_enctypes = aes256-cts aes128-cts}), including the family
 * names {@code aes}, {@code rc4}, {@code DEFAULT} and {@code -name} removals. Names of enctypes that
 * JNegotiate does not implement (des, des3, camellia) are skipped. Weak enctypes are kept here; the
 * caller applies the weak-crypto policy.
 */
final class EnctypeNames {
    /** MIT's default order, restricted to what JNegotiate implements. */
    static final List<EncryptionType> DEFAULT = List.of(EncryptionType.AES256_CTS_HMAC_SHA1_96,
            EncryptionType.AES128_CTS_HMAC_SHA1_96, EncryptionType.AES256_CTS_HMAC_SHA384_192,
            EncryptionType.AES128_CTS_HMAC_SHA256_128, EncryptionType.RC4_HMAC);

    private EnctypeNames() {
    }

    static List<EncryptionType> parse(String text) {
        List<EncryptionType> out = new ArrayList<>();
        for (String raw : text.split("[\\s,]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            boolean remove = raw.startsWith("-");
            String name = (remove || raw.startsWith("+") ? raw.substring(1) : raw).toLowerCase(Locale.ROOT);
            for (EncryptionType t : named(name)) {
                out.remove(t);
                if (!remove) {
                    out.add(t);
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<EncryptionType> named(String name) {
        switch (name) {
            case "default":
                return DEFAULT;
            case "aes":
                return List.of(EncryptionType.AES256_CTS_HMAC_SHA1_96, EncryptionType.AES128_CTS_HMAC_SHA1_96,
                        EncryptionType.AES256_CTS_HMAC_SHA384_192, EncryptionType.AES128_CTS_HMAC_SHA256_128);
            case "aes256-cts-hmac-sha1-96":
            case "aes256-cts":
            case "aes256-sha1":
                return List.of(EncryptionType.AES256_CTS_HMAC_SHA1_96);
            case "aes128-cts-hmac-sha1-96":
            case "aes128-cts":
            case "aes128-sha1":
                return List.of(EncryptionType.AES128_CTS_HMAC_SHA1_96);
            case "aes256-cts-hmac-sha384-192":
            case "aes256-sha2":
                return List.of(EncryptionType.AES256_CTS_HMAC_SHA384_192);
            case "aes128-cts-hmac-sha256-128":
            case "aes128-sha2":
                return List.of(EncryptionType.AES128_CTS_HMAC_SHA256_128);
            case "rc4":
            case "rc4-hmac":
            case "arcfour-hmac":
            case "arcfour-hmac-md5":
                return List.of(EncryptionType.RC4_HMAC);
            default:
                try {
                    int id = Integer.parseInt(name);
                    return EncryptionType.of(id).map(List::of).orElse(List.of());
                } catch (NumberFormatException e) {
                    return List.of();
                }
        }
    }
}
