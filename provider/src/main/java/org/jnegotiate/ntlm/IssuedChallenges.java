package org.jnegotiate.ntlm;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.ntlm.messages.FileTime;

/**
 * The server challenges this JVM's NTLM acceptors have issued and not yet seen answered. Two jobs:
 * <ul>
 * <li><b>Reflection</b> (MS08-068): an attacker who passes a client's NEGOTIATE_MESSAGE to an acceptor of the
 * client's own process, and the CHALLENGE back to the client, would have the client compute an AUTHENTICATE for its
 * own process; Windows keeps such a table of recent challenges and its client refuses one it finds there. So does
 * {@link NtlmInitiator}, unless its target names a host of the issuing acceptor (the client meant to talk to this
 * very service: in-process loopback, which an attacker gains nothing from).</li>
 * <li><b>Stateless servers</b>: a server that opens a new acceptor context for every HTTP request (Tomcat's
 * SpnegoAuthenticator) hands the AUTHENTICATE to a fresh context. That context finds the handshake here by the
 * MsvAvTimestamp of the CHALLENGE, which every NTLMv2 client copies into its response blob (MS-NLMP 3.1.5.1.2) and
 * which the NTProofStr covers; this table makes that timestamp unique per challenge ({@link #timestamp}).</li>
 * </ul>
 *
 * <p>Each handshake completes at most once: the context that issued it completes it through {@link #completeOwn}, a
 * fresh context through {@link #consume}, and either takes it out of the table, the first atomically marking its
 * timestamp used (remembered {@link #LIFETIME} after its use), so the second, or a replay, is refused. Bounded: at
 * most {@link #MAX_ENTRIES} pending handshakes (a flood forgets the oldest pending, never a used one; a NEGOTIATE
 * larger than {@link #MAX_KEPT_NEGOTIATE} bytes is not kept, so its handshake cannot be resumed) and at most
 * {@link #MAX_ENTRIES} used timestamps (when full, resumption is refused rather than a used one forgotten);
 * everything pending expires {@link #LIFETIME} after it was issued. Thread-safe; the clock is the caller's.
 */
final class IssuedChallenges {
    /** The one table of this JVM. */
    static final IssuedChallenges JVM = new IssuedChallenges();

    static final int MAX_ENTRIES = 65_536;
    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** The largest NEGOTIATE_MESSAGE kept for a resumption (clients send 32 to about 100 bytes). */
    static final int MAX_KEPT_NEGOTIATE = 512;

    /** What a fresh acceptor needs to finish a handshake another one began; the arrays are the table's own. */
    record Pending(
            long timestamp,
            byte[] serverChallenge,
            ServiceBinding issuer,
            Instant at,
            byte[] negotiate,
            byte[] challenge,
            byte[] outerState) {}

    /** How {@link #consume} went. */
    enum Consumed {
        OK,
        UNKNOWN,
        ALREADY_USED,
        TABLE_FULL
    }

    private static final class Entry {
        final long challengeKey;
        final long timestamp;
        final Instant at;
        final ServiceBinding issuer;
        final byte[] negotiate;
        final byte[] challenge;
        byte[] outerState;

        Entry(
                long challengeKey,
                long timestamp,
                Instant at,
                ServiceBinding issuer,
                byte[] negotiate,
                byte[] challenge) {
            this.challengeKey = challengeKey;
            this.timestamp = timestamp;
            this.at = at;
            this.issuer = issuer;
            this.negotiate = negotiate;
            this.challenge = challenge;
        }
    }

    /** Pending handshakes by server challenge, in issue order (the reflection index and the eviction order). */
    private final LinkedHashMap<Long, Entry> byChallenge = new LinkedHashMap<>();
    /** The same entries by their unique MsvAvTimestamp. */
    private final HashMap<Long, Entry> byTimestamp = new HashMap<>();
    /** Timestamps of resumed handshakes, with the time of their use, in that order. */
    private final LinkedHashMap<Long, Instant> used = new LinkedHashMap<>();

    private long lastTimestamp;
    private static final long TICKS_PER_SECOND = 10_000_000L;

    /**
     * A FILETIME for the next CHALLENGE's MsvAvTimestamp: {@code now}, moved on by a tick (100 ns) at a time while it
     * is not later than the last one given (within a second: the clock itself may be another one, as in tests) or
     * belongs to a pending or used handshake, so that no two live challenges of this JVM carry the same timestamp.
     */
    synchronized long timestamp(Instant now) {
        long t = FileTime.fromInstant(now);
        if (t <= lastTimestamp && lastTimestamp - t < TICKS_PER_SECOND) {
            t = lastTimestamp + 1;
        }
        while (byTimestamp.containsKey(t) || used.containsKey(t)) {
            t++;
        }
        lastTimestamp = t;
        return t;
    }

    /** Records a challenge an acceptor of this process sends (for the reflection check only: not resumable). */
    void issue(byte[] serverChallenge, ServiceBinding issuer, Instant now) {
        issue(serverChallenge, timestamp(now), issuer, now, null, null);
    }

