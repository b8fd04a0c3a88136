package org.jnegotiate.krb5.kdc;

import java.util.Arrays;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumHandler;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.base.CheckSumType;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The RFC 3961 operations the KDC exchanges need, in one place so that the exchanges do not depend on
 * how they are implemented.
 *
 * <p>TEMPORARY: backed by Kerby's kerb-crypto until {@code Krb5Ciphers} / {@code StringToKey} of
 * org.jnegotiate.krb5.crypto are on main; then each method becomes a one-line call to them (and gains the
 * RFC 8009 enctypes Kerby lacks). Not used on any per-message path.
 */
final class KdcCrypto {
    private KdcCrypto() {
    }

    static byte[] encrypt(Krb5Key key, int usage, byte[] plain) throws NegotiateException {
        EncryptionKey k = kerbyKey(key);
        try {
            return EncryptionHandler.encrypt(plain, k, KeyUsage.fromValue(usage)).getCipher();
        } catch (KrbException e) {
            throw new NegotiateException(Failure.INTERNAL_ERROR, "encryption with " + key.type().krb5Name() + " failed", e);
        } finally {
            zero(k);
        }
    }

    /** Decrypts; a wrong key or altered ciphertext gives MESSAGE_ALTERED. */
    static byte[] decrypt(Krb5Key key, int usage, byte[] cipher) throws NegotiateException {
        EncryptionKey k = kerbyKey(key);
        try {
            return EncryptionHandler.decrypt(cipher, k, KeyUsage.fromValue(usage));
        } catch (KrbException | RuntimeException e) {
            throw new NegotiateException(Failure.MESSAGE_ALTERED,
                    "decryption with " + key.type().krb5Name() + " (usage " + usage + ") failed: integrity check", e);
        } finally {
            zero(k);
        }
    }

    /** The enctype's mandatory keyed checksum. */
    static byte[] checksum(Krb5Key key, int usage, byte[] data) throws NegotiateException {
        byte[] raw = key.bytes();
        try {
            return CheckSumHandler.checksumWithKey(CheckSumType.fromValue(key.type().checksumType()), data, raw,
                    KeyUsage.fromValue(usage)).getChecksum();
        } catch (KrbException | RuntimeException e) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION,
                    "checksum type " + key.type().checksumType() + " is not available", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** RFC 3961 string-to-key. */
    static Krb5Key stringToKey(EncryptionType type, char[] password, String salt, byte[] s2kparams)
            throws NegotiateException {
        org.apache.kerby.kerberos.kerb.type.base.EncryptionType kt = kerbyType(type);
        try {
            EncryptionKey k = EncryptionHandler.string2Key(new String(password), salt, s2kparams, kt);
            try {
                return new Krb5Key(type, k.getKeyData());
            } finally {
                zero(k);
            }
        } catch (KrbException | RuntimeException e) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "string-to-key for " + type.krb5Name() + " failed", e);
        }
    }

    private static EncryptionKey kerbyKey(Krb5Key key) throws NegotiateException {
        byte[] raw = key.bytes();
        return new EncryptionKey(kerbyType(key.type()), raw);
    }

    private static org.apache.kerby.kerberos.kerb.type.base.EncryptionType kerbyType(EncryptionType type)
            throws NegotiateException {
        org.apache.kerby.kerberos.kerb.type.base.EncryptionType kt =
                org.apache.kerby.kerberos.kerb.type.base.EncryptionType.fromValue(type.id());
        if (kt == null || kt.getValue() != type.id() || !EncryptionHandler.isImplemented(kt)) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, type.krb5Name() + " is not implemented yet");
        }
        return kt;
    }

    private static void zero(EncryptionKey k) {
        if (k.getKeyData() != null) {
            Arrays.fill(k.getKeyData(), (byte) 0);
        }
    }
}
