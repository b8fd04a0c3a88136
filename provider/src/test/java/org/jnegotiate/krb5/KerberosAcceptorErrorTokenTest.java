package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.jnegotiate.krb5.creds.TicketSource;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.ContextTokenId;
import org.jnegotiate.krb5.tokens.KerbyDecoding;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's KRB-ERROR context tokens (RFC 4121 4.1, RFC 4120 5.9.1): one per AP error, only when the
 * initiator asked for mutual authentication (as MIT does), and read back by the initiator as the same failure.
 */
class KerberosAcceptorErrorTokenTest {
    private final Krb5Testbed bed = new Krb5Testbed();

    private static ContextRequest.Builder mutualRequest() {
        return ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@www.example.com"))
                .flag(ContextFlag.MUTUAL, true);
    }

    private KerberosInitiator initiator(TicketSource tickets, ContextRequest request) {
        return new KerberosInitiator(MechOid.KERBEROS, tickets, request, bed.settings());
    }

    private KerberosAcceptor acceptor(ContextRequest request) {
        return new KerberosAcceptor(MechOid.KERBEROS, bed.keys(), request, bed.settings());
    }

    private static NegotiateException fails(Failure expected, org.junit.jupiter.api.function.Executable e) {
        NegotiateException ex = assertThrows(NegotiateException.class, e);
        assertEquals(expected, ex.failure(), ex.getMessage());
        return ex;
    }

    /** The KRB-ERROR inside an error token, after checking the TOK_ID 03 00 and the bare (unframed) form. */
    private static KrbError krbError(NegotiateException e) throws NegotiateException {
        byte[] token = e.errorToken().orElseThrow(() -> new AssertionError("no error token: " + e.getMessage()));
        assertArrayEquals(new byte[] {3, 0}, Arrays.copyOf(token, 2), "TOK_ID of a KRB-ERROR");
        ContextToken t = ContextToken.decode(token);
        assertEquals(ContextTokenId.KRB_ERROR, t.id());
        return KerbyDecoding.decode(t.message(), KrbError.class, "KRB-ERROR");
    }

    @Test
    void skew_mutual_krbErrorWithCodeTimeAndAcceptorName() throws Exception {
        byte[] apReq =
                initiator(bed.tickets(), mutualRequest().build()).step(null).token();
        bed.clock.advance(Duration.ofMinutes(6));
        NegotiateException e = fails(
                Failure.TIME_SKEW,
                () -> acceptor(ContextRequest.builder().build()).step(apReq));
        assertEquals(KrbErrorMessage.KRB_AP_ERR_SKEW, e.minor());
        KrbError err = krbError(e);
        assertEquals(37, err.getErrorCode().getValue());
        Instant now = bed.clock.instant();
        assertEquals(now.getEpochSecond(), err.getStime().getTimeInSeconds());
        assertEquals(now.getNano() / 1000, err.getSusec());
        assertEquals(Krb5Testbed.REALM, err.getRealm());
        assertEquals(List.of("HTTP", "www.example.com"), err.getSname().getNameStrings());
        assertEquals(null, err.getCname(), "the client's name is not echoed");
        assertEquals(null, err.getEtext(), "no text for the peer");
    }

    @Test
    void skew_notMutual_noErrorToken() throws Exception {
        byte[] apReq = initiator(
                        bed.tickets(),
                        ContextRequest.builder()
                                .target(PeerName.hostbased("HTTP@www.example.com"))
                                .build())
                .step(null)
                .token();
        bed.clock.advance(Duration.ofMinutes(6));
        NegotiateException e = fails(
                Failure.TIME_SKEW,
                () -> acceptor(ContextRequest.builder().build()).step(apReq));
        assertEquals(37, e.minor());
        assertTrue(e.errorToken().isEmpty(), "MIT sends a KRB-ERROR only to an initiator that waits for an answer");
    }

    @Test
    void malformedApReq_noErrorToken() {
        NegotiateException e = fails(
                Failure.INVALID_TOKEN,
                () -> acceptor(ContextRequest.builder().build()).step(new byte[] {1, 0, 0x6e, 0}));
        assertTrue(e.errorToken().isEmpty());
    }

    /** Runs one failing AP exchange and feeds the acceptor's KRB-ERROR to the waiting initiator. */
    private void assertRoundTrip(
            KerberosInitiator init, KerberosAcceptor acc, Failure failure, int code, Failure initiatorFailure)
            throws Exception {
        byte[] apReq = init.step(null).token();
        assertRoundTrip(apReq, init, acc, failure, code, initiatorFailure);
    }