    /**
     * Records a challenge an acceptor of this process sends, with the messages a resumption needs ({@code negotiate}
     * is not kept when longer than {@link #MAX_KEPT_NEGOTIATE}).
     */
    synchronized void issue(
            byte[] serverChallenge,
            long timestamp,
            ServiceBinding issuer,
            Instant now,
            byte[] negotiate,
            byte[] challenge) {
        expire(now);
        while (byChallenge.size() >= MAX_ENTRIES) {
            Iterator<Entry> oldest = byChallenge.values().iterator();
            byTimestamp.remove(oldest.next().timestamp);
            oldest.remove();
        }
        boolean keep = negotiate != null && challenge != null && negotiate.length <= MAX_KEPT_NEGOTIATE;
        Entry e = new Entry(
                key(serverChallenge),
                timestamp,
                now,
                issuer,
                keep ? negotiate.clone() : null,
                keep ? challenge.clone() : null);
        Entry previous = byChallenge.put(e.challengeKey, e);
        if (previous != null) {
            byTimestamp.remove(previous.timestamp);
        }
        byTimestamp.put(timestamp, e);
    }

    /** Keeps what an outer negotiation (SPNEGO) needs to finish the handshake of {@code timestamp}. */
    synchronized void keepOuterState(long timestamp, byte[] state) {
        Entry e = byTimestamp.get(timestamp);
        if (e != null) {
            e.outerState = state.clone();
        }
    }

    /** Forgets a challenge whose handshake failed in its own context. */
    synchronized void withdraw(byte[] serverChallenge) {
        Entry e = byChallenge.remove(key(serverChallenge));
        if (e != null) {
            byTimestamp.remove(e.timestamp);
        }
    }

    /** The acceptor of this process that issued {@code serverChallenge}, if one did recently. */
    synchronized Optional<ServiceBinding> issuer(byte[] serverChallenge, Instant now) {
        expire(now);
        Entry e = byChallenge.get(key(serverChallenge));
        return e == null ? Optional.empty() : Optional.of(e.issuer);
    }

    /** The resumable handshake whose CHALLENGE carried {@code timestamp}, if there is one. */
    synchronized Optional<Pending> resumable(long timestamp, Instant now) {
        expire(now);
        Entry e = byTimestamp.get(timestamp);
        if (e == null || e.negotiate == null) {
            return Optional.empty();
        }
        return Optional.of(new Pending(
                e.timestamp,
                unkey(e.challengeKey),
                e.issuer,
                e.at,
                e.negotiate.clone(),
                e.challenge.clone(),
                e.outerState == null ? null : e.outerState.clone()));
    }

    /** Whether the handshake of {@code timestamp} was already resumed (and has not expired since). */
    synchronized boolean wasUsed(long timestamp, Instant now) {
        expire(now);
        return used.containsKey(timestamp);
    }

    /**
     * Takes the resumable handshake of {@code timestamp} out of the table, once its AUTHENTICATE verified: the
     * second of two contexts racing with the same AUTHENTICATE gets {@link Consumed#ALREADY_USED}.
     */
    synchronized Consumed consume(long timestamp, Instant now) {
        expire(now);
        if (used.containsKey(timestamp)) {
            return Consumed.ALREADY_USED;
        }
        Entry e = byTimestamp.get(timestamp);
        if (e == null || e.negotiate == null) {
            return Consumed.UNKNOWN;
        }
        if (used.size() >= MAX_ENTRIES) {
            return Consumed.TABLE_FULL;
        }
        byTimestamp.remove(timestamp);
        byChallenge.remove(e.challengeKey);
        used.put(timestamp, now); // kept until LIFETIME after its use, past the handshake's own expiry
        return Consumed.OK;
    }

    /**
     * The context that issued the challenge of {@code timestamp} has verified its AUTHENTICATE: takes the handshake
     * out of the table, or says {@link Consumed#ALREADY_USED} when a fresh context completed it first.
     */
    synchronized Consumed completeOwn(long timestamp, byte[] serverChallenge, Instant now) {
        expire(now);
        if (used.containsKey(timestamp)) {
            return Consumed.ALREADY_USED;
        }
        withdraw(serverChallenge);
        return Consumed.OK;
    }

    /** Pending handshakes. */
    synchronized int size() {
        return byChallenge.size();
    }

    /** Used timestamps still remembered. */
    synchronized int usedSize() {
        return used.size();
    }

    private void expire(Instant now) {
        Instant limit = now.minus(LIFETIME);
        for (Iterator<Entry> it = byChallenge.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.at.isBefore(limit)) {
                break; // insertion order is issue order (clocks permitting): the rest are younger
            }
            byTimestamp.remove(e.timestamp);
            it.remove();
        }
        for (Iterator<Map.Entry<Long, Instant>> it = used.entrySet().iterator(); it.hasNext(); ) {
            if (!it.next().getValue().isBefore(limit)) {
                break;
            }
            it.remove();
        }
    }

    private static long key(byte[] c) {
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (c[i] & 0xff);
        }
        return k;
    }

    private static byte[] unkey(long k) {
        byte[] c = new byte[8];
        for (int i = 7; i >= 0; i--, k >>>= 8) {
            c[i] = (byte) k;
        }
        return c;
    }
}
