package org.jnegotiate.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.MessageProp;
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

/**
 * Per-message protection on an established Kerberos context (aes256-cts-hmac-sha1-96 session key, RFC 4121
 * tokens): {@code wrapUnwrap} is one wrap with confidentiality by the initiator plus one unwrap by the acceptor;
 * {@code micVerify} is one getMIC plus one verifyMIC (integrity only). ops/s, and MB/s of payload in the
 * secondary result {@code :megabytes}. Compare with {@link JcaCeilingBench} at the same sizes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Threads(1)
@Fork(
        value = 1,
        jvmArgsAppend = {JvmFlags.SPI_EXPORT, JvmFlags.JGSS_EXPORT, JvmFlags.JGSS_OPEN, JvmFlags.XMS, JvmFlags.XMX})
public class WrapBench {
    @Param({GssProviders.SUN_JGSS, GssProviders.JNEGOTIATE})
    public String provider;

    @Param({Payloads.KIB, Payloads.SIXTY_FOUR_KIB, Payloads.MIB})
    public int size;

    private KdcFixture fixture;
    private GSSContext initiator;
    private GSSContext acceptor;
    private byte[] payload;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = KdcFixture.start();
        try {
            prepare();
        } catch (Exception | Error e) {
            tearDown(); // JMH skips @TearDown after a failed @Setup: stop the KDC threads here
            throw e;
        }
    }

    private void prepare() throws Exception {
        KerberosHandshake handshake = new KerberosHandshake(
                GssProviders.kerberosManager(provider),
                GssProviders.KRB5,
                fixture.clientSubject(),
                fixture.serverSubject(),
                KerberosHandshake.Credentials.DEFAULT);
        KerberosHandshake.Pair pair = handshake.establish();
        pair.check(provider);
        initiator = pair.initiator();
        acceptor = pair.acceptor();
        payload = Payloads.random(size);
        checkRoundTrip(payload);
        byte[] small = Payloads.random(Payloads.PREWARM_SIZE);
        for (int i = 0; i < Payloads.PREWARM_OPERATIONS; i++) {
            wrapUnwrap(small);
            micVerify(small);
        }
    }

    private void checkRoundTrip(byte[] data) throws GSSException {
        MessageProp sent = new MessageProp(0, true);
        byte[] token = initiator.wrap(data, 0, data.length, sent);
        MessageProp received = new MessageProp(0, false);
        byte[] back = acceptor.unwrap(token, 0, token.length, received);
        if (!sent.getPrivacy() || !received.getPrivacy() || !Arrays.equals(back, data)) {
            throw new IllegalStateException(provider + ": wrap/unwrap with confidentiality did not round-trip");
        }
        micVerify(data);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws GSSException {
        if (initiator != null) {
            initiator.dispose();
            acceptor.dispose();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public byte[] wrapUnwrap(PayloadCounter counter) throws GSSException {
        counter.add(size);
        return wrapUnwrap(payload);
    }

    @Benchmark
    public byte[] micVerify(PayloadCounter counter) throws GSSException {
        counter.add(size);
        return micVerify(payload);
    }

    private byte[] wrapUnwrap(byte[] data) throws GSSException {
        byte[] token = initiator.wrap(data, 0, data.length, new MessageProp(0, true));
        return acceptor.unwrap(token, 0, token.length, new MessageProp(0, false));
    }

    private byte[] micVerify(byte[] data) throws GSSException {
        byte[] mic = initiator.getMIC(data, 0, data.length, new MessageProp(0, false));
        acceptor.verifyMIC(mic, 0, mic.length, data, 0, data.length, new MessageProp(0, false));
        return mic;
    }
}
