package org.jnegotiate.krb5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The acceptor's replay cache for AP-REQ authenticators (RFC 4120 section 3.2.3): remembers
 * (client, ctime, cusec, encrypted authenticator) for as long as the authenticator could pass the clock-skew
 * check, and rejects a second presentation with {@link Failure#REPLAYED_TOKEN}. Thread-safe and shared by all
 * acceptor contexts of a mechanism.
 *
 * <p><b>Compact entries.</b> An entry is one 64-bit fingerprint: the first 8 bytes of SHA-256 over a per-cache
 * random 64-byte key followed by an unambiguous encoding of the four fields. Fingerprints sit in primitive
 * open-addressing hash sets ({@link LongSet}, load factor at most 1/2), so an entry costs 16 to 32 bytes of
 * table, about 22 on average (17 measured for a million), against about 120 for an object per entry. Two distinct authenticators that
 * share a fingerprint make the second one look like a replay: a collision costs <em>availability</em> (one
 * logon refused, the client retries with a fresh authenticator), <em>never</em> an accepted replay, since a
 * replay always has the fingerprint of its original. With {@code n} live entries the chance that a new
 * authenticator collides is {@code n / 2^64}, about 10^-12 at 16 million; the key is secret and random per
 * process, so an attacker cannot compute fingerprints offline to aim collisions at someone else's logon.
 *
 * <p><b>Expiry.</b> Entries live in time buckets of {@value #BUCKET_SECONDS} seconds of ctime. An authenticator
 * whose ctime is older than {@code now - skew} is refused by the skew check before it gets here, so a whole
 * bucket is dropped once its newest possible ctime is that old; purging is done by whichever thread first
 * notices that a second has passed, without a background thread and without scanning entries.
 *
 * <p><b>Concurrency.</b> Each bucket is split into {@value #STRIPES} stripes chosen by fingerprint bits, each a
 * {@link LongSet} guarded by its own lock, so threads recording different authenticators rarely wait for each
 * other, while two threads recording the same one meet on the same lock and exactly one of them wins. So
 * many stripes also keep tables small: at the default bound spread over 31 buckets a stripe holds about 8,000
 * entries in a table of 128 to 256 KB, under the half region from which G1 allocates arrays as humongous.
 *
 * <p><b>When full.</b> The cache holds at most {@code maxEntries}. When it is full a new authenticator is
 * <em>rejected</em> ({@link Failure#INSUFFICIENT_MEMORY}, logged) rather than an older entry evicted. Evicting
 * an entry that is still inside the skew window would let that authenticator be replayed, and an attacker who
 * can fill the cache could pick which ones; rejecting keeps the guarantee "no replay is ever accepted" and
 * degrades only availability. Filling the cache needs authenticators that decrypt (entries are added only after
 * the ticket and authenticator were verified), i.e. valid tickets, so the bound is reached only by real load,
 * which the operator can size for. The arithmetic of the default, {@value #DEFAULT_MAX_ENTRIES} entries: a
 * 300 s skew window plus one bucket holds 310 s of logons, so the bound admits about 51,000 logons per second
 * sustained; its tables take about 256 MB at load 1/2 and at most 512 MB just after every table has doubled
 * (about 350 MB on average), so the heap must allow for that if such load is expected; a lighter load takes
 * only what it uses, since tables grow on demand.
 */
public final class ReplayCache {
    static final int BUCKET_SECONDS = 10;
    static final int STRIPES = 64;
    /**
     * The default bound: about 51,000 logons per second over a 5-minute skew window, at 16 to 32 bytes per entry
     * (256 to 512 MB when full).
     */
    public static final int DEFAULT_MAX_ENTRIES = 16_000_000;

    private static final int STRIPE_BITS = 6;
    private static final int KEY_BYTES = 64; // one SHA-256 block: the keyed prefix is absorbed once and cloned
    private static final System.Logger LOG = System.getLogger(ReplayCache.class.getName());

    /** Only ever widened ({@link #widen}), so an entry is never forgotten while a sharer's skew still admits it. */
    private volatile long windowSeconds;

    private volatile int maxEntries;
    private final Clock clock;
    private final MessageDigest keyedPrefix;
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();
    /** A LongAdder: one shared counter written on every logon would bounce between cores. */
    private final LongAdder size = new LongAdder();

    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param window     the clock skew allowed by the acceptors that share this cache
     * @param maxEntries the hard bound on remembered authenticators (16 to 32 bytes each)
     * @param clock      dates the entries
     * @param random     draws the fingerprint key (the engine's randomness, {@link KerberosWorld#random()})
     */
    public ReplayCache(Duration window, int maxEntries, Clock clock, SecureRandom random) {
        if (window.isNegative() || maxEntries <= 0) {
            throw new IllegalArgumentException("window must be >= 0 and maxEntries > 0");
        }
        this.windowSeconds = window.toSeconds();
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        this.keyedPrefix = sha256();
        keyedPrefix.update(key);
        Arrays.fill(key, (byte) 0);
    }

    public ReplayCache(Duration window, Clock clock, SecureRandom random) {
        this(window, DEFAULT_MAX_ENTRIES, clock, random);
    }

    /**
     * Records an authenticator; fails with {@link Failure#REPLAYED_TOKEN} if it was recorded before, with
     * {@link Failure#TIME_SKEW} if it is older than the window and with {@link Failure#INSUFFICIENT_MEMORY} if
     * the cache is full.
     *
     * @param client                 the client principal ({@code name@REALM})
     * @param encryptedAuthenticator the authenticator's cipher text (tells two authenticators apart)
     */
    public void record(String client, Instant ctime, int cusec, byte[] encryptedAuthenticator)
            throws NegotiateException {
        long now = clock.instant().getEpochSecond();
        purgeIfDue(now);
        long ctimeSec = ctime.getEpochSecond();
        if (ctimeSec + windowSeconds < now) {
            // the acceptor's skew check refuses these first; refusing here too keeps expired buckets closed
            throw expired();
        }
        long fingerprint = fingerprint(client, ctimeSec, cusec, encryptedAuthenticator);
        Bucket bucket = buckets.computeIfAbsent(Math.floorDiv(ctimeSec, BUCKET_SECONDS), b -> new Bucket());
        Stripe stripe = bucket.stripes[(int) (fingerprint >>> (Long.SIZE - STRIPE_BITS))];
        synchronized (stripe) {
            if (stripe.closed) {
                // purged between our skew check and here: the clock moved past this bucket meanwhile
                throw expired();
            }
            if (stripe.set.contains(fingerprint)) {
                throw new NegotiateException(
                        Failure.REPLAYED_TOKEN,
                        "the authenticator of " + client + " was already presented (replayed AP-REQ)");
            }
            size.increment();
            if (size.sum() > maxEntries) { // under concurrency the bound may be passed by a few entries
                size.decrement();
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Kerberos replay cache full ({0} entries): refusing a new "
                                + "authenticator rather than forgetting one that could be replayed",
                        maxEntries);
                throw new NegotiateException(
                        Failure.INSUFFICIENT_MEMORY,
                        "the Kerberos replay cache is full (" + maxEntries + " authenticators in the last "
                                + windowSeconds + " s); retry later");
            }
            stripe.set.add(fingerprint);
        }
    }

    /**
     * Widens the policy to at least {@code window} and {@code maxEntries}, for a cache shared by acceptors of
     * several configurations ({@link ReplayCaches}): the widest skew decides how long an entry is kept, so that
     * no sharer's skew check lets in an authenticator the cache has already dropped; the largest bound wins, so
     * that no sharer is refused below the bound it was configured with. Never narrows.
     */
    public synchronized void widen(Duration window, int maxEntries) {
        if (window.isNegative() || maxEntries <= 0) {
            throw new IllegalArgumentException("window must be >= 0 and maxEntries > 0");
        }
        windowSeconds = Math.max(windowSeconds, window.toSeconds());
        this.maxEntries = Math.max(this.maxEntries, maxEntries);
    }

    /** The clock skew window: how long an authenticator is remembered. */
    public Duration window() {
        return Duration.ofSeconds(windowSeconds);
    }

    /** The most authenticators remembered at once. */
    public int maxEntries() {
        return maxEntries;
    }

    /** The clock that dates the entries. */
    public Clock clock() {
        return clock;
    }

    /** How many authenticators are remembered. */
    public int size() {
        return (int) size.sum();
    }

    private static NegotiateException expired() {
        return new NegotiateException(Failure.TIME_SKEW, "authenticator older than the clock-skew window");
    }

    private void purgeIfDue(long now) {
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + 1)) {
            return;
        }
        for (Iterator<Map.Entry<Long, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Bucket> e = it.next();
            long newestCtime = (e.getKey() + 1) * BUCKET_SECONDS;
            if (newestCtime + windowSeconds < now) {
                it.remove();
                size.add(-e.getValue().close());
            }
        }
    }

    /** The first 8 bytes of SHA-256(key || len(client) || client || ctime || cusec || cipher). */
    private long fingerprint(String client, long ctimeSec, int cusec, byte[] encryptedAuthenticator) {
        byte[] name = client.getBytes(StandardCharsets.UTF_8);
        MessageDigest md = keyedDigest();
        md.update(ByteBuffer.allocate(Integer.BYTES + name.length + Long.BYTES + Integer.BYTES)
                .putInt(name.length)
                .put(name)
                .putLong(ctimeSec)
                .putInt(cusec)
                .array());
        md.update(encryptedAuthenticator);
        return ByteBuffer.wrap(md.digest()).getLong();
    }

    private MessageDigest keyedDigest() {
        try {
            return (MessageDigest) keyedPrefix.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** The fingerprints of one {@value #BUCKET_SECONDS}-second span of ctime. */
    private static final class Bucket {
        final Stripe[] stripes = new Stripe[STRIPES];

        Bucket() {
            for (int i = 0; i < STRIPES; i++) {
                stripes[i] = new Stripe();
            }
        }

        /** Closes every stripe to late writers and returns how many entries the bucket held. */
        int close() {
            int held = 0;
            for (Stripe s : stripes) {
                synchronized (s) {
                    s.closed = true;
                    held += s.set.size();
                }
            }
            return held;
        }
    }

    /** One lock's worth of a bucket; fields guarded by the stripe itself. */
    private static final class Stripe {
        final LongSet set = new LongSet();
        boolean closed;
    }

    /**
     * A set of {@code long}s without boxing: open addressing with linear probing in a table kept at most half
     * full, so a member costs 16 to 32 bytes. No removal (the cache drops whole sets). Not thread-safe.
     *
     * <p>Tables hold {@code 2^k - 2} slots, so that with the array header a table takes exactly {@code 2^(k+3)}
     * bytes: G1 puts an array of half a region or more in whole regions of its own, and a power-of-two slot
     * count would waste most of its last region (measured: 33 instead of 17 bytes per entry).
     */
    static final class LongSet {
        static final int INITIAL_CAPACITY = 14;
        static final int MAX_CAPACITY = (1 << 30) - 2;
        private static final long EMPTY = 0L; // 0 itself is tracked by a flag

        private long[] table = new long[INITIAL_CAPACITY];
        private int members; // excluding 0
        private boolean hasZero;

        /** Adds {@code value}; returns false if it was already present. */
        boolean add(long value) {
            if (value == EMPTY) {
                boolean added = !hasZero;
                hasZero = true;
                return added;
            }
            for (int i = slot(value, table.length); ; i = next(i)) {
                long v = table[i];
                if (v == value) {
                    return false;
                }
                if (v == EMPTY) {
                    table[i] = value;
                    if (++members > table.length / 2) {
                        grow();
                    }
                    return true;
                }
            }
        }

        boolean contains(long value) {
            if (value == EMPTY) {
                return hasZero;
            }
            for (int i = slot(value, table.length); ; i = next(i)) {
                long v = table[i];
                if (v == value) {
                    return true;
                }
                if (v == EMPTY) {
                    return false;
                }
            }
        }

        int size() {
            return members + (hasZero ? 1 : 0);
        }

        int capacity() {
            return table.length;
        }

        /**
         * The home slot: the high half of a Fibonacci-hashed product (so that sequential values spread too),
         * scaled to {@code [0, capacity)} by a multiply instead of a mask.
         */
        static int slot(long value, int capacity) {
            long mixed = (value * 0x9E3779B97F4A7C15L) >>> 32;
            return (int) ((mixed * capacity) >>> 32);
        }

        private int next(int i) {
            return i + 1 == table.length ? 0 : i + 1;
        }

        private void grow() {
            if (table.length >= MAX_CAPACITY) {
                throw new IllegalStateException("LongSet cannot grow beyond " + MAX_CAPACITY + " slots");
            }
            long[] old = table;
            table = new long[(old.length + 2) * 2 - 2];
            for (long v : old) {
                if (v != EMPTY) {
                    int i = slot(v, table.length);
                    while (table[i] != EMPTY) {
                        i = next(i);
                    }
                    table[i] = v;
                }
            }
        }
    }
}
