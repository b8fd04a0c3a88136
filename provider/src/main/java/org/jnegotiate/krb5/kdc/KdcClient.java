package org.jnegotiate.krb5.kdc;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Sends a KDC request to a realm's KDCs: in order, each tried up to {@code max_retries} times on timeout
 * with {@code kdc_timeout} per try; UDP first when the request is shorter than {@code udp_preference_limit},
 * TCP otherwise; a UDP reply KRB_ERR_RESPONSE_TOO_BIG (52) makes it ask the same KDC again over TCP; a
 * refused or unreachable KDC is left for the next at once. Any reply, including a KRB-ERROR other than 52,
 * is returned to the caller, who interprets it.
 */
public final class KdcClient {
    private static final System.Logger LOG = System.getLogger(KdcClient.class.getName());

    private final Krb5Config config;
    private final KdcTransport transport;
    private final KdcLocator locator;

    public KdcClient(Krb5Config config, KdcTransport transport, KdcLocator locator) {
        this.config = config;
        this.transport = transport;
        this.locator = locator;
    }

    /** A client with the locator reading [realms] and, when allowed, DNS. */
    public static KdcClient of(Krb5Config config, KdcTransport transport) {
        return new KdcClient(config, transport, new KdcLocator(config));
    }

    public Krb5Config config() {
        return config;
    }

    /**
     * The reply of the first KDC of {@code realm} that answers.
     *
     * @throws NegotiateException NO_AUTHENTICATING_AUTHORITY when none answers; the message names every KDC
     *                            tried, the transport and what happened, and the time spent
     */
    public byte[] send(String realm, byte[] request) throws NegotiateException {
        List<KdcAddress> kdcs = locator.locate(realm);
        boolean preferTcp = request.length >= config.udpPreferenceLimit();
        Duration timeout = config.kdcTimeout();
        int tries = Math.max(1, config.maxRetries());
        long start = System.nanoTime();
        List<String> attempts = new ArrayList<>();
        for (KdcAddress kdc : kdcs) {
            boolean tcp = preferTcp;
            for (int attempt = 1; attempt <= tries; attempt++) {
                long t0 = System.nanoTime();
                try {
                    byte[] reply = transport.exchange(kdc, request, tcp, timeout);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (!tcp && KdcMessages.isResponseTooBig(reply)) {
                        LOG.log(System.Logger.Level.DEBUG, "KDC {0} answered RESPONSE_TOO_BIG over UDP; retrying over TCP", kdc);
                        attempts.add(kdc + " (udp: RESPONSE_TOO_BIG)");
                        tcp = true;
                        attempt--; // the switch to TCP is not a retry
                        continue;
                    }
                    LOG.log(System.Logger.Level.DEBUG, "KDC {0} ({1}) of realm {2} answered {3} bytes in {4} ms",
                            kdc, tcp ? "tcp" : "udp", realm, reply.length, ms);
                    return reply;
                } catch (SocketTimeoutException e) {
                    attempts.add(kdc + " (" + (tcp ? "tcp" : "udp") + ": no reply in " + timeout.toMillis() + " ms)");
                    LOG.log(System.Logger.Level.DEBUG, "KDC {0} did not answer in {1} ms (try {2} of {3})", kdc,
                            timeout.toMillis(), attempt, tries);
                } catch (IOException | RuntimeException e) {
                    attempts.add(kdc + " (" + (tcp ? "tcp" : "udp") + ": " + e + ")");
                    LOG.log(System.Logger.Level.DEBUG, "KDC {0} failed: {1}", kdc, e.toString());
                    break; // refused, unreachable, unknown host: retrying the same KDC will not help
                }
            }
        }
        long spent = (System.nanoTime() - start) / 1_000_000;
        throw new NegotiateException(Failure.NO_AUTHENTICATING_AUTHORITY, "no KDC of realm " + realm + " answered; tried "
                + String.join(", ", attempts) + "; " + spent + " ms spent");
    }
}
