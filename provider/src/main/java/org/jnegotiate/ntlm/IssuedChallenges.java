package org.jnegotiate.ntlm;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The server challenges this JVM's NTLM acceptors have issued and not yet seen answered: the defence against
 * reflection (MS08-068). An attacker who passes a client's NEGOTIATE_MESSAGE to an acceptor of the client's own
 * process, and the CHALLENGE back to the client, would have the client compute an AUTHENTICATE for its own
 * process; Windows keeps such a table of recent challenges and its client refuses one it finds there. So does
 * {@link NtlmInitiator}, unless its target names a host of the issuing acceptor (the client meant to talk to
 * this very service: in-process loopback, which an attacker gains nothing from).
 *
 * <p>Bounded ({@link #MAX_ENTRIES}, the oldest forgotten first) and expiring ({@link #LIFETIME}); an acceptor
 * withdraws its challenge as soon as its handshake ends. Thread-safe.
 */
final class IssuedChallenges {
    /** The one table of this JVM. */
    static final IssuedChallenges JVM = new IssuedChallenges();

    static final int MAX_ENTRIES = 65_536;
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private record Issued(Instant at, ServiceBinding issuer) {
    }

    private final LinkedHashMap<Long, Issued> issued = new LinkedHashMap<>();

    /** Records a challenge an acceptor of this process sends. */
    synchronized void issue(byte[] serverChallenge, ServiceBinding issuer, Instant now) {
        expire(now);
        if (issued.size() >= MAX_ENTRIES) {
            Iterator<Long> oldest = issued.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        issued.put(key(serverChallenge), new Issued(now, issuer));
    }

    /** Forgets a challenge whose handshake has ended. */
    synchronized void withdraw(byte[] serverChallenge) {
        issued.remove(key(serverChallenge));
    }

    /** The acceptor of this process that issued {@code serverChallenge}, if one did recently. */
    synchronized Optional<ServiceBinding> issuer(byte[] serverChallenge, Instant now) {
        expire(now);
        Issued i = issued.get(key(serverChallenge));
        return i == null ? Optional.empty() : Optional.of(i.issuer());
    }

    synchronized int size() {
        return issued.size();
    }

    private void expire(Instant now) {
        Instant limit = now.minus(LIFETIME);
        for (Iterator<Map.Entry<Long, Issued>> it = issued.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue().at().isBefore(limit)) {
                it.remove();
            } else {
                return; // insertion order is issue order (clocks permitting): the rest are younger
            }
        }
    }

    private static long key(byte[] c) {
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (c[i] & 0xff);
        }
        return k;
    }
}
