package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.jnegotiate.sspi.SecStatus;

/**
 * Drives a context establishment between an SSPI endpoint and a GSS-API peer, token by token, the way an
 * application does: the SSPI side's loop ends on SEC_E_OK (sending a last token if there is one), the GSS side's
 * when it reports completion. Any SEC_E status fails the exchange with the statuses so far.
 */
final class SspiExchange {
    private static final int MAX_LEGS = 10;

    private SspiExchange() {}

    /** The SSPI door initiates (first ISC call without input), the peer accepts. */
    static void clientToPeer(SspiEndpoint client, GssSide acceptor) throws Exception {
        SspiEndpoint.Leg leg = client.step(null);
        for (int i = 0; i < MAX_LEGS; i++) {
            requireSuccess(client, leg);
            GssSide.Reply reply = null;
            if (leg.token().length > 0) {
                reply = acceptor.step(leg.token());
            }
            if (leg.ok()) {
                if (reply != null && reply.hasToken()) {
                    fail("the client returned SEC_E_OK but " + acceptor + " answered with another token; "
                            + client.statuses());
                }
                assertTrue(reply == null || reply.complete(), acceptor + " is not established after the last token");
                return;
            }
            if (reply == null || !reply.hasToken()) {
                fail("SEC_I_CONTINUE_NEEDED but " + acceptor + " sent nothing back; " + client.statuses());
            }
            leg = client.step(reply.token());
        }
        fail("no context after " + MAX_LEGS + " legs: " + client.statuses());
    }

    /** The peer initiates, the SSPI door accepts. */
    static void peerToServer(GssSide initiator, SspiEndpoint server) throws Exception {
        GssSide.Reply reply = initiator.step(new byte[0]);
        for (int i = 0; i < MAX_LEGS; i++) {
            if (!reply.hasToken()) {
                fail(initiator + " sent no token but the server is not established; " + server.statuses());
            }
            SspiEndpoint.Leg leg = server.step(reply.token());
            requireSuccess(server, leg);
            if (leg.ok()) {
                if (leg.token().length > 0) {
                    reply = initiator.step(leg.token());
                    assertTrue(!reply.hasToken(), initiator + " answered the server's final token");
                }
                assertTrue(reply.complete(), initiator + " is not established after the server's SEC_E_OK");
                return;
            }
            if (leg.token().length == 0) {
                fail("SEC_I_CONTINUE_NEEDED without a token for " + initiator + "; " + server.statuses());
            }
            reply = initiator.step(leg.token());
        }
        fail("no context after " + MAX_LEGS + " legs: " + server.statuses());
    }

    static void requireSuccess(SspiEndpoint side, SspiEndpoint.Leg leg) {
        if (!SecStatus.succeeded(leg.status())) {
            fail("the SSPI call failed with " + SecStatus.name(leg.status()) + "; statuses " + side.statuses());
        }
    }
}
