package org.jnegotiate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.jnegotiate.krb5.ReplayCache;
import org.jnegotiate.krb5.ReplayCaches;

/**
 * A soak run, not a JMH benchmark: N Kerberos (or SPNEGO) handshakes through JNegotiate's {@code org.ietf.jgss}
 * provider on T threads sharing the provider, the credentials and the replay cache (on, as by default), with the
 * embedded KDC of {@link KdcFixture} (stopped after the first handshake, as in {@link HandshakeBench}). It counts
 * the handshakes that fail (any exception, or a context not established) and prints the heap in use after a full
 * collection at the start, the middle and the end, beside the replay cache's size: every authenticator stays in it
 * for the skew window (at least 5 minutes), so over a short run the heap grows by the cache's 16 to 32 bytes per
 * handshake and by nothing else if nothing leaks. Last, it presents one accepted AP-REQ again to a fresh acceptor
 * and expects DUPLICATE_TOKEN, so that a run with the replay cache off cannot pass for one with it on.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java --add-exports=java.security.jgss/sun.security.jgss.spi=ALL-UNNAMED \
 *      --add-exports=java.security.jgss/sun.security.jgss=ALL-UNNAMED \
 *      --add-opens=java.security.jgss/sun.security.jgss=ALL-UNNAMED -Xmx512m \
 *      -cp benchmarks/target/jnegotiate-benchmarks.jar org.jnegotiate.bench.KerberosSoak [handshakes [threads [krb5|spnego]]]
 * </pre>
 * Defaults: 100,000 handshakes, 2 threads, krb5. Exit status 0 only with zero errors and the replay refused.
 */
public final class KerberosSoak {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private KerberosSoak() {}

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String mech = args.length > 2 ? args[2].toLowerCase(Locale.ROOT) : "krb5";
        Oid oid = "spnego".equals(mech) ? GssProviders.SPNEGO : GssProviders.KRB5;

        try (KdcFixture fixture = KdcFixture.start()) {
            GSSManager manager = GssProviders.kerberosManager(GssProviders.JNEGOTIATE);
            KerberosHandshake handshake = new KerberosHandshake(
                    manager,
                    oid,
                    fixture.clientSubject(),
                    fixture.serverSubject(),
                    KerberosHandshake.Credentials.DEFAULT);
            KerberosHandshake.Pair first = handshake.establish(); // the only TGS exchange
            first.check(GssProviders.JNEGOTIATE);
            first.dispose();
            fixture.stopKdc();

            System.out.printf(
                    "soak: %,d %s handshakes on %d threads, JNegotiate, replay cache on, KDC stopped%n",
                    total, mech, threads);
            long start = System.nanoTime();
            long[] heap = new long[3];
            heap[0] = usedAfterGc();
            AtomicLong done = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicReference<Throwable> firstError = new AtomicReference<>();
            int half = total / 2;
            runPhase(handshake, threads, half, done, errors, firstError);
            heap[1] = usedAfterGc();
            runPhase(handshake, threads, total - half, done, errors, firstError);
            long elapsed = System.nanoTime() - start;
            heap[2] = usedAfterGc();

            boolean replayRefused = replayIsRefused(handshake, manager, fixture);
            System.out.printf(
                    "handshakes: %,d, errors: %,d%s%n",
                    done.get(), errors.get(), firstError.get() == null ? "" : " (first: " + firstError.get() + ")");
            System.out.printf(
                    "time: %.1f s, %,.0f handshakes/s (GCs included)%n", elapsed / 1e9, done.get() / (elapsed / 1e9));
            System.out.printf(
                    "heap used after GC: start %.1f MB, middle %.1f MB, end %.1f MB%n",
                    heap[0] / 1e6, heap[1] / 1e6, heap[2] / 1e6);
            int remembered = ReplayCaches.existing(Clock.systemUTC())
                    .map(ReplayCache::size)
                    .orElse(0);
            System.out.printf(
                    "replay cache: %,d authenticators remembered (window %s); heap growth start to end "
                            + "%.1f bytes per remembered authenticator%n",
                    remembered,
                    ReplayCaches.existing(Clock.systemUTC())
                            .map(ReplayCache::window)
                            .orElse(null),
                    remembered == 0 ? 0.0 : (heap[2] - heap[0]) / (double) remembered);
            System.out.println("replayed AP-REQ refused with DUPLICATE_TOKEN: " + replayRefused);
            if (errors.get() != 0 || !replayRefused) {
                System.exit(1);
            }
        }
    }

    private static void runPhase(
            KerberosHandshake handshake,
            int threads,
            int count,
            AtomicLong done,
            AtomicLong errors,
            AtomicReference<Throwable> firstError)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int mine = count / threads + (t < count % threads ? 1 : 0);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < mine; i++) {
                        try {
                            KerberosHandshake.Pair pair = handshake.establish();
                            pair.dispose();
                        } catch (Exception | Error e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** One accepted AP-REQ presented again to a fresh acceptor: refused as a duplicate when the cache is on. */
    private static boolean replayIsRefused(KerberosHandshake handshake, GSSManager manager, KdcFixture fixture)
            throws Exception {
        GSSName target = manager.createName(KdcFixture.TARGET, GSSName.NT_HOSTBASED_SERVICE);
        GSSContext initiator = manager.createContext(target, handshake.mechanism(), null, GSSContext.DEFAULT_LIFETIME);
        initiator.requestMutualAuth(false);
        byte[] apReq = GssProviders.as(handshake.client(), () -> initiator.initSecContext(new byte[0], 0, 0));
        GSSContext accepted = manager.createContext((org.ietf.jgss.GSSCredential) null);
        GssProviders.as(handshake.server(), () -> accepted.acceptSecContext(apReq, 0, apReq.length));
        GSSContext again = manager.createContext((org.ietf.jgss.GSSCredential) null);
        try {
            GssProviders.as(handshake.server(), () -> again.acceptSecContext(apReq, 0, apReq.length));
            return false;
        } catch (GSSException e) {
            return e.getMajor() == GSSException.DUPLICATE_TOKEN;
        } finally {
            initiator.dispose();
            accepted.dispose();
            again.dispose();
        }
    }

    /** Heap in use after full collections (System.gc() in a loop until the figure settles). */
    private static long usedAfterGc() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
