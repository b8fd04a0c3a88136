package org.jnegotiate.krb5;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The acceptor's replay cache for AP-REQ authenticators (RFC 4120 section 3.2.3): remembers
 * (client, ctime, cusec, hash of the encrypted authenticator) for as long as the authenticator could pass the
 * clock-skew check, and rejects a second presentation with {@link Failure#REPLAYED_TOKEN}. Thread-safe and
 * shared by all acceptor contexts of a mechanism.
 *
 * <p><b>Expiry.</b> Entries live in time buckets of {@value #BUCKET_SECONDS} seconds of ctime. An authenticator
 * whose ctime is older than {@code now - skew} is refused by the skew check before it gets here, so a whole
 * bucket is dropped once its newest possible ctime is that old; purging is done by whichever thread first
 * notices that a bucket boundary has passed, without a background thread and without scanning entries.
 *
 * <p><b>When full.</b> The cache holds at most {@code maxEntries}. When it is full a new authenticator is
 * <em>rejected</em> ({@link Failure#INSUFFICIENT_MEMORY}, logged) rather than an older entry evicted. Evicting
 * an entry that is still inside the skew window would let that authenticator be replayed, and an attacker who
 * can fill the cache could pick which ones; rejecting keeps the guarantee "no replay is ever accepted" and
 * degrades only availability. Filling the cache needs authenticators that decrypt (entries are added only after
 * the ticket and authenticator were verified), i.e. valid tickets, so the size bound (default one million
 * entries, about 3,300 logons per second sustained over a 5-minute window) is reached only by real load, which
 * the operator can then size for.
 */
public final class ReplayCache {
    static final int BUCKET_SECONDS = 10;
    /** The default bound; each entry costs about 120 bytes. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;
    private static final System.Logger LOG = System.getLogger(ReplayCache.class.getName());

    private final long windowSeconds;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<Long, Set<Key>> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param window     the clock skew allowed by the acceptors that share this cache
     * @param maxEntries the hard bound on remembered authenticators
     */
    public ReplayCache(Duration window, int maxEntries, Clock clock) {
        if (window.isNegative() || maxEntries <= 0) {
            throw new IllegalArgumentException("window must be >= 0 and maxEntries > 0");
        }
        this.windowSeconds = window.toSeconds();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public ReplayCache(Duration window, Clock clock) {
        this(window, DEFAULT_MAX_ENTRIES, clock);
    }

    /**
     * Records an authenticator; fails with {@link Failure#REPLAYED_TOKEN} if it was recorded before.
     *
     * @param client              the client principal ({@code name@REALM})
     * @param encryptedAuthenticator the authenticator's cipher text (its hash tells two authenticators apart)
     */
    public void record(String client, Instant ctime, int cusec, byte[] encryptedAuthenticator)
            throws NegotiateException {
        long now = clock.instant().getEpochSecond();
        purgeIfDue(now);
        long ctimeSec = ctime.getEpochSecond();
        if (ctimeSec + windowSeconds < now) {
            // the acceptor's skew check refuses these first; refusing here too keeps expired buckets closed
            throw new NegotiateException(Failure.TIME_SKEW, "authenticator older than the clock-skew window");
        }
        Key key = new Key(client, ctimeSec, cusec, digest(encryptedAuthenticator));
        if (size.incrementAndGet() > maxEntries) {
            size.decrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "Kerberos replay cache full ({0} entries): refusing a new "
                    + "authenticator rather than forgetting one that could be replayed", maxEntries);
            throw new NegotiateException(Failure.INSUFFICIENT_MEMORY, "the Kerberos replay cache is full ("
                    + maxEntries + " authenticators in the last " + windowSeconds + " s); retry later");
        }
        Set<Key> bucket = buckets.computeIfAbsent(Math.floorDiv(ctimeSec, BUCKET_SECONDS),
                b -> ConcurrentHashMap.newKeySet());
        if (!bucket.add(key)) {
            size.decrementAndGet();
            throw new NegotiateException(Failure.REPLAYED_TOKEN, "the authenticator of " + client
                    + " was already presented (replayed AP-REQ)");
        }
    }

    /** How many authenticators are remembered. */
    public int size() {
        return size.get();
    }

    private void purgeIfDue(long now) {
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + 1)) {
            return;
        }
        for (Iterator<Map.Entry<Long, Set<Key>>> it = buckets.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Set<Key>> e = it.next();
            long newestCtime = (e.getKey() + 1) * BUCKET_SECONDS;
            if (newestCtime + windowSeconds < now) {
                it.remove();
                // a thread that added to this bucket after its expiry added an authenticator that the skew
                // check refuses anyway; its count is released here with the rest
                size.addAndGet(-e.getValue().size());
            }
        }
    }

    private static Hash digest(byte[] data) {
        try {
            ByteBuffer h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(data));
            return new Hash(h.getLong(), h.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** 128 bits of SHA-256: collisions between distinct authenticators are not a practical concern. */
    private record Hash(long high, long low) {
    }

    private record Key(String client, long ctime, int cusec, Hash hash) {
    }
}
