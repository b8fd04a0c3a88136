package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.KrbTree;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * The TGS exchange across realms against forged KDCs, one per realm (each found by a DNS SRV answer naming the
 * realm, so the transport knows which KDC is asked): referrals followed, the hop limit, loops, the capaths route
 * with MIT's furthest-first order, and the names a KDC may and may not answer with. Every forged TGT has a session
 * key of zeros, so each reply is encrypted with it.
 */
class CrossRealmTgsTest {
    private static final KerberosName HTTP = KerberosName.hostbasedService("HTTP", "www.r.test", ForgedKdc.REALM);
    private static final String CONF = "[libdefaults]\n default_realm = R.TEST\n dns_lookup_kdc = true\n"
            + " max_retries = 1\n default_tkt_enctypes = aes256-cts\n default_tgs_enctypes = aes256-cts\n"
            + "[realms]\n R.TEST = {\n  kdc = r.test:88\n }\n"
            + "[capaths]\n R.TEST = {\n  S.TEST = M.TEST\n }\n";

    /** What a forged KDC answers to a TGS-REQ for {@code sname@realm} (a reply, or a KRB-ERROR). */
    @FunctionalInterface
    private interface Kdc {
        byte[] answer(String realm, KerberosName sname, byte[] request) throws NegotiateException;
    }

    /** The realm (req-body [2]) and sname (req-body [3]) of a TGS-REQ. */
    private static KerberosName asked(byte[] request) throws NegotiateException {
        return Asn1Tree.bind(request, "TGS-REQ", root -> {
            DerElement[] req = Asn1Tree.fields(Asn1Tree.application(root, 12, "TGS-REQ"), 5, "TGS-REQ");
            DerElement[] body = Asn1Tree.fields(req[4], 12, "req-body");
            return KrbTree.principal(body[3], body[2], "sname");
        });
    }

