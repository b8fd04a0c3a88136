package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;
import org.junit.jupiter.api.Test;

class KerberosContextTest {
    private final Krb5Testbed bed = new Krb5Testbed();

    private static ContextRequest.Builder initRequest(ContextFlag... flags) {
        ContextRequest.Builder b = ContextRequest.builder().target(PeerName.hostbased("HTTP@WWW.example.com"));
        for (ContextFlag f : flags) {
            b.flag(f, true);
        }
        return b;
    }

    private KerberosInitiator initiator(ContextRequest request) {
        return new KerberosInitiator(MechOid.KERBEROS, bed.tickets(), request, bed.settings());
    }

    private KerberosAcceptor acceptor(ContextRequest request) {
        return new KerberosAcceptor(MechOid.KERBEROS, bed.keys(), request, bed.settings());
    }

    private static NegotiateException fails(Failure expected, org.junit.jupiter.api.function.Executable e) {
        NegotiateException ex = assertThrows(NegotiateException.class, e);
        assertEquals(expected, ex.failure(), ex.getMessage());
        return ex;
    }

    @Test
    void mutual_twoLegs_bothEstablishedWithAcceptorSubkey() throws Exception {
        KerberosInitiator init =
                initiator(initRequest(ContextFlag.MUTUAL, ContextFlag.REPLAY_DETECTION, ContextFlag.SEQUENCE_DETECTION)
                        .build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());

        Step s1 = init.step(null);
        assertEquals(Status.CONTINUE_NEEDED, s1.status());
        assertEquals(0x01, s1.token()[0]);
        assertEquals(0x00, s1.token()[1]);
        Step s2 = acc.step(s1.token());
        assertEquals(Status.OK, s2.status());
        assertEquals(0x02, s2.token()[0]);
        Step s3 = init.step(s2.token());
        assertEquals(Status.OK, s3.status());
        assertFalse(s3.hasToken());

        assertTrue(init.isEstablished());
        assertTrue(acc.isEstablished());
        EnumSet<ContextFlag> expected = EnumSet.of(
                ContextFlag.MUTUAL,
                ContextFlag.REPLAY_DETECTION,
                ContextFlag.SEQUENCE_DETECTION,
                ContextFlag.CONFIDENTIALITY,
                ContextFlag.INTEGRITY);
        assertEquals(expected, init.granted());
        assertEquals(expected, acc.granted());
        assertEquals("alice@EXAMPLE.COM", acc.initiatorName().orElseThrow().name());
        assertEquals(
                "HTTP/www.example.com@EXAMPLE.COM",
                init.acceptorName().orElseThrow().name());
        assertEquals(
                "HTTP/www.example.com@EXAMPLE.COM",
                acc.acceptorName().orElseThrow().name());
        assertArrayEquals(init.sessionKey().toByteArray(), acc.sessionKey().toByteArray());
        // KerberosTime has whole seconds
        assertEquals(
                bed.clock.instant().plus(Duration.ofHours(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                acc.expiry().orElseThrow());
        assertEquals(init.expiry(), acc.expiry());
        assertMessagesFlow(init, acc);
    }

    @Test
    void logging_decisionsAtDebug_noTokens() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        byte[] apReq;
        byte[] apRep;
        List<org.jnegotiate.spnego.LogCapture.Line> lines;
        try (org.jnegotiate.spnego.LogCapture capture = new org.jnegotiate.spnego.LogCapture("org.jnegotiate.krb5")) {
            apReq = init.step(null).token();
            apRep = acc.step(apReq).token();
            init.step(apRep);
            lines = capture.lines();
        }
        // tokens are logged once, at TRACE, by the door that carries them (SspiRealMechanismTest, TokenLog), never by
        // the context behind it
        for (byte[] token : List.of(apReq, apRep)) {
            String b64 = java.util.Base64.getEncoder().encodeToString(token);
            assertTrue(lines.stream().noneMatch(l -> l.text().contains(b64)), "no token in the context's records");
        }
        assertTrue(
                lines.contains(new org.jnegotiate.spnego.LogCapture.Line(
                        "DEBUG",
                        "krb5 acceptor: accepted "
                                + "alice@EXAMPLE.COM for HTTP/www.example.com@EXAMPLE.COM (aes256-cts-hmac-sha1-96, mutual true, "
                                + "delegated false)")),
                lines.toString());
        assertTrue(
                lines.contains(new org.jnegotiate.spnego.LogCapture.Line(
                        "DEBUG",
                        "krb5 initiator: AP-REQ as "
                                + "alice@EXAMPLE.COM for HTTP/www.example.com@EXAMPLE.COM (aes256-cts-hmac-sha1-96, mutual true, "
                                + "delegation false)")),
                lines.toString());
    }

    @Test
    void nonMutual_oneLeg_establishedWithInitiatorSubkey() throws Exception {
        KerberosInitiator init = initiator(initRequest().build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        Step s1 = init.step(new byte[0]);
        assertEquals(Status.OK, s1.status());
        assertTrue(init.isEstablished());
        Step s2 = acc.step(s1.token());
        assertEquals(Status.OK, s2.status());
        assertFalse(s2.hasToken());
        assertEquals(EnumSet.of(ContextFlag.CONFIDENTIALITY, ContextFlag.INTEGRITY), acc.granted());
        assertArrayEquals(init.sessionKey().toByteArray(), acc.sessionKey().toByteArray());
        assertMessagesFlow(init, acc);
    }

    /**
     * The contexts take bare tokens; the RFC 2743 framing (here with the MS Kerberos OID, as Windows sends it) is the
     * carrier's: SPNEGO, the SSPI door ({@code sspi.TokenFramingTest}) and the JDK framework unframe it first.
     */
    @Test
    void acceptor_framedInitialContextToken_acceptedOnceTheCarrierUnframesIt() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.MS_KERBEROS, bed.keys(), ContextRequest.builder().build(), bed.settings());
        byte[] framed = GssFraming.wrap(MechOid.MS_KERBEROS, init.step(null).token());
        assertEquals(0x60, framed[0] & 0xFF);
        Step rep = acc.step(GssFraming.unwrap(framed, MechOid.KERBEROS));
        init.step(GssFraming.unwrap(GssFraming.wrap(MechOid.KERBEROS, rep.token()), MechOid.KERBEROS));
        assertTrue(init.isEstablished());
        assertEquals(MechOid.MS_KERBEROS, acc.mechanism());
    }

