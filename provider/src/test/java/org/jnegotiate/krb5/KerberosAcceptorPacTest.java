package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.krb5.pac.PacTestSupport;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;

/**
 * The acceptor with tickets carrying a PAC (the Samba sample, its client information rewritten for the testbed's
 * client and authtime, signed with the testbed's service key): established with the PAC as an attribute, or
 * refused with LOGON_DENIED and KRB_AP_ERR_MODIFIED for the initiator.
 */
class KerberosAcceptorPacTest {
    private final Krb5Testbed bed = new Krb5Testbed();

    private KerberosInitiator initiator() throws NegotiateException {
        return new KerberosInitiator(
                MechOid.KERBEROS,
                bed.tickets(),
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@www.example.com"))
                        .flag(ContextFlag.MUTUAL, true)
                        .build(),
                bed.settings());
    }

    private KerberosAcceptor acceptor() {
        return new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), ContextRequest.builder().build(), bed.settings());
    }

    /** The sample PAC for {@code name} at the testbed's next authtime, signed with the service key. */
    private byte[] pacFor(String name, Instant authTime) throws Exception {
        byte[] pac = PacTestSupport.sample();
        int info = PacTestSupport.bufferOffset(pac, 10);
        ByteBuffer b = ByteBuffer.wrap(pac).order(ByteOrder.LITTLE_ENDIAN);
        long fileTime = (authTime.getEpochSecond() + 11_644_473_600L) * 10_000_000L;
        b.putLong(info, fileTime);
        byte[] utf16 = name.getBytes(StandardCharsets.UTF_16LE);
        b.putShort(info + 8, (short) utf16.length);
        System.arraycopy(utf16, 0, pac, info + 10, utf16.length);
        Krb5Cipher key = bed.crypto.cipher(bed.serviceKey);
        try {
            return PacTestSupport.resign(pac, key);
        } finally {
            key.destroy();
        }
    }

    private Instant nextAuthTime() {
        return bed.clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void signedPacOfTheClient_establishedWithThePacAndTheAuthorizationData() throws Exception {
        byte[] pac = pacFor("alice", nextAuthTime());
        AuthorizationDataEntry wrapped = PacTestSupport.ifRelevant(pac);
        bed.ticketAuthorizationData = List.of(wrapped);
        KerberosInitiator init = initiator();
        KerberosAcceptor acc = acceptor();
        init.step(acc.step(init.step(null).token()).token());
        assertTrue(acc.isEstablished());

        Pac verified = acc.attribute(Pac.class).orElseThrow();
        assertArrayEquals(pac, verified.encoded());
        assertEquals("tampuser", verified.logonInfo().orElseThrow().effectiveName());
        AuthorizationDataEntry[] entries =
                acc.attribute(AuthorizationDataEntry[].class).orElseThrow();
        assertEquals(List.of(wrapped), List.of(entries));
        assertEquals(Optional.empty(), init.attribute(Pac.class), "the initiator has no PAC");
        assertEquals(Optional.empty(), acc.attribute(String.class));
    }

    @Test
    void ticketWithoutPac_establishedWithoutOne() throws Exception {
        KerberosInitiator init = initiator();
        KerberosAcceptor acc = acceptor();
        init.step(acc.step(init.step(null).token()).token());
        assertEquals(Optional.empty(), acc.attribute(Pac.class));
        assertEquals(0, acc.attribute(AuthorizationDataEntry[].class).orElseThrow().length);
    }

    @Test
    void alteredPac_logonDeniedWithModifiedForThePeer() throws Exception {
        byte[] pac = pacFor("alice", nextAuthTime());
        pac[PacTestSupport.bufferOffset(pac, 1) + 200] ^= 1; // inside the logon info
        bed.ticketAuthorizationData = List.of(PacTestSupport.ifRelevant(pac));
        byte[] apReq = initiator().step(null).token();
        KerberosAcceptor acc = acceptor();
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(apReq));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertEquals(KrbErrorMessage.KRB_AP_ERR_MODIFIED, e.minor());
        assertTrue(
                e.getMessage()
                        .contains(
                                "the ticket of alice@EXAMPLE.COM for HTTP/www.example.com@EXAMPLE.COM "
                                        + "carries a PAC that is refused: logon denied: the PAC's server signature does not verify"),
                e.getMessage());
        assertTrue(e.errorToken().isPresent(), "a KRB-ERROR for the initiator waiting for mutual authentication");
        assertEquals(Optional.empty(), acc.attribute(Pac.class));
    }

    @Test
    void pacOfAnotherClient_logonDenied() throws Exception {
        bed.ticketAuthorizationData = List.of(PacTestSupport.ifRelevant(pacFor("mallory", nextAuthTime())));
        byte[] apReq = initiator().step(null).token();
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor().step(apReq));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertTrue(e.getMessage().contains("the PAC is for mallory, the ticket for alice@EXAMPLE.COM"), e.getMessage());
    }

    @Test
    void malformedPac_invalidToken() throws Exception {
        bed.ticketAuthorizationData = List.of(PacTestSupport.ifRelevant(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}));
        byte[] apReq = initiator().step(null).token();
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> acceptor().step(apReq));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }
}