    private static byte[] issue(byte[] request, KerberosName server) throws NegotiateException {
        return ForgedKdc.tgsRep(request, server, new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, new byte[32]));
    }

    /** Requests {@code service} with the KDCs of {@code kdc}; {@code log} gets "REALM: sname" per request. */
    private static ServiceTicket request(KerberosName service, List<String> log, Kdc kdc) throws NegotiateException {
        Krb5Config conf = Krb5Config.parse(CONF);
        KdcLocator locator = new KdcLocator(
                conf,
                name -> List.of(new KdcLocator.Srv(
                        0,
                        0,
                        88,
                        name.substring(
                                name.indexOf("._tcp.") >= 0
                                        ? name.indexOf("._tcp.") + 6
                                        : name.indexOf("._udp.") + 6))));
        KdcClient client = new KdcClient(
                conf,
                (k, request, tcp, timeout) -> {
                    try {
                        KerberosName sname = asked(request);
                        String realm = k.host().toUpperCase(java.util.Locale.ROOT);
                        log.add(realm + ": " + sname);
                        return kdc.answer(realm, sname, request);
                    } catch (NegotiateException e) {
                        throw new AssertionError(e);
                    }
                },
                locator);
        return new TgsExchange(KdcContexts.of(client, false))
                .request(ForgedKdc.tgt(), service, TicketOptions.fromConfig(conf));
    }

    @Test
    void referral_followedToTheRealmItNames() throws NegotiateException {
        List<String> log = new ArrayList<>();
        ServiceTicket st = request(
                HTTP,
                log,
                (realm, sname, request) -> realm.equals("R.TEST")
                        ? issue(
                                request,
                                new KerberosName(KerberosName.NT_SRV_INST, List.of("krbtgt", "X.TEST"), "R.TEST"))
                        : issue(request, sname));
        assertEquals("HTTP/www.r.test@X.TEST", st.server().toString());
        assertEquals(List.of("R.TEST: HTTP/www.r.test@R.TEST", "X.TEST: HTTP/www.r.test@X.TEST"), log);
    }

    @Test
    void referralChainLongerThanTheHopLimit_refused() {
        List<String> log = new ArrayList<>();
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> request(
                        HTTP,
                        log,
                        (realm, sname, request) -> issue(
                                request,
                                new KerberosName(KerberosName.NT_SRV_INST, List.of("krbtgt", next(realm)), realm))));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(
                "no authenticating authority: more than 10 cross-realm hops on the way to "
                        + "HTTP/www.r.test@R.TEST: R.TEST -> X1.TEST -> X2.TEST -> X3.TEST -> X4.TEST -> X5.TEST -> X6.TEST -> "
                        + "X7.TEST -> X8.TEST -> X9.TEST -> X10.TEST -> X11.TEST",
                e.getMessage());
        assertEquals(11, log.size());
    }

    private static String next(String realm) {
        return realm.equals("R.TEST")
                ? "X1.TEST"
                : "X" + (Integer.parseInt(realm.substring(1, realm.indexOf('.'))) + 1) + ".TEST";
    }

    @Test
    void referralBackToARealmCrossed_loopRefused() {
        List<String> log = new ArrayList<>();
        Map<String, String> referTo = Map.of("R.TEST", "X.TEST", "X.TEST", "Y.TEST", "Y.TEST", "X.TEST");
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> request(
                        HTTP,
                        log,
                        (realm, sname, request) -> issue(
                                request,
                                new KerberosName(
                                        KerberosName.NT_SRV_INST, List.of("krbtgt", referTo.get(realm)), realm))));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(
                "no authenticating authority: cross-realm loop on the way to HTTP/www.r.test@R.TEST: "
                        + "R.TEST -> X.TEST -> Y.TEST -> X.TEST (krbtgt/X.TEST@Y.TEST leads back)",
                e.getMessage());
        assertEquals(3, log.size());
    }

    @Test
    void serviceInAnotherRealm_capathsRoute_furthestFirst() throws NegotiateException {
        List<String> log = new ArrayList<>();
        KerberosName service = KerberosName.hostbasedService("HTTP", "www.s.test", "S.TEST");
        ServiceTicket st = request(
                service,
                log,
                (realm, sname, request) ->
                        realm.equals("R.TEST") && sname.components().get(1).equals("S.TEST")
                                ? ForgedKdc.error(7, null)
                                : issue(request, sname));
        assertEquals("HTTP/www.s.test@S.TEST", st.server().toString());
        assertEquals(
                List.of(
                        "R.TEST: krbtgt/S.TEST@R.TEST",
                        "R.TEST: krbtgt/M.TEST@R.TEST",
                        "M.TEST: krbtgt/S.TEST@M.TEST",
                        "S.TEST: HTTP/www.s.test@S.TEST"),
                log);
    }

    @Test
    void crossRealmTgtForARealmOffThePath_wrongPrincipal() {
        KerberosName service = KerberosName.hostbasedService("HTTP", "www.s.test", "S.TEST");
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> request(
                        service,
                        new ArrayList<>(),
                        (realm, sname, request) -> issue(
                                request,
                                new KerberosName(KerberosName.NT_SRV_INST, List.of("krbtgt", "EVIL.TEST"), "R.TEST"))));
        assertEquals(Failure.WRONG_PRINCIPAL, e.failure());
        assertEquals(
                "wrong principal: the KDC of R.TEST answered a request for krbtgt/S.TEST@R.TEST with a ticket "
                        + "for krbtgt/EVIL.TEST@R.TEST, which is not on the path [M.TEST, S.TEST]",
                e.getMessage());
    }

    @Test
    void noCrossRealmKeyAnywhereOnThePath_noAuthority() {
        KerberosName service = KerberosName.hostbasedService("HTTP", "www.s.test", "S.TEST");
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> request(service, new ArrayList<>(), (realm, sname, request) -> ForgedKdc.error(7, null)));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(
                "no authenticating authority: no cross-realm TGT from R.TEST to any of [M.TEST, S.TEST] (the KDC "
                        + "of R.TEST knows none of them)",
                e.getMessage());
    }

    @Test
    void answerForAnotherService_wrongPrincipal() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> request(
                        HTTP,
                        new ArrayList<>(),
                        (realm, sname, request) ->
                                issue(request, KerberosName.hostbasedService("HTTP", "evil", "R.TEST"))));
        assertEquals(Failure.WRONG_PRINCIPAL, e.failure());
        assertEquals(
                "wrong principal: KDC reply is for server HTTP/evil@R.TEST, not HTTP/www.r.test@R.TEST",
                e.getMessage());
    }

    @Test
    void referralToTheSameRealm_wrongPrincipal() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> request(
                        HTTP,
                        new ArrayList<>(),
                        (realm, sname, request) -> issue(request, KerberosName.tgs("R.TEST"))));
        assertEquals(Failure.WRONG_PRINCIPAL, e.failure());
        assertEquals(
                "wrong principal: KDC reply is for server krbtgt/R.TEST@R.TEST, not HTTP/www.r.test@R.TEST",
                e.getMessage());
    }

    @Test
    void realmPath_hierarchicalAndCapaths() throws NegotiateException {
        Krb5Config conf = Krb5Config.parse(CONF + "[capaths]\n A.TEST = {\n  B.TEST = .\n }\n");
        assertEquals(List.of(), RealmPath.between("R.TEST", "R.TEST", conf));
        assertEquals(List.of("M.TEST", "S.TEST"), RealmPath.between("R.TEST", "S.TEST", conf));
        assertEquals(List.of("B.TEST"), RealmPath.between("A.TEST", "B.TEST", conf));
        assertEquals(
                List.of("EXAMPLE.TEST", "B.EXAMPLE.TEST"), RealmPath.between("A.EXAMPLE.TEST", "B.EXAMPLE.TEST", conf));
        assertEquals(
                List.of("B.EXAMPLE.TEST", "EXAMPLE.TEST", "C.EXAMPLE.TEST"),
                RealmPath.between("A.B.EXAMPLE.TEST", "C.EXAMPLE.TEST", conf));
        assertEquals(List.of("A.EXAMPLE.TEST"), RealmPath.between("EXAMPLE.TEST", "A.EXAMPLE.TEST", conf));
        assertEquals(List.of("EXAMPLE.TEST"), RealmPath.between("A.EXAMPLE.TEST", "EXAMPLE.TEST", conf));
        // no common suffix: up to the client's top-level name, over, and down (tried furthest first: direct trust wins)
        assertEquals(List.of("COM", "ORG", "CORP.ORG"), RealmPath.between("AD.COM", "CORP.ORG", conf));
    }
}
