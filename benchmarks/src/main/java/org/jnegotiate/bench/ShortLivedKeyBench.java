package org.jnegotiate.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.jnegotiate.krb5.KerberosWorld;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.crypto.StringToKey;
import org.jnegotiate.mech.NegotiateException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The life of a context's key in the crypto layer alone, as a handshake lives it: a fresh random key, its cipher,
 * one small encrypt and decrypt of one usage (usage keys derived, engines keyed), then destroyed (engines recycled to
 * the thread's spares, which the next key re-keys). Isolates what engine recycling costs per key, which the
 * handshake benchmarks show only beside the ASN.1, the replay cache and the GSS framework.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX})
public class ShortLivedKeyBench {
    /** The randomness production hands in. */
    private static final SecureRandom RANDOM = KerberosWorld.real().random();
    /** An AP-REQ authenticator's size. */
    private final byte[] plain = Payloads.random(120);

    @Benchmark
    public byte[] keyEncryptDecryptDestroy() throws NegotiateException {
        Krb5Key key = StringToKey.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96, RANDOM);
        Krb5Cipher cipher = Krb5Ciphers.of(key, RANDOM);
        try {
            byte[] sealed = cipher.encrypt(11, plain, 0, plain.length);
            return cipher.decrypt(11, sealed, 0, sealed.length);
        } finally {
            cipher.destroy();
            key.destroy();
        }
    }
}
