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
 * Sends a KDC request to a realm's KDCs, in order. Each KDC is tried over both transports, as MIT's library does:
 * UDP then TCP when the request is shorter than {@code udp_preference_limit}, TCP then UDP otherwise; each
 * transport up to {@code max_retries} times on timeout, with {@code kdc_timeout} per try. A refused or unreachable
 * transport, a UDP reply KRB_ERR_RESPONSE_TOO_BIG (52), or a reply that is not a Kerberos message at all (neither
 * AS-REP, TGS-REP nor KRB-ERROR by its first octet: another service on the port, a stray datagram) moves on to the
 * KDC's other transport, then to the next KDC. So a KDC that only speaks TCP is reached even with small requests,
 * and the whole call ends after at most {@code KDCs x 2 x max_retries x kdc_timeout}. Any Kerberos reply,
 * including a KRB-ERROR other than 52, is returned to the caller, who interprets it. A KDC proxy ({@code https://}
 * in krb5.conf, MS-KKDCP) has the one transport HTTPS, tried up to {@code max_retries} times on timeout like the
 * others.
 */
public final class KdcClient {
    private static final System.Logger LOG = System.getLogger(KdcClient.class.getName());
    private static final boolean[] UDP_THEN_TCP = {false, true};
    private static final boolean[] TCP_THEN_UDP = {true, false};
    /** A KDC proxy has one transport, HTTPS (a stream, so passed as "tcp" to the transport). */
    private static final boolean[] PROXY = {true};

    private static final int AS_REP_TAG = 0x6B;
    private static final int TGS_REP_TAG = 0x6D;
    private static final int KRB_ERROR_TAG = 0x7E;

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
            for (boolean tcp : kdc.proxy().isPresent() ? PROXY : preferTcp ? TCP_THEN_UDP : UDP_THEN_TCP) {
                byte[] reply = exchange(kdc, tcp, request, timeout, tries, attempts);
                if (reply != null) {
                    LOG.log(
                            System.Logger.Level.DEBUG,
                            "KDC {0} ({1}) of realm {2} answered {3} bytes",
                            kdc,
                            via(kdc, tcp),
                            realm,
                            reply.length);
                    return reply;
                }
            }
        }
        long spent = (System.nanoTime() - start) / 1_000_000;
        throw new NegotiateException(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                "no KDC of realm " + realm + " answered; tried " + String.join(", ", attempts) + "; " + spent
                        + " ms spent");
    }

    /**
     * One transport of one KDC, up to {@code tries} times on timeout: its Kerberos reply, or null (with the reason
     * added to {@code attempts}) when the other transport or the next KDC should be asked.
     */
    private byte[] exchange(
            KdcAddress kdc, boolean tcp, byte[] request, Duration timeout, int tries, List<String> attempts) {
        String via = kdc + " (" + via(kdc, tcp);
        for (int attempt = 1; attempt <= tries; attempt++) {
            try {
                byte[] reply = transport.exchange(kdc, request, tcp, timeout);
                if (!isKerberosReply(reply)) {
                    attempts.add(via + ": " + reply.length + " bytes that are not a Kerberos reply)");
                    LOG.log(System.Logger.Level.DEBUG, "KDC {0} answered something other than Kerberos", via + ")");
                    return null;
                }
                if (!tcp && KdcMessages.isResponseTooBig(reply)) {
                    attempts.add(via + ": RESPONSE_TOO_BIG)");
                    LOG.log(System.Logger.Level.DEBUG, "KDC {0} answered RESPONSE_TOO_BIG over UDP", kdc);
                    return null;
                }
                return reply;
            } catch (SocketTimeoutException e) {
                attempts.add(via + ": no reply in " + timeout.toMillis() + " ms)");
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "KDC {0} did not answer in {1} ms (try {2} of {3})",
                        via + ")",
                        timeout.toMillis(),
                        attempt,
                        tries);
            } catch (IOException | RuntimeException e) {
                attempts.add(via + ": " + e + ")");
                LOG.log(System.Logger.Level.DEBUG, "KDC {0} failed: {1}", via + ")", e.toString());
                return null; // refused, unreachable, unknown host: retrying the same transport will not help
            }
        }
        return null;
    }

    private static String via(KdcAddress kdc, boolean tcp) {
        return kdc.proxy().isPresent() ? "https" : tcp ? "tcp" : "udp";
    }

    /**
     * Whether a reply can be a KDC's at all: AS-REP [APPLICATION 11], TGS-REP [APPLICATION 13] or KRB-ERROR
     * [APPLICATION 30] by its first octet. Only a sniff; the caller decodes (and may still reject) the message.
     */
    static boolean isKerberosReply(byte[] reply) {
        if (reply.length == 0) {
            return false;
        }
        int tag = reply[0] & 0xFF;
        return tag == AS_REP_TAG || tag == TGS_REP_TAG || tag == KRB_ERROR_TAG;
    }
}
