package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays of published attacks on SPNEGO acceptors through the Negotiate package of the SSPI door (real NTLM
 * underneath), each with the exact status. MIT krb5 CVE-2014-4344: an empty continuation token (or a NegTokenResp
 * without a responseToken) made the acceptor dereference NULL. Heimdal CVE-2021-44758: a NegTokenInit without any
 * mechanism but with an optimistic token made the acceptor dereference NULL.
 */
class SpnegoKnownAttacksTest {

    @BeforeAll
    static void setUp() throws IOException {
        FindingsRegressionTest.setUp();
    }

    private static byte[] framed(byte[] negotiationToken) {
        return GssFraming.wrap(MechOid.SPNEGO, negotiationToken);
    }

    private static int secondLeg(byte[] token) {
        CtxtHandle server = new CtxtHandle();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                FindingsRegressionTest.accept(server, FindingsRegressionTest.firstLegOfRealClient()));
        return FindingsRegressionTest.accept(server, token);
    }

    @Test
    void cve2014_4344_emptyContinuationToken_invalidToken() {
        assertEquals(SecStatus.SEC_E_INVALID_TOKEN, secondLeg(new byte[0]));
    }

    @Test
    void cve2014_4344_negTokenRespWithoutAnyField_invalidToken() {
        assertEquals(SecStatus.SEC_E_INVALID_TOKEN, secondLeg(new byte[] {(byte) 0xA1, 0x02, 0x30, 0x00}));
    }

    @Test
    void cve2014_4344_negTokenRespWithOnlyAcceptIncomplete_invalidToken() {
        // negState accept-incomplete and no responseToken: nothing for NTLM to continue with
        assertEquals(
                SecStatus.SEC_E_INVALID_TOKEN,
                secondLeg(new byte[] {(byte) 0xA1, 0x07, 0x30, 0x05, (byte) 0xA0, 0x03, 0x0A, 0x01, 0x01}));
    }

    @Test
    void heimdalCve2021_44758_noMechanismButAMechToken_invalidToken() {
        // NegTokenInit { mechTypes [0] SEQUENCE {} , mechToken [2] OCTET STRING "NTLMSSP" }
        byte[] init = {
            (byte) 0xA0,
            0x11,
            0x30,
            0x0F,
            (byte) 0xA0,
            0x02,
            0x30,
            0x00,
            (byte) 0xA2,
            0x09,
            0x04,
            0x07,
            'N',
            'T',
            'L',
            'M',
            'S',
            'S',
            'P'
        };
        assertEquals(SecStatus.SEC_E_INVALID_TOKEN, FindingsRegressionTest.accept(new CtxtHandle(), framed(init)));
    }

    @Test
    void heimdalCve2021_44758_noMechTypesFieldAtAll_invalidToken() {
        byte[] init = {(byte) 0xA0, 0x0D, 0x30, 0x0B, (byte) 0xA2, 0x09, 0x04, 0x07, 'N', 'T', 'L', 'M', 'S', 'S', 'P'};
        assertEquals(SecStatus.SEC_E_INVALID_TOKEN, FindingsRegressionTest.accept(new CtxtHandle(), framed(init)));
    }
}