    private void assertRoundTrip(
            byte[] apReq,
            KerberosInitiator init,
            KerberosAcceptor acc,
            Failure failure,
            int code,
            Failure initiatorFailure)
            throws Exception {
        NegotiateException atAcceptor = fails(failure, () -> acc.step(apReq));
        assertEquals(code, atAcceptor.minor());
        assertEquals(code, krbError(atAcceptor).getErrorCode().getValue());
        NegotiateException atInitiator =
                fails(initiatorFailure, () -> init.step(atAcceptor.errorToken().get()));
        assertEquals(code, atInitiator.minor());
        assertTrue(atInitiator.getMessage().contains("KRB-ERROR " + code), atInitiator.getMessage());
    }

    @Test
    void skew_initiatorReportsTimeSkew() throws Exception {
        KerberosInitiator init = initiator(bed.tickets(), mutualRequest().build());
        byte[] apReq = init.step(null).token();
        bed.clock.advance(Duration.ofMinutes(6));
        assertRoundTrip(
                apReq, init, acceptor(ContextRequest.builder().build()), Failure.TIME_SKEW, 37, Failure.TIME_SKEW);
    }

    @Test
    void ticketNotYetValid_initiatorReportsTimeSkew() throws Exception {
        bed.ticketStart = bed.clock.instant().plus(Duration.ofMinutes(30));
        assertRoundTrip(
                initiator(bed.tickets(), mutualRequest().build()),
                acceptor(ContextRequest.builder().build()),
                Failure.TIME_SKEW,
                33,
                Failure.TIME_SKEW);
    }

    @Test
    void expiredTicket_initiatorReportsContextExpired() throws Exception {
        bed.ticketLifetime = Duration.ofMinutes(1);
        KerberosInitiator init = initiator(bed.tickets(), mutualRequest().build());
        byte[] apReq = init.step(null).token();
        bed.clock.advance(Duration.ofMinutes(7));
        assertRoundTrip(
                apReq,
                init,
                acceptor(ContextRequest.builder().build()),
                Failure.CONTEXT_EXPIRED,
                32,
                Failure.CONTEXT_EXPIRED);
    }

    @Test
    void replay_initiatorReportsReplayedToken() throws Exception {
        KerberosInitiator init = initiator(bed.tickets(), mutualRequest().build());
        byte[] apReq = init.step(null).token();
        acceptor(ContextRequest.builder().build()).step(apReq);
        assertRoundTrip(
                apReq,
                init,
                acceptor(ContextRequest.builder().build()),
                Failure.REPLAYED_TOKEN,
                34,
                Failure.REPLAYED_TOKEN);
    }

    /**
     * The acceptor cannot decrypt the ticket made for the target: a logon failure where it is detected, and at the
     * initiator the acceptor is not the principal it asked for (Windows: SEC_E_WRONG_PRINCIPAL, "The target
     * principal name is incorrect").
     */
    @Test
    void wrongServiceKey_acceptorLogonDenied_initiatorReportsWrongPrincipal() throws Exception {
        Krb5Testbed.FakeTickets tickets = bed.tickets();
        tickets.keyForTickets = bed.crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        assertRoundTrip(
                initiator(tickets, mutualRequest().build()),
                acceptor(ContextRequest.builder().build()),
                Failure.LOGON_DENIED,
                41,
                Failure.WRONG_PRINCIPAL);
    }

