package org.jnegotiate.krb5.crypto;

import java.util.Optional;

/**
 * The Kerberos encryption types JNegotiate implements (RFC 3961 registry numbers). DES is not
 * implemented at all; rc4-hmac is usable only when weak crypto is explicitly allowed.
 */
public enum EncryptionType {
    /** RFC 3962. */
    AES128_CTS_HMAC_SHA1_96(17, 16, 15, 12, false),
    /** RFC 3962. */
    AES256_CTS_HMAC_SHA1_96(18, 32, 16, 12, false),
    /** RFC 8009. */
    AES128_CTS_HMAC_SHA256_128(19, 16, 19, 16, false),
    /** RFC 8009. */
    AES256_CTS_HMAC_SHA384_192(20, 32, 20, 24, false),
    /** RFC 4757: weak, off unless allowed. */
    RC4_HMAC(23, 16, -138, 16, true);

    private final int id;
    private final int keyLength;
    private final int checksumType;
    private final int checksumLength;
    private final boolean weak;

    EncryptionType(int id, int keyLength, int checksumType, int checksumLength, boolean weak) {
        this.id = id;
        this.keyLength = keyLength;
        this.checksumType = checksumType;
        this.checksumLength = checksumLength;
        this.weak = weak;
    }

    /** The etype number on the wire. */
    public int id() {
        return id;
    }

    /** Key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** The mandatory keyed checksum type of this enctype (RFC 3961 section 8). */
    public int checksumType() {
        return checksumType;
    }

    /** Length of that checksum (and of the integrity tag of an encryption) in bytes. */
    public int checksumLength() {
        return checksumLength;
    }

    /** True for enctypes that may be used only when weak crypto is allowed. */
    public boolean isWeak() {
        return weak;
    }

    public static Optional<EncryptionType> of(int id) {
        for (EncryptionType t : values()) {
            if (t.id == id) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The MIT/krb5.conf name, for example {@code aes256-cts-hmac-sha1-96}. */
    public String krb5Name() {
        switch (this) {
            case AES128_CTS_HMAC_SHA1_96:
                return "aes128-cts-hmac-sha1-96";
            case AES256_CTS_HMAC_SHA1_96:
                return "aes256-cts-hmac-sha1-96";
            case AES128_CTS_HMAC_SHA256_128:
                return "aes128-cts-hmac-sha256-128";
            case AES256_CTS_HMAC_SHA384_192:
                return "aes256-cts-hmac-sha384-192";
            default:
                return "rc4-hmac";
        }
    }
}
