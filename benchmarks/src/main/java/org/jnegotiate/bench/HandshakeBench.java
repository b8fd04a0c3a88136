package org.jnegotiate.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
 * Full Kerberos context establishment (AP-REQ, AP-REP, mutual authentication), bare or inside SPNEGO
 * ({@code mech}), initiator and acceptor in the same thread, through {@code org.ietf.jgss} with one provider: handshakes per second. Steady state: the service
 * ticket is obtained once in setup and the KDC is then <em>stopped</em>, so a provider that went back to the KDC
 * per handshake would fail instead of being measured. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is
 * the garbage per handshake (both sides).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {JvmFlags.SPI_EXPORT, JvmFlags.JGSS_EXPORT, JvmFlags.JGSS_OPEN, JvmFlags.XMS, JvmFlags.XMX})
public class HandshakeBench {
    /** Handshakes run in setup after the KDC is stopped, to prove the service ticket is cached. */
    private static final int PRIMING_HANDSHAKES = 2_000;

    @Param({GssProviders.SUN_JGSS, GssProviders.JNEGOTIATE})
    public String provider;

    /** {@code krb5}: the Kerberos mechanism; {@code spnego}: SPNEGO negotiating Kerberos (its overhead over krb5). */
    @Param({"krb5", "spnego"})
    public String mech;

    /** {@code default}: null credentials, taken from the Subject per context; {@code acquired}: created once. */
    @Param({"default", "acquired"})
    public String credentials;

    /**
     * The acceptor Subject's keytab: {@code bound} to the service principal, or {@code unbound} (JAAS
     * {@code principal="*"}), looked up by the ticket's server. Only {@code bound} by default; add
     * {@code -p serverKeyTab=bound,unbound} to compare.
     */
    @Param({"bound"})
    public String serverKeyTab;

    private KdcFixture fixture;
    private KerberosHandshake handshake;

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
        handshake = new KerberosHandshake(
                GssProviders.kerberosManager(provider),
                "spnego".equals(mech) ? GssProviders.SPNEGO : GssProviders.KRB5,
                fixture.clientSubject(),
                "unbound".equals(serverKeyTab) ? fixture.unboundServerSubject() : fixture.serverSubject(),
                KerberosHandshake.Credentials.valueOf(credentials.toUpperCase(Locale.ROOT)));
        KerberosHandshake.Pair first = handshake.establish(); // the only TGS exchange
        first.check(provider);
        first.dispose();
        fixture.stopKdc();
        for (int i = 0; i < PRIMING_HANDSHAKES; i++) {
            KerberosHandshake.Pair pair;
            try {
                pair = handshake.establish();
            } catch (Exception e) {
                throw new IllegalStateException(
                        provider + " with " + credentials + " credentials cannot establish "
                                + "a context with the KDC stopped (handshake " + (i + 1)
                                + " after the first): it does not "
                                + "reuse the service ticket but asks the KDC again",
                        e);
            }
            pair.dispose();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    @Threads(1)
    public Object handshake() throws Exception {
        KerberosHandshake.Pair pair = handshake.establish();
        pair.dispose();
        return pair;
    }

    /** Two threads sharing credentials, replay cache and provider state. PERF-BASELINE: give it 20 s of warm-up. */
    @Benchmark
    @Threads(2)
    @Warmup(iterations = 4, time = 5)
    public Object handshake2Threads() throws Exception {
        KerberosHandshake.Pair pair = handshake.establish();
        pair.dispose();
        return pair;
    }
}