    @Test
    void otherKeyVersionOnly_initiatorReportsUnknownCredentials() throws Exception {
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.KERBEROS,
                new Krb5Testbed.FakeKeys(List.of(bed.serviceKey), Krb5Testbed.KVNO + 1) {
                    @Override
                    public List<Krb5Key> keysFor(KerberosName s, int etype, Integer kvno) {
                        return kvno == null ? List.of(bed.serviceKey) : List.of();
                    }
                },
                ContextRequest.builder().build(),
                bed.settings());
        assertRoundTrip(
                initiator(bed.tickets(), mutualRequest().build()),
                acc,
                Failure.UNKNOWN_CREDENTIALS,
                44,
                Failure.UNKNOWN_CREDENTIALS);
    }

    @Test
    void noKeyForEnctype_initiatorReportsNoCredentials() throws Exception {
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.KERBEROS,
                new Krb5Testbed.FakeKeys(
                        List.of(bed.crypto.randomKey(EncryptionType.AES128_CTS_HMAC_SHA1_96)), Krb5Testbed.KVNO),
                ContextRequest.builder().build(),
                bed.settings());
        assertRoundTrip(
                initiator(bed.tickets(), mutualRequest().build()),
                acc,
                Failure.NO_CREDENTIALS,
                45,
                Failure.NO_CREDENTIALS);
    }

    @Test
    void authenticatorClientNotTheTicketsClient_initiatorReportsLogonDenied() throws Exception {
        Krb5Testbed.FakeTickets real = bed.tickets();
        KerberosName mallory = new KerberosName(KerberosName.NT_PRINCIPAL, List.of("mallory"), Krb5Testbed.REALM);
        TicketSource impostor = new TicketSource() {
            @Override
            public KerberosName client() {
                return mallory;
            }

            @Override
            public ServiceTicket serviceTicket(KerberosName service) throws NegotiateException {
                return real.serviceTicket(service);
            }

            @Override
            public ServiceTicket forwardedTgt(KerberosName service) throws NegotiateException {
                return real.forwardedTgt(service);
            }
        };
        assertRoundTrip(
                initiator(impostor, mutualRequest().build()),
                acceptor(ContextRequest.builder().build()),
                Failure.LOGON_DENIED,
                36,
                Failure.LOGON_DENIED);
    }

    @Test
    void channelBindingsMismatch_krbErrGeneric_initiatorReportsLogonDenied() throws Exception {
        KerberosInitiator init = initiator(
                bed.tickets(),
                mutualRequest()
                        .channelBindings(ChannelBindings.ofApplicationData(new byte[] {1}))
                        .build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {2}))
                .build());
        // MIT sends KRB_ERR_GENERIC for bindings; the initiator cannot tell it from other generic errors
        assertRoundTrip(init, acc, Failure.BAD_BINDINGS, 60, Failure.LOGON_DENIED);
    }

    @Test
    void channelBindingsMissingWhenRequired_krbErrGeneric() throws Exception {
        KerberosInitiator init = initiator(bed.tickets(), mutualRequest().build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {2}))
                .build());
        assertRoundTrip(init, acc, Failure.BAD_BINDINGS, 60, Failure.LOGON_DENIED);
    }

    @Test
    void failureTable_sameFailureOnBothSides() {
        assertEquals(Failure.TIME_SKEW, KrbErrorMessage.failure(37));
        assertEquals(Failure.TIME_SKEW, KrbErrorMessage.failure(33));
        assertEquals(Failure.REPLAYED_TOKEN, KrbErrorMessage.failure(34));
        assertEquals(Failure.CONTEXT_EXPIRED, KrbErrorMessage.failure(32));
        assertEquals(Failure.WRONG_PRINCIPAL, KrbErrorMessage.failure(35));
        assertEquals(Failure.UNKNOWN_CREDENTIALS, KrbErrorMessage.failure(44));
        assertEquals(Failure.NO_CREDENTIALS, KrbErrorMessage.failure(45));
        assertEquals(Failure.LOGON_DENIED, KrbErrorMessage.failure(41));
        assertEquals(Failure.LOGON_DENIED, KrbErrorMessage.failure(36));
        assertEquals(Failure.LOGON_DENIED, KrbErrorMessage.failure(31), "MIT's wrong-key error");
        assertEquals(Failure.LOGON_DENIED, KrbErrorMessage.failure(60));
    }

    @Test
    void encode_decode_roundTrip() throws Exception {
        byte[] token = KrbErrorMessage.encodeToken(
                34, Krb5Testbed.SERVICE.toKerby(), Krb5Testbed.REALM, Instant.parse("2026-01-10T10:00:00.5Z"));
        byte[] der = java.util.Arrays.copyOfRange(token, 2, token.length); // without TOK_ID
        KrbErrorMessage m = KrbErrorMessage.decode(der);
        assertEquals(34, m.errorCode());
        assertEquals(Optional.empty(), m.text());
        KrbError e = KerbyDecoding.decode(der, KrbError.class, "KRB-ERROR");
        assertEquals(500_000, e.getSusec());
        assertEquals(
                Instant.parse("2026-01-10T10:00:00Z").getEpochSecond(),
                e.getStime().getTimeInSeconds());
    }
}
