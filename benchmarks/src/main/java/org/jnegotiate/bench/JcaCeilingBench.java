package org.jnegotiate.bench;

import java.security.SecureRandom;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The crypto under a wrap token, without GSS-API or a KDC: RFC 3961 encrypt plus decrypt of the plaintext a
 * confidential RFC 4121 wrap token encrypts (the payload and the 16-byte token header), key usage 24
 * (KG-USAGE-INITIATOR-SEAL). {@code jcaCeiling} is the same work written directly on SunJCE with cached keys,
 * ciphers and MAC ({@link JcaKerberosCeiling}); {@code jnegotiateCrypto} is JNegotiate's crypto layer
 * ({@code Krb5Ciphers.of(key, random)}). Both enctypes, including the RFC 8009 one Kerby cannot issue. MB/s of
 * payload in the secondary result {@code :megabytes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX})
public class JcaCeilingBench {
    /** The randomness production hands in. */
    private static final SecureRandom RANDOM = KerberosWorld.real().random();
    /** RFC 4121 section 2: KG-USAGE-INITIATOR-SEAL. */
    static final int INITIATOR_SEAL = 24;
    /** RFC 4121 wrap tokens with confidentiality encrypt a copy of their 16-byte header after the data. */
    static final int WRAP_HEADER = 16;

    @Param({JcaKerberosCeiling.AES256_SHA1, JcaKerberosCeiling.AES256_SHA384})
    public String enctype;

    @Param({Payloads.KIB, Payloads.SIXTY_FOUR_KIB, Payloads.MIB})
    public int size;

    private JcaKerberosCeiling ceiling;
    private Krb5Cipher jnegotiate;
    private byte[] plain;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws NegotiateException {
        EncryptionType type = JcaKerberosCeiling.AES256_SHA1.equals(enctype)
                ? EncryptionType.AES256_CTS_HMAC_SHA1_96
                : EncryptionType.AES256_CTS_HMAC_SHA384_192;
        Krb5Key key = StringToKey.randomKey(type, RANDOM);
        byte[] keyBytes = key.bytes();
        ceiling = new JcaKerberosCeiling(enctype, keyBytes, INITIATOR_SEAL);
        Arrays.fill(keyBytes, (byte) 0);
        jnegotiate = Krb5Ciphers.of(key, RANDOM);
        key.destroy();
        plain = Payloads.random(size + WRAP_HEADER);
        crossCheck(plain);
        byte[] small = Payloads.random(Payloads.PREWARM_SIZE + WRAP_HEADER);
        boolean measuringCeiling = params.getBenchmark().endsWith(".jcaCeiling");
        for (int i = 0; i < Payloads.PREWARM_OPERATIONS; i++) {
            if (measuringCeiling) {
                ceilingRoundTrip(small);
            } else {
                jnegotiateRoundTrip(small);
            }
        }
    }

    /** Each side decrypts what the other encrypted: proof that the ceiling does the same RFC work. */
    private void crossCheck(byte[] data) throws NegotiateException {
        byte[] fromJnegotiate = jnegotiate.encrypt(INITIATOR_SEAL, data, 0, data.length);
        byte[] fromCeiling = ceiling.encrypt(data, 0, data.length);
        if (fromJnegotiate.length != fromCeiling.length
                || !Arrays.equals(ceiling.decrypt(fromJnegotiate, 0, fromJnegotiate.length), data)
                || !Arrays.equals(jnegotiate.decrypt(INITIATOR_SEAL, fromCeiling, 0, fromCeiling.length), data)) {
            throw new IllegalStateException("the JCA ceiling and JNegotiate's " + enctype + " disagree");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        jnegotiate.destroy();
    }

    @Benchmark
    public byte[] jcaCeiling(PayloadCounter counter) {
        counter.add(size);
        return ceilingRoundTrip(plain);
    }

    @Benchmark
    public byte[] jnegotiateCrypto(PayloadCounter counter) throws NegotiateException {
        counter.add(size);
        return jnegotiateRoundTrip(plain);
    }

    private byte[] ceilingRoundTrip(byte[] data) {
        byte[] c = ceiling.encrypt(data, 0, data.length);
        return ceiling.decrypt(c, 0, c.length);
    }

    private byte[] jnegotiateRoundTrip(byte[] data) throws NegotiateException {
        byte[] c = jnegotiate.encrypt(INITIATOR_SEAL, data, 0, data.length);
        return jnegotiate.decrypt(INITIATOR_SEAL, c, 0, c.length);
    }
}
