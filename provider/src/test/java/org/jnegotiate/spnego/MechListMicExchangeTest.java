package org.jnegotiate.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.spnego.MechListMicExchange.State;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.testing.FakeMechanism;
import org.junit.jupiter.api.Test;

/** The mechListMIC exchange's states (RFC 4178 section 5), with the toy mechanism's keyed-hash MICs. */
class MechListMicExchangeTest {
    private static final byte[] DER =
            MechTypeList.of(List.of(MechOid.KERBEROS, MechOid.NTLM)).der();
    private final FakeMechanism krb = new FakeMechanism("KRB", 1, MechOid.KERBEROS);

    /** A one-leg initiator, not stepped yet. */
    private MechContext fresh() throws NegotiateException {
        return krb.initiator(
                MechOid.KERBEROS,
                krb.acquire(CredentialRequest.of(null, MechCredential.Usage.INITIATE)),
                ContextRequest.builder().build());
    }

    /** A one-leg initiator: established after its first step. */
    private MechContext established() throws NegotiateException {
        MechContext c = fresh();
        c.step(null);
        assertTrue(c.isEstablished());
        return c;
    }

    private MechListMicExchange exchange() {
        MechListMicExchange e = new MechListMicExchange();
        e.protect(DER);
        return e;
    }

    @Test
    void fresh_notNeeded_owesNothingAndAwaitsNothing() throws Exception {
        MechListMicExchange e = exchange();
        assertEquals(State.NOT_NEEDED, e.state());
        assertFalse(e.isNeeded());
        assertTrue(e.peerDone());
        assertEquals(Optional.empty(), e.ownIfOwed(established()));
        assertEquals(State.NOT_NEEDED, e.state());
    }

    @Test
    void required_oursOnceTheInnerIsEstablished_thenThePeers() throws Exception {
        MechListMicExchange e = exchange();
        e.require();
        assertEquals(State.REQUIRED, e.state());
        assertFalse(e.peerDone());
        assertEquals(Optional.empty(), e.ownIfOwed(fresh()), "not established yet");
        MechContext inner = established();
        byte[] ours = e.ownIfOwed(inner).orElseThrow();
        assertArrayEquals(inner.mechListMic(DER), ours);
        assertEquals(State.SENT, e.state());
        assertEquals(Optional.empty(), e.ownIfOwed(inner), "ours goes once");
        e.verifyPeer(inner, MechOid.KERBEROS, inner.mechListMic(DER));
        assertEquals(State.EXCHANGED, e.state());
        assertTrue(e.peerDone());
        e.require();
        assertEquals(State.EXCHANGED, e.state(), "require changes nothing once needed");
    }

    @Test
    void peersFirst_verifiedThenOursIsOwed() throws Exception {
        MechListMicExchange e = exchange();
        MechContext inner = established();
        e.verifyPeer(inner, MechOid.KERBEROS, inner.mechListMic(DER));
        assertEquals(State.VERIFIED, e.state(), "a MIC received makes the exchange needed");
        assertTrue(e.isNeeded() && e.peerDone());
        assertTrue(e.ownIfOwed(inner).isPresent());
        assertEquals(State.EXCHANGED, e.state());
    }

    @Test
    void verifyPeer_beforeEstablished_secondOne_orWrong_refused() throws Exception {
        MechListMicExchange e = exchange();
        MechContext inner = established();
        byte[] mic = inner.mechListMic(DER);
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> e.verifyPeer(fresh(), MechOid.KERBEROS, mic))
                        .failure());
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> e.verifyPeer(null, MechOid.KERBEROS, mic))
                        .failure());
        byte[] wrong = mic.clone();
        wrong[0] ^= 1;
        assertEquals(
                Failure.DOWNGRADE_DETECTED,
                assertThrows(NegotiateException.class, () -> e.verifyPeer(inner, MechOid.KERBEROS, wrong))
                        .failure());
        assertEquals(State.NOT_NEEDED, e.state(), "a refused MIC changes nothing");
        e.verifyPeer(inner, MechOid.KERBEROS, mic);
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> e.verifyPeer(inner, MechOid.KERBEROS, mic))
                        .failure());
    }

    @Test
    void kept_restoredByAnotherAcceptor_sameRuleAndMechTypes() throws Exception {
        MechListMicExchange required = exchange();
        required.require();
        MechListMicExchange resumed = new MechListMicExchange();
        resumed.restore(required.kept());
        assertEquals(State.REQUIRED, resumed.state());
        MechContext inner = established();
        assertArrayEquals(inner.mechListMic(DER), resumed.ownIfOwed(inner).orElseThrow(), "over the same mechTypes");
        MechListMicExchange notNeeded = new MechListMicExchange();
        notNeeded.restore(exchange().kept());
        assertEquals(State.NOT_NEEDED, notNeeded.state());
    }

    @Test
    void missing_isADowngrade() {
        assertEquals(
                Failure.DOWNGRADE_DETECTED,
                MechListMicExchange.missing("acceptor").failure());
    }
}
