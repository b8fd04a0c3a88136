package org.jnegotiate.krb5;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumHandler;
import org.apache.kerby.kerberos.kerb.crypto.CheckSumTypeHandler;
import org.apache.kerby.kerberos.kerb.crypto.EncTypeHandler;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * An independent RFC 3961 implementation for the context tests: Kerby's kerb-crypto (AES-SHA1 only).
 * Using a second implementation also cross-checks the project's own crypto when both are run.
 */
final class KerbyTestCrypto implements KerberosCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Every cipher created, so that tests can check that contexts destroy theirs. */
    final java.util.List<KerbyCipher> created = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Krb5Cipher cipher(Krb5Key key) throws NegotiateException {
        KerbyCipher c = new KerbyCipher(key);
        created.add(c);
        return c;
    }

    @Override
    public Krb5Key randomKey(EncryptionType type) {
        byte[] b = new byte[type.keyLength()];
        RANDOM.nextBytes(b);
        return new Krb5Key(type, b);
    }

    @Override
    public long randomSequenceNumber() {
        return RANDOM.nextInt() >>> 2;
    }

    static final class KerbyCipher implements Krb5Cipher {
        private final EncryptionType type;
        private final byte[] key;
        private final EncTypeHandler enc;
        private final CheckSumTypeHandler cks;
        volatile boolean destroyed;

        KerbyCipher(Krb5Key k) throws NegotiateException {
            this.type = k.type();
            this.key = k.bytes();
            try {
                this.enc = EncryptionHandler.getEncHandler(type.id());
                this.cks = CheckSumHandler.getCheckSumHandler(type.checksumType());
            } catch (KrbException e) {
                throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "Kerby lacks " + type, e);
            }
        }

        @Override
        public EncryptionType type() {
            return type;
        }

        @Override
        public byte[] encrypt(int usage, byte[] plain, int offset, int length) {
            try {
                return enc.encrypt(Arrays.copyOfRange(plain, offset, offset + length), key, usage);
            } catch (KrbException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public byte[] decrypt(int usage, byte[] cipher, int offset, int length) throws NegotiateException {
            if (length < encryptionOverhead()) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "cipher text too short");
            }
            try {
                return enc.decrypt(Arrays.copyOfRange(cipher, offset, offset + length), key, usage);
            } catch (KrbException | RuntimeException e) {
                throw new NegotiateException(Failure.MESSAGE_ALTERED, "integrity check failed", e);
            }
        }

        @Override
        public byte[] checksum(int usage, byte[] data, int offset, int length) {
            try {
                return cks.checksumWithKey(data, offset, length, key, usage);
            } catch (KrbException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void verifyChecksum(int usage, byte[] data, int offset, int length, byte[] expected)
                throws NegotiateException {
            if (!MessageDigest.isEqual(checksum(usage, data, offset, length), expected)) {
                throw new NegotiateException(Failure.MESSAGE_ALTERED, "checksum mismatch");
            }
        }

        @Override
        public int encryptionOverhead() {
            return enc.confounderSize() + enc.checksumSize();
        }

        @Override
        public void destroy() {
            Arrays.fill(key, (byte) 0);
            destroyed = true;
        }
    }
}