    @Test
    void acceptor_framedTokenHandedStraightIn_invalidToken() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        byte[] framed = GssFraming.wrap(MechOid.KERBEROS, init.step(null).token());
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(framed));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        assertEquals(
                "invalid token: unknown Kerberos context TOK_ID 0x"
                        + Integer.toHexString(((framed[0] & 0xFF) << 8) | (framed[1] & 0xFF)),
                e.getMessage());
    }

    @Test
    void delegation_requested_acceptorGetsForwardedTgt() throws Exception {
        KerberosInitiator init = initiator(
                initRequest(ContextFlag.MUTUAL, ContextFlag.DELEGATION).build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        init.step(acc.step(init.step(null).token()).token());
        assertTrue(init.granted().contains(ContextFlag.DELEGATION));
        assertTrue(acc.granted().contains(ContextFlag.DELEGATION));
        DelegatedKerberosCredential cred =
                (DelegatedKerberosCredential) acc.delegatedCredential().orElseThrow();
        assertEquals(Krb5Testbed.CLIENT, cred.client());
        assertEquals(Krb5Testbed.TGS, cred.ticket().server());
        assertEquals(
                EncryptionType.AES256_CTS_HMAC_SHA1_96,
                cred.ticket().sessionKey().type());
        assertEquals("krbtgt", cred.ticket().ticket().server().components().get(0));
    }

    @Test
    void delegatedCredential_obtainsTicketsThroughTgsClient() throws Exception {
        ServiceTicket[] seen = new ServiceTicket[1];
        bed.tgsClient = (tgt, service, forwardable) -> {
            seen[0] = tgt;
            return bed.issue(service, bed.serviceKey, 1, 0);
        };
        KerberosInitiator init = initiator(initRequest(ContextFlag.DELEGATION).build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(init.step(null).token());
        DelegatedKerberosCredential cred =
                (DelegatedKerberosCredential) acc.delegatedCredential().orElseThrow();
        KerberosName backend = KerberosName.hostbasedService("HTTP", "db.example.com", Krb5Testbed.REALM);
        ServiceTicket t = cred.serviceTicket(backend);
        assertEquals(backend, t.server());
        assertEquals(cred.ticket(), seen[0]);
        assertTrue(cred.serviceTicket(backend) == t, "second request served from the cache");
        cred.dispose();
        assertTrue(cred.ticket().sessionKey().isDestroyed());
        fails(Failure.INVALID_HANDLE, () -> cred.serviceTicket(backend));
    }

    @Test
    void delegatedCredential_withoutTgsClient_noAuthority() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.DELEGATION).build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(init.step(null).token());
        DelegatedKerberosCredential cred =
                (DelegatedKerberosCredential) acc.delegatedCredential().orElseThrow();
        fails(Failure.NO_AUTHENTICATING_AUTHORITY, () -> cred.serviceTicket(Krb5Testbed.SERVICE));
    }

    @Test
    void delegationPolicy_withoutOkAsDelegate_notDelegated() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.DELEGATION, ContextFlag.DELEGATION_POLICY)
                .build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(init.step(null).token());
        assertFalse(init.granted().contains(ContextFlag.DELEGATION));
        assertTrue(acc.delegatedCredential().isEmpty());
    }

    @Test
    void delegationPolicy_withOkAsDelegate_delegated() throws Exception {
        bed.ticketFlags = TicketPart.FORWARDABLE | TicketPart.OK_AS_DELEGATE;
        KerberosInitiator init = initiator(initRequest(ContextFlag.DELEGATION, ContextFlag.DELEGATION_POLICY)
                .build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(init.step(null).token());
        assertTrue(acc.delegatedCredential().isPresent());
    }

    @Test
    void delegation_tgtNotForwardable_authenticatesWithoutDelegation() throws Exception {
        Krb5Testbed.FakeTickets tickets = bed.tickets();
        tickets.forwardable = false;
        KerberosInitiator init = new KerberosInitiator(
                MechOid.KERBEROS, tickets, initRequest(ContextFlag.DELEGATION).build(), bed.settings());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(init.step(null).token());
        assertTrue(acc.isEstablished());
        assertTrue(acc.delegatedCredential().isEmpty());
        assertFalse(init.granted().contains(ContextFlag.DELEGATION));
    }

    @Test
    void channelBindings_match_accepted() throws Exception {
        ChannelBindings cb =
                ChannelBindings.ofApplicationData("tls-server-end-point:abc".getBytes(StandardCharsets.US_ASCII));
        KerberosInitiator init = initiator(initRequest().channelBindings(cb).build());
        KerberosAcceptor acc =
                acceptor(ContextRequest.builder().channelBindings(cb).build());
        acc.step(init.step(null).token());
        assertTrue(acc.isEstablished());
    }

    @Test
    void channelBindings_mismatch_badBindings() throws Exception {
        KerberosInitiator init = initiator(initRequest()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {1}))
                .build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {2}))
                .build());
        byte[] token = init.step(null).token();
        fails(Failure.BAD_BINDINGS, () -> acc.step(token));
        assertFalse(acc.isEstablished());
        fails(Failure.OUT_OF_SEQUENCE, () -> acc.step(token));
    }

    @Test
    void channelBindings_missingWhenRequired_badBindings() throws Exception {
        KerberosInitiator init = initiator(initRequest().build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {2}))
                .build());
        byte[] token = init.step(null).token();
        fails(Failure.BAD_BINDINGS, () -> acc.step(token));
    }

    @Test
    void channelBindings_missingAllowedByConfig_accepted() throws Exception {
        bed.allowMissingBindings = true;
        KerberosInitiator init = initiator(initRequest().build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {2}))
                .build());
        acc.step(init.step(null).token());
        assertTrue(acc.isEstablished());
    }

    @Test
    void channelBindings_sentButAcceptorHasNone_accepted() throws Exception {
        KerberosInitiator init = initiator(initRequest()
                .channelBindings(ChannelBindings.ofApplicationData(new byte[] {1}))
                .build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(init.step(null).token());
        assertTrue(acc.isEstablished());
    }

    @Test
    void replayedApReq_replayedToken() throws Exception {
        byte[] token = initiator(initRequest().build()).step(null).token();
        acceptor(ContextRequest.builder().build()).step(token);
        NegotiateException e = fails(
                Failure.REPLAYED_TOKEN,
                () -> acceptor(ContextRequest.builder().build()).step(token));
        assertEquals(Failure.REPLAYED_TOKEN.sspiStatus(), 0x80090310);
        assertTrue(e.getMessage().contains("alice@EXAMPLE.COM"));
    }

    @Test
    void skewedAuthenticator_timeSkew() throws Exception {
        byte[] token = initiator(initRequest().build()).step(null).token();
        bed.clock.advance(Duration.ofMinutes(6));
        NegotiateException e = fails(
                Failure.TIME_SKEW,
                () -> acceptor(ContextRequest.builder().build()).step(token));
        assertEquals(37, e.minor());
    }

    @Test
    void authenticatorWithinSkew_accepted() throws Exception {
        byte[] token = initiator(initRequest().build()).step(null).token();
        bed.clock.advance(Duration.ofMinutes(4));
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(token);
        assertTrue(acc.isEstablished());
    }

    @Test
    void expiredTicket_contextExpired() throws Exception {
        bed.ticketLifetime = Duration.ofMinutes(1);
        byte[] token = initiator(initRequest().build()).step(null).token();
        bed.clock.advance(Duration.ofMinutes(7)); // past endtime + skew; checked before the authenticator's time
        NegotiateException e = fails(
                Failure.CONTEXT_EXPIRED,
                () -> acceptor(ContextRequest.builder().build()).step(token));
        assertEquals(32, e.minor());
    }

    @Test
    void initiator_expiredServiceTicket_credentialsExpired() {
        bed.ticketStart = bed.clock.instant().minus(Duration.ofHours(11));
        bed.ticketLifetime = Duration.ofHours(10);
        // the ticket source hands out an expired ticket; the initiator refuses to use it
        KerberosInitiator init = initiator(initRequest().build());
        fails(Failure.CREDENTIALS_EXPIRED, () -> init.step(null));
    }

    @Test
    void ticketNotYetValid_timeSkew() throws Exception {
        bed.ticketStart = bed.clock.instant().plus(Duration.ofMinutes(30));
        byte[] token = initiator(initRequest().build()).step(null).token();
        fails(
                Failure.TIME_SKEW,
                () -> acceptor(ContextRequest.builder().build()).step(token));
    }

    @Test
    void wrongServiceKey_logonDenied() throws Exception {
        Krb5Testbed.FakeTickets tickets = bed.tickets();
        tickets.keyForTickets = bed.crypto.randomKey(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        byte[] token = new KerberosInitiator(
                        MechOid.KERBEROS, tickets, initRequest().build(), bed.settings())
                .step(null)
                .token();
        NegotiateException e = fails(
                Failure.LOGON_DENIED,
                () -> acceptor(ContextRequest.builder().build()).step(token));
        assertEquals(41, e.minor());
    }

    @Test
    void noKeyForEnctype_noCredentials() throws Exception {
        byte[] token = initiator(initRequest().build()).step(null).token();
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.KERBEROS,
                new Krb5Testbed.FakeKeys(
                        List.of(bed.crypto.randomKey(EncryptionType.AES128_CTS_HMAC_SHA1_96)), Krb5Testbed.KVNO),
                ContextRequest.builder().build(),
                bed.settings());
        fails(Failure.NO_CREDENTIALS, () -> acc.step(token));
    }

    @Test
    void otherKeyVersionOnly_unknownCredentials() throws Exception {
        byte[] token = initiator(initRequest().build()).step(null).token();
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.KERBEROS,
                new Krb5Testbed.FakeKeys(List.of(bed.serviceKey), Krb5Testbed.KVNO + 1) {
                    @Override
                    public List<org.jnegotiate.krb5.crypto.Krb5Key> keysFor(KerberosName s, int etype, Integer kvno) {
                        return kvno == null ? List.of(bed.serviceKey) : List.of();
                    }
                },
                ContextRequest.builder().build(),
                bed.settings());
        fails(Failure.UNKNOWN_CREDENTIALS, () -> acc.step(token));
    }

    @Test
    void tokenForAnotherService_noCredentials() throws Exception {
        KerberosInitiator init = initiator(ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@other.example.com"))
                .build());
        byte[] token = init.step(null).token();
        fails(
                Failure.NO_CREDENTIALS,
                () -> acceptor(ContextRequest.builder().build()).step(token));
    }

    @Test
    void targetPrincipalName_parsedWithClientRealm() throws Exception {
        KerberosInitiator init = initiator(ContextRequest.builder()
                .target(PeerName.principal("HTTP/www.example.com"))
                .build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        acc.step(init.step(null).token());
        assertEquals(
                "HTTP/www.example.com@EXAMPLE.COM",
                acc.acceptorName().orElseThrow().name());
    }

    @Test
    void acceptorName_hostbasedTarget_canonicalPrincipalLikeSunJgss() throws Exception {
        List<String> hostsResolved = new java.util.ArrayList<>();
        KerberosSettings settings = new KerberosSettings(
                bed.crypto,
                bed.clock,
                KerberosSettings.DEFAULT_SKEW,
                host -> {
                    hostsResolved.add(host);
                    return Krb5Testbed.REALM;
                },
                Optional.of(bed.replayCache),
                false,
                false,
                Optional.empty());
        KerberosInitiator init = new KerberosInitiator(
                MechOid.KERBEROS,
                bed.tickets(),
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@WWW.Example.COM."))
                        .flag(ContextFlag.MUTUAL, true)
                        .build(),
                settings);
        assertEquals(Optional.empty(), init.acceptorName(), "not resolved before the first step");
        byte[] apReq = init.step(null).token();
        PeerName expected = PeerName.principal("HTTP/www.example.com@EXAMPLE.COM");
        assertEquals(Optional.of(expected), init.acceptorName());
        assertEquals(
                PeerName.Type.KERBEROS_PRINCIPAL,
                init.acceptorName().orElseThrow().type());
        assertEquals(List.of("www.example.com"), hostsResolved, "lower case, trailing dot removed, then the realm");
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        init.step(acc.step(apReq).token());
        assertTrue(init.isEstablished());
        assertEquals(Optional.of(expected), init.acceptorName(), "established: still the canonical principal");
        assertEquals(acc.acceptorName(), init.acceptorName(), "the name the acceptor reports for itself");
    }

    @Test
    void targetWithoutHost_targetUnknown() {
        KerberosInitiator init = initiator(
                ContextRequest.builder().target(PeerName.hostbased("HTTP")).build());
        fails(Failure.TARGET_UNKNOWN, () -> init.step(null));
    }

    @Test
    void noTarget_targetUnknown() {
        KerberosInitiator init = initiator(ContextRequest.builder().build());
        fails(Failure.TARGET_UNKNOWN, () -> init.step(null));
    }

    @Test
    void wrongTokId_invalidToken() throws Exception {
        byte[] token = initiator(initRequest().build()).step(null).token();
        token[0] = 0x02; // claims AP-REP
        fails(
                Failure.INVALID_TOKEN,
                () -> acceptor(ContextRequest.builder().build()).step(token));
        token[0] = 0x07;
        fails(
                Failure.INVALID_TOKEN,
                () -> acceptor(ContextRequest.builder().build()).step(token));
    }

    @Test
    void truncatedApReq_invalidTokenAtEveryLength() throws Exception {
        byte[] token = initiator(initRequest().build()).step(null).token();
        for (int len = 0; len < token.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(token, len);
            fails(
                    Failure.INVALID_TOKEN,
                    () -> acceptor(ContextRequest.builder().build()).step(cut));
        }
    }

    @Test
    void garbledApReq_everyBytePosition_onlyNegotiateException() throws Exception {
        byte[] token =
                initiator(initRequest(ContextFlag.MUTUAL).build()).step(null).token();
        EnumSet<Failure> seen = EnumSet.noneOf(Failure.class);
        for (int i = 0; i < token.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] bad = token.clone();
                bad[i] ^= (byte) flip;
                try {
                    new KerberosAcceptor(
                                    MechOid.KERBEROS,
                                    bed.keys(),
                                    ContextRequest.builder().build(),
                                    new KerberosSettings(
                                            bed.crypto,
                                            bed.clock,
                                            KerberosSettings.DEFAULT_SKEW,
                                            h -> "X",
                                            Optional.empty(),
                                            false,
                                            false,
                                            Optional.empty()))
                            .step(bad);
                } catch (NegotiateException e) {
                    seen.add(e.failure());
                    assertFalse(e.failure() == Failure.INTERNAL_ERROR, "byte " + i + ": " + e);
                }
            }
        }
        assertTrue(seen.contains(Failure.INVALID_TOKEN), seen.toString());
        assertTrue(seen.contains(Failure.LOGON_DENIED), seen.toString());
    }

    @Test
    void windowsCorpusApReq_everyByteFlipped_onlyNegotiateException() throws Exception {
        byte[] token = org.jnegotiate.testing.Corpus.pyspnego("initial_context_token_krb_ap_req.bin");
        // the unmodified token: a ticket for host/dc01@DOMAIN.LOCAL, for which this acceptor has no key; framed, as
        // Windows sends it, and unframed as its carrier (SPNEGO, the SSPI door) hands it to the context
        fails(
                Failure.NO_CREDENTIALS,
                () -> acceptor(ContextRequest.builder().build()).step(GssFraming.unwrap(token, MechOid.KERBEROS)));
        for (int i = 0; i < token.length; i++) {
            byte[] bad = token.clone();
            bad[i] ^= (byte) 0xA5;
            NegotiateException e = assertThrows(
                    NegotiateException.class,
                    () -> acceptor(ContextRequest.builder().build()).step(GssFraming.unwrap(bad, MechOid.KERBEROS)),
                    "byte " + i);
            assertFalse(e.failure() == Failure.INTERNAL_ERROR, "byte " + i + ": " + e);
        }
    }

    @Test
    void garbledApRep_everyBytePosition_onlyNegotiateException() throws Exception {
        byte[] apReq = null;
        byte[] apRep = null;
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        KerberosInitiator first = initiator(initRequest(ContextFlag.MUTUAL).build());
        apReq = first.step(null).token();
        apRep = acc.step(apReq).token();
        for (int i = 0; i < apRep.length; i++) {
            byte[] bad = apRep.clone();
            bad[i] ^= 0x41;
            KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
            init.step(null);
            NegotiateException e = assertThrows(NegotiateException.class, () -> init.step(bad), "byte " + i);
            assertTrue(
                    e.failure() == Failure.INVALID_TOKEN || e.failure() == Failure.WRONG_PRINCIPAL,
                    "byte " + i + ": " + e);
        }
    }

    @Test
    void apRepFromAnotherContext_wrongPrincipal() throws Exception {
        KerberosInitiator a = initiator(initRequest(ContextFlag.MUTUAL).build());
        KerberosInitiator b = initiator(initRequest(ContextFlag.MUTUAL).build());
        byte[] repForB = acceptor(ContextRequest.builder().build())
                .step(b.step(null).token())
                .token();
        a.step(null);
        fails(Failure.WRONG_PRINCIPAL, () -> a.step(repForB));
    }

    @Test
    void step_afterEstablished_outOfSequence() throws Exception {
        KerberosInitiator init = initiator(initRequest().build());
        init.step(null);
        fails(Failure.OUT_OF_SEQUENCE, () -> init.step(null));
    }

    @Test
    void protector_beforeEstablished_invalidHandle() {
        fails(Failure.INVALID_HANDLE, () -> initiator(initRequest().build()).protector());
        fails(
                Failure.INVALID_HANDLE,
                () -> acceptor(ContextRequest.builder().build()).sessionKey());
    }

    @Test
    void dispose_zeroesKeysAndCiphers() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        init.step(acc.step(init.step(null).token()).token());
        var initKey = init.protectionKey();
        var accKey = acc.protectionKey();
        init.dispose();
        acc.dispose();
        assertTrue(initKey.isDestroyed());
        assertTrue(accKey.isDestroyed());
        assertTrue(bed.crypto.created.stream().allMatch(c -> c.destroyed), "every cipher destroyed");
        assertFalse(bed.serviceKey.isDestroyed(), "the keytab's key belongs to the KeySource");
        fails(Failure.INVALID_HANDLE, init::protector);
        // a disposed context is no longer a handle (issue 14: DISPOSED in every role), not merely out of sequence
        fails(Failure.INVALID_HANDLE, () -> acc.step(new byte[] {1, 0}));
    }

    /** MechContext's threading contract: each method runs atomically on the context's monitor. */
    @Test
    void concurrentSteps_oneAccepts_theOtherFindsItEstablished() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
                byte[] token = initiator(initRequest().build()).step(null).token();
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Optional<Failure>>> both = new java.util.ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(pool.submit(() -> {
                        go.await();
                        try {
                            acc.step(token);
                            return Optional.<Failure>empty();
                        } catch (NegotiateException e) {
                            return Optional.of(e.failure());
                        }
                    }));
                }
                go.countDown();
                List<Optional<Failure>> outcomes =
                        List.of(both.get(0).get(), both.get(1).get());
                assertTrue(outcomes.contains(Optional.empty()), "one step accepts: " + outcomes);
                assertTrue(
                        outcomes.contains(Optional.of(Failure.OUT_OF_SEQUENCE)),
                        "the other comes after it: " + outcomes);
                assertTrue(acc.isEstablished());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dispose_beforeAnyStep_invalidHandle() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
        KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
        init.dispose();
        acc.dispose();
        init.dispose(); // idempotent
        acc.dispose();
        fails(Failure.INVALID_HANDLE, () -> init.step(null));
        fails(Failure.INVALID_HANDLE, () -> acc.step(new byte[] {1, 0}));
        for (var ctx : List.of(init, acc)) {
            fails(Failure.INVALID_HANDLE, ctx::protector);
            fails(Failure.INVALID_HANDLE, ctx::sessionKey);
            fails(Failure.INVALID_HANDLE, ctx::sessionKeyType);
            assertFalse(ctx.isEstablished());
            assertTrue(ctx.granted().isEmpty());
        }
        assertTrue(bed.crypto.created.isEmpty(), "no key was ever used");
    }

    @Test
    void dispose_afterEstablishment_invalidHandleAndKeysZeroed() throws Exception {
        for (boolean mutual : new boolean[] {false, true}) {
            KerberosInitiator init = initiator(
                    mutual
                            ? initRequest(ContextFlag.MUTUAL).build()
                            : initRequest().build());
            KerberosAcceptor acc = acceptor(ContextRequest.builder().build());
            byte[] reply = acc.step(init.step(null).token()).token();
            if (mutual) {
                init.step(reply);
            }
            assertTrue(init.isEstablished() && acc.isEstablished());
            assertFalse(init.granted().isEmpty());
            byte[] wrapped = init.protector().wrap(new byte[] {1, 2, 3}, 0, 3, true);
            for (var ctx : List.of(init, acc)) {
                var key = ctx == init ? init.protectionKey() : acc.protectionKey();
                ctx.dispose();
                ctx.dispose(); // idempotent
                assertTrue(key.isDestroyed(), "mutual " + mutual);
                assertFalse(ctx.isEstablished());
                assertTrue(ctx.granted().isEmpty());
                fails(Failure.INVALID_HANDLE, () -> ctx.step(wrapped));
                fails(Failure.INVALID_HANDLE, ctx::protector);
                fails(Failure.INVALID_HANDLE, ctx::sessionKey);
                fails(Failure.INVALID_HANDLE, ctx::sessionKeyType);
            }
            assertTrue(bed.crypto.created.stream().allMatch(c -> c.destroyed), "every cipher destroyed");
        }
    }

    @Test
    void failedStep_destroysKeys() throws Exception {
        KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
        init.step(null);
        fails(Failure.INVALID_TOKEN, () -> init.step(new byte[] {2, 0, 0x30, 0}));
        assertTrue(init.protectionKey().isDestroyed());
        fails(Failure.OUT_OF_SEQUENCE, () -> init.step(null));
    }

    @Test
    void krbErrorFromAcceptor_mappedFailure() throws Exception {
        org.apache.kerby.kerberos.kerb.type.base.KrbError err = new org.apache.kerby.kerberos.kerb.type.base.KrbError();
        err.setErrorCode(org.apache.kerby.kerberos.kerb.KrbErrorCode.KRB_AP_ERR_SKEW);
        err.setStime(org.apache.kerby.kerberos.kerb.type.KerberosTime.now());
        err.setSusec(0);
        err.setRealm("EXAMPLE.COM");
        err.setSname(Krb5Testbed.SERVICE.toKerby());
        byte[] der = org.jnegotiate.krb5.tokens.KerberosCodec.encode(err);
        KerberosInitiator init = initiator(initRequest(ContextFlag.MUTUAL).build());
        init.step(null);
        NegotiateException e = fails(
                Failure.TIME_SKEW,
                () -> init.step(ContextToken.inner(org.jnegotiate.krb5.tokens.ContextTokenId.KRB_ERROR, der)));
        assertEquals(37, e.minor());
    }

    private static void assertMessagesFlow(KerberosInitiator init, KerberosAcceptor acc) throws Exception {
        byte[] hello = "hello acceptor".getBytes(StandardCharsets.UTF_8);
        for (boolean conf : new boolean[] {true, false}) {
            byte[] w = init.protector().wrap(hello, 0, hello.length, conf);
            Unwrapped u = acc.protector().unwrap(w, 0, w.length);
            assertArrayEquals(hello, u.message());
            assertEquals(conf, u.confidential());
            assertEquals(TokenOrder.IN_ORDER, u.order());
            byte[] back = acc.protector().wrap(hello, 0, hello.length, conf);
            assertArrayEquals(
                    hello, init.protector().unwrap(back, 0, back.length).message());
        }
        byte[] mic = acc.protector().getMic(hello, 0, hello.length);
        assertEquals(TokenOrder.IN_ORDER, init.protector().verifyMic(mic, 0, mic.length, hello, 0, hello.length));
        byte[] mic2 = init.protector().getMic(hello, 0, hello.length);
        assertEquals(TokenOrder.IN_ORDER, acc.protector().verifyMic(mic2, 0, mic2.length, hello, 0, hello.length));
    }
}
