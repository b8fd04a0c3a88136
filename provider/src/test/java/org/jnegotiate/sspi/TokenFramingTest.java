package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** The SSPI door's framing policy: where Windows frames, around the bare tokens of the mechanisms. */
class TokenFramingTest {
    private static final byte[] AP_REQ = {1, 0, 0x6e, 0};
    private static final TokenFraming KERBEROS_ACCEPTOR = new TokenFraming(MechOid.KERBEROS, false);
    private static final TokenFraming KERBEROS_INITIATOR = new TokenFraming(MechOid.KERBEROS, true);

    @Test
    void kerberos_framedWithEitherKerberosOid_orBare_reachesTheMechanismBare() throws Exception {
        assertArrayEquals(AP_REQ, KERBEROS_ACCEPTOR.in(GssFraming.wrap(MechOid.KERBEROS, AP_REQ)));
        assertArrayEquals(AP_REQ, KERBEROS_ACCEPTOR.in(GssFraming.wrap(MechOid.MS_KERBEROS, AP_REQ)));
        assertSame(AP_REQ, KERBEROS_ACCEPTOR.in(AP_REQ));
        assertArrayEquals(AP_REQ, KERBEROS_INITIATOR.in(GssFraming.wrap(MechOid.KERBEROS, AP_REQ)));
    }

    @Test
    void kerberos_framedForAnotherMechanism_invalidToken() {
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> KERBEROS_ACCEPTOR.in(GssFraming.wrap(MechOid.NTLM, AP_REQ)));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        NegotiateException cut =
                assertThrows(NegotiateException.class, () -> KERBEROS_ACCEPTOR.in(new byte[] {0x60, 0x7F, 0x06}));
        assertEquals(Failure.INVALID_TOKEN, cut.failure());
    }

    @Test
    void kerberos_everyTokenOutFramedWithTheKerberosOid_errorTokensToo() throws Exception {
        for (boolean first : new boolean[] {true, false}) {
            GssFraming.Framed f = GssFraming.unwrap(KERBEROS_INITIATOR.out(AP_REQ, first));
            assertEquals(MechOid.KERBEROS, f.mechanism().orElseThrow());
            assertArrayEquals(AP_REQ, f.inner());
        }
        GssFraming.Framed error = GssFraming.unwrap(KERBEROS_ACCEPTOR.errorToken(new byte[] {3, 0, 0x7e, 0}));
        assertEquals(MechOid.KERBEROS, error.mechanism().orElseThrow());
        assertEquals(0, KERBEROS_ACCEPTOR.out(new byte[0], true).length, "nothing to send stays nothing");
    }

    @Test
    void spnegoInitiator_firstTokenFramed_laterOnesAndTheServersUnframedHintRaw() throws Exception {
        TokenFraming spnego = new TokenFraming(MechOid.SPNEGO, true);
        byte[] init = {(byte) 0xa0, 0};
        assertEquals(
                MechOid.SPNEGO,
                GssFraming.unwrap(spnego.out(init, true)).mechanism().orElseThrow());
        assertSame(init, spnego.out(init, false));
        assertArrayEquals(init, spnego.in(GssFraming.wrap(MechOid.SPNEGO, init)), "a framed NegTokenInit2");
        assertSame(init, spnego.in(init));
        assertSame(init, spnego.errorToken(init));
    }

    @Test
    void spnegoAcceptorAndNtlm_tokensPassUnchanged() throws Exception {
        byte[] framed = GssFraming.wrap(MechOid.KERBEROS, AP_REQ);
        assertSame(framed, new TokenFraming(MechOid.SPNEGO, false).in(framed), "SPNEGO takes framed Kerberos itself");
        byte[] reply = {(byte) 0xa1, 0};
        assertSame(reply, new TokenFraming(MechOid.SPNEGO, false).out(reply, true));
        byte[] ntlm = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0};
        assertSame(ntlm, new TokenFraming(MechOid.NTLM, true).out(ntlm, true));
        assertSame(ntlm, new TokenFraming(MechOid.NTLM, false).in(ntlm));
    }
}
