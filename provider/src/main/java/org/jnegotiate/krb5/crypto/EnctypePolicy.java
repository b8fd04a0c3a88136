package org.jnegotiate.krb5.crypto;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Which enctypes may be used, in preference order: aes256-sha384, aes128-sha256, aes256-sha1,
 * aes128-sha1, and rc4-hmac only when {@link NegotiateConfig#allowWeakCrypto()} is set. Also parses
 * the enctype lists of krb5.conf ({@code default_tkt_enctypes}, {@code default_tgs_enctypes},
 * {@code permitted_enctypes}) in MIT's syntax: names or families separated by spaces or commas,
 * {@code DEFAULT} for the default list and {@code -name} to remove one.
 */
public final class EnctypePolicy {
    private static final System.Logger LOG = System.getLogger(EnctypePolicy.class.getName());
    private static final List<EncryptionType> PREFERENCE = List.of(
            EncryptionType.AES256_CTS_HMAC_SHA384_192,
            EncryptionType.AES128_CTS_HMAC_SHA256_128,
            EncryptionType.AES256_CTS_HMAC_SHA1_96,
            EncryptionType.AES128_CTS_HMAC_SHA1_96,
            EncryptionType.RC4_HMAC);

    /**
     * MIT's default enctype list ({@code permitted_enctypes} and what {@code DEFAULT} stands for in krb5.conf),
     * restricted to what JNegotiate implements, in MIT's order; weak ones included (callers filter).
     */
    public static final List<EncryptionType> MIT_DEFAULT = List.of(
            EncryptionType.AES256_CTS_HMAC_SHA1_96,
            EncryptionType.AES128_CTS_HMAC_SHA1_96,
            EncryptionType.AES256_CTS_HMAC_SHA384_192,
            EncryptionType.AES128_CTS_HMAC_SHA256_128,
            EncryptionType.RC4_HMAC);

    private final boolean allowWeak;
    private final List<EncryptionType> permitted;

    private EnctypePolicy(boolean allowWeak) {
        this.allowWeak = allowWeak;
        List<EncryptionType> list = new ArrayList<>();
        for (EncryptionType t : PREFERENCE) {
            if (allowWeak || !t.isWeak()) {
                list.add(t);
            }
        }
        this.permitted = List.copyOf(list);
    }

    public static EnctypePolicy of(NegotiateConfig config) {
        return new EnctypePolicy(config.allowWeakCrypto());
    }

    /** The permitted enctypes, most preferred first. */
    public List<EncryptionType> permitted() {
        return permitted;
    }

    public boolean permits(EncryptionType type) {
        return permitted.contains(type);
    }

    /** The first enctype of {@code preference} (ours, or a parsed list) that the peer also listed, by etype number. */
    public Optional<EncryptionType> firstCommon(List<EncryptionType> preference, Collection<Integer> peerEtypes) {
        for (EncryptionType t : preference) {
            if (permits(t) && peerEtypes.contains(t.id())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a krb5.conf enctype list into the permitted enctypes it names, in its order. DES, 3DES,
     * Camellia and export-grade RC4 are known but not implemented: they are skipped with a warning, as
     * is rc4-hmac when weak crypto is not allowed. An unknown name, or a list that leaves nothing
     * usable, is an error.
     */
    public List<EncryptionType> parse(String value) throws NegotiateException {
        return parse(value, permitted, this::permits);
    }

    /**
     * Parses a krb5.conf enctype list as it is written, before any policy: every implemented enctype is kept
     * (rc4-hmac included: the weak-crypto policy is applied where the list is used) and {@code DEFAULT} stands
     * for {@link #MIT_DEFAULT}. Unimplemented (DES, 3DES, Camellia) names are skipped; an unknown name, or a
     * list that leaves nothing, is INVALID_PARAMETER.
     */
    public static List<EncryptionType> parseKrb5Conf(String value) throws NegotiateException {
        return parse(value, MIT_DEFAULT, t -> true);
    }

    private static List<EncryptionType> parse(
            String value, List<EncryptionType> dflt, java.util.function.Predicate<EncryptionType> permits)
            throws NegotiateException {
        Set<EncryptionType> result = new LinkedHashSet<>();
        for (String raw : value.trim().split("[\\s,]+")) {
            if (raw.isEmpty()) {
                continue;
            }
            boolean remove = raw.startsWith("-");
            String name = (remove || raw.startsWith("+") ? raw.substring(1) : raw).toLowerCase(Locale.ROOT);
            List<EncryptionType> named = "default".equals(name) ? dflt : named(name, raw);
            if (remove) {
                result.removeAll(named);
                continue;
            }
            for (EncryptionType t : named) {
                if (permits.test(t)) {
                    result.add(t);
                } else {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "krb5.conf enctype {0} ignored: weak crypto is not allowed"
                                    + " (jnegotiate.allowWeakCrypto)",
                            t.krb5Name());
                }
            }
        }
        if (result.isEmpty()) {
            throw new NegotiateException(
                    Failure.INVALID_PARAMETER,
                    "the krb5.conf enctype list '" + value + "' leaves no usable enctype (usable: "
                            + names(PREFERENCE.stream().filter(permits).toList()) + ")");
        }
        return List.copyOf(result);
    }

    /** The enctypes a name or family stands for; empty for known but unimplemented ones. */
    private static List<EncryptionType> named(String name, String raw) throws NegotiateException {
        switch (name) {
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
            case "aes": // MIT's family, in MIT's order
                return List.of(
                        EncryptionType.AES256_CTS_HMAC_SHA1_96,
                        EncryptionType.AES128_CTS_HMAC_SHA1_96,
                        EncryptionType.AES256_CTS_HMAC_SHA384_192,
                        EncryptionType.AES128_CTS_HMAC_SHA256_128);
            case "rc4-hmac":
            case "arcfour-hmac":
            case "arcfour-hmac-md5":
            case "rc4":
                return List.of(EncryptionType.RC4_HMAC);
            default:
                break;
        }
        if (name.startsWith("des") || name.startsWith("camellia") || name.endsWith("-exp")) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "krb5.conf enctype {0} ignored: not implemented (obsolete or" + " unsupported)",
                    raw);
            return List.of();
        }
        if (name.matches("-?\\d{1,9}")) {
            Optional<EncryptionType> byId = EncryptionType.of(Integer.parseInt(name));
            if (byId.isPresent()) {
                return List.of(byId.get());
            }
            LOG.log(System.Logger.Level.WARNING, "krb5.conf enctype number {0} ignored: not implemented", raw);
            return List.of();
        }
        throw new NegotiateException(
                Failure.INVALID_PARAMETER,
                "unknown enctype '" + raw
                        + "' in a krb5.conf enctype list (known: " + names(PREFERENCE)
                        + ", aes, rc4, arcfour-hmac, aes256-cts, aes128-cts, aes256-sha1, aes128-sha1, aes256-sha2,"
                        + " aes128-sha2, DEFAULT)");
    }

    private static String names(List<EncryptionType> types) {
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.krb5Name()));
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return "EnctypePolicy[" + names(permitted) + (allowWeak ? ", weak allowed" : "") + "]";
    }
}
