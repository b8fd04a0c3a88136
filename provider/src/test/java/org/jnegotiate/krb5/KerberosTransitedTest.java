package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's transited policy for clients of other realms: direct trust (nothing transited) and paths the KDC
 * checked (TRANSITED-POLICY-CHECKED) are accepted, an unchecked path is refused with KDC_ERR_PATH_NOT_ACCEPTED.
 */
class KerberosTransitedTest {
    private static final KerberosName FOREIGN =
            new KerberosName(KerberosName.NT_PRINCIPAL, List.of("bob"), "A.OTHER.TEST");
    private final Krb5Testbed bed = new Krb5Testbed();

    private KerberosAcceptor acceptor() {
        return new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), ContextRequest.builder().build(), bed.settings());
    }

    private byte[] apReq() throws NegotiateException {
        return new KerberosInitiator(
                        MechOid.KERBEROS,
                        bed.tickets(),
                        ContextRequest.builder()
                                .target(PeerName.hostbased("HTTP@www.example.com"))
                                .flag(ContextFlag.MUTUAL, true)
                                .build(),
                        bed.settings())
                .step(null)
                .token();
    }

    @Test
    void crossRealm_directTrust_accepted() throws Exception {
        bed.ticketClient = FOREIGN;
        KerberosAcceptor acc = acceptor();
        acc.step(apReq());
        assertTrue(acc.isEstablished());
        assertEquals("bob@A.OTHER.TEST", acc.initiatorName().orElseThrow().name());
    }

    @Test
    void crossRealm_pathCheckedByTheKdc_accepted() throws Exception {
        bed.ticketClient = FOREIGN;
        bed.ticketTransited = "OTHER.TEST,";
        bed.ticketFlags = TicketPart.FORWARDABLE | TicketPart.TRANSITED_POLICY_CHECKED;
        KerberosAcceptor acc = acceptor();
        acc.step(apReq());
        assertTrue(acc.isEstablished());
    }

    @Test
    void crossRealm_uncheckedPath_logonDeniedPathNotAccepted() throws Exception {
        bed.ticketClient = FOREIGN;
        bed.ticketTransited = "OTHER.TEST,";
        byte[] token = apReq();
        KerberosAcceptor acc = acceptor();
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(token));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertEquals(28, e.minor());
        assertTrue(
                e.getMessage()
                        .contains(
                                "the ticket of bob@A.OTHER.TEST crossed the realms \"OTHER.TEST,\" on its "
                                        + "way to EXAMPLE.COM and its KDC did not check that path (no TRANSITED-POLICY-CHECKED flag)"),
                e.getMessage());
    }

    @Test
    void sameRealm_transitedIgnored() throws Exception {
        bed.ticketTransited = "SOMEWHERE.TEST";
        KerberosAcceptor acc = acceptor();
        acc.step(apReq());
        assertTrue(acc.isEstablished());
    }
}
