package org.jnegotiate.krb5.kdc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.crypto.StringToKey;
import org.jnegotiate.mech.NegotiateException;

/**
 * How a client proves itself in the AS exchange: a password (any enctype, salted as the KDC says) or
 * long-term keys (a keytab or JAAS KerberosKeys: only their enctypes).
 */
public interface ClientKeys {

    /** The enctypes this source can produce keys for; empty means any. */
    List<EncryptionType> enctypes();

    /**
     * The key for {@code type}, derived with the KDC's {@code salt} and {@code s2kparams} when this is a
     * password; empty when this source has no key of that type. The caller destroys the returned key.
     */
    Optional<Krb5Key> key(EncryptionType type, String salt, byte[] s2kparams) throws NegotiateException;

    /** Zeroes the password or keys. */
    void destroy();

    /** A password; the array is copied (the caller zeroes its own). */
    static ClientKeys password(char[] password) {
        char[] pw = password.clone();
        return new ClientKeys() {
            @Override
            public List<EncryptionType> enctypes() {
                return List.of();
            }

            @Override
            public Optional<Krb5Key> key(EncryptionType type, String salt, byte[] s2kparams) throws NegotiateException {
                return Optional.of(StringToKey.derive(type, pw, salt.getBytes(StandardCharsets.UTF_8), s2kparams));
            }

            @Override
            public void destroy() {
                Arrays.fill(pw, '\0');
            }

            @Override
            public String toString() {
                return "ClientKeys[password]";
            }
        };
    }

    /** Fixed long-term keys (highest kvno first if several per enctype); the keys are not copied. */
    static ClientKeys keys(List<Krb5Key> keys) {
        List<Krb5Key> list = List.copyOf(keys);
        return new ClientKeys() {
            @Override
            public List<EncryptionType> enctypes() {
                List<EncryptionType> out = new ArrayList<>();
                for (Krb5Key k : list) {
                    if (!out.contains(k.type())) {
                        out.add(k.type());
                    }
                }
                return out;
            }

            @Override
            public Optional<Krb5Key> key(EncryptionType type, String salt, byte[] s2kparams) {
                for (Krb5Key k : list) {
                    if (k.type() == type && !k.isDestroyed()) {
                        byte[] b = k.bytes();
                        try {
                            return Optional.of(new Krb5Key(type, b));
                        } finally {
                            Arrays.fill(b, (byte) 0);
                        }
                    }
                }
                return Optional.empty();
            }

            @Override
            public void destroy() {
                list.forEach(Krb5Key::destroy);
            }

            @Override
            public String toString() {
                return "ClientKeys[" + list.size() + " keys]";
            }
        };
    }
}
