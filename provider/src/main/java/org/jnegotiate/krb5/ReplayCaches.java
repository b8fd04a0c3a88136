package org.jnegotiate.krb5;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The replay caches of this JVM: one per clock, shared by every Kerberos acceptor of every engine, so that an
 * AP-REQ accepted by one engine (or one reload of krb5.conf, or one door) is refused by all the others.
 * Production engines all run on the system clock and therefore share one cache; a test that brings its own clock
 * gets a cache of its own, isolated from the rest of the JVM (entries are dated by that clock, so mixing clocks
 * in one cache would make expiry meaningless anyway).
 *
 * <p><b>One cache for all acceptor principals, not one per principal.</b> The ticket's sname is sent in the
 * clear (RFC 4120 section 5.3: only EncTicketPart is encrypted, and it does not name the server), so a cache
 * chosen by the AP-REQ's server name could be dodged: an attacker who captured an AP-REQ for {@code HTTP/a} sends
 * it again with sname {@code HTTP/b}, and whenever both names share a key (an Active Directory account with
 * several SPNs, the usual case of a keytab made by ktpass or msktutil) the ticket still decrypts and the replay
 * lands in a cache that never saw it. With one cache it is refused whatever name it carries; entries still never
 * collide between principals, since each holds the encrypted authenticator, different under every session key.
 * MIT krb5 1.18 and later do the same (one {@code file2} replay cache per process user, keyed by authenticator).
 * The price is that the bound on entries is shared by every service of the JVM.
 *
 * <p><b>Policy.</b> The first acceptor to ask creates the cache with its window and bound; a later one with a
 * wider window or a larger bound widens the cache ({@link ReplayCache#widen}); nothing narrows it.
 */
public final class ReplayCaches {
    /**
     * Held strongly, for the life of the JVM: an application that makes and drops engines (one per request, say)
     * must find the same cache every time, or each new engine would re-open the replay window. The caches of
     * test clocks stay too; they hold what their tests put in them.
     */
    private static final Map<Clock, ReplayCache> BY_CLOCK = new HashMap<>();

    private ReplayCaches() {}

    /** The replay cache of {@code clock} if an acceptor made one (for diagnostics: its size, its policy). */
    public static Optional<ReplayCache> existing(Clock clock) {
        synchronized (BY_CLOCK) {
            return Optional.ofNullable(BY_CLOCK.get(clock));
        }
    }

    /**
     * The JVM's replay cache for acceptors running on {@code clock}, made on first use (its fingerprint key drawn from
     * {@code random}) and widened to at least {@code window} and {@code maxEntries}.
     */
    public static ReplayCache shared(Clock clock, SecureRandom random, Duration window, int maxEntries) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(window, "window");
        ReplayCache cache;
        synchronized (BY_CLOCK) {
            cache = BY_CLOCK.get(clock);
            if (cache == null) {
                cache = new ReplayCache(window, maxEntries, clock, random);
                BY_CLOCK.put(clock, cache);
                return cache;
            }
        }
        cache.widen(window, maxEntries);
        return cache;
    }
}
