package org.jnegotiate.conformance.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.krb5.creds.KerberosCredential;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User names as Active Directory users type them, against an MIT KDC (1.20: no enterprise names without LDAP, so
 * the KDC's canonicalization of an alias cannot be shown here; the Samba AD suite is where it is): a UPN with the
 * realm in lower case goes first as an enterprise name with the canonicalize option (the KDC's log shows it refused),
 * then as the account at that realm; {@code DOMAIN\\user} finds its realm by the first label; the KDC's
 * PA-REQ-ENC-PA-REP (RFC 6806 section 11) is verified, and a request changed on the way is caught by it.
 */
class NamesAsTypedMitTest {
    private static final String REALM = "AD.EXAMPLE.TEST";
    private static final String HOST = "app.ad.example.test";
    private static final String SERVICE = "HTTP/" + HOST + "@" + REALM;
    private static final String PASSWORD = "alice-Typed-1";
    /** TicketFlags bit 15, enc-pa-rep: the KDC answered the client's PA-REQ-ENC-PA-REP. */
    private static final int ENC_PA_REP = 1 << (31 - 15);

    private static MitKdc kdc;
    private static Path dir;
    private static Path conf;

    @BeforeAll
    static void start(@TempDir Path temp) throws Exception {
        dir = temp;
        kdc = MitKdc.builder().realm(REALM).start();
        kdc.addPrincipal("alice", PASSWORD);
        kdc.addRandomKeyPrincipal("HTTP/" + HOST);
        kdc.exportKeytab(dir.resolve("service.keytab"), "HTTP/" + HOST);
        conf = krb5Conf("names.conf", "");
    }

    @AfterAll
    static void stop() {
        if (kdc != null) {
            kdc.close();
        }
    }

    /** The realm AD.EXAMPLE.TEST on the KDC, with {@code extraRealms} ([realms] entries) after it. */
    private static Path krb5Conf(String name, String extraRealms) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(
                file,
                "[libdefaults]\n  default_realm = " + REALM + "\n  dns_lookup_kdc = false\n"
                        + "  dns_lookup_realm = false\n  kdc_timeout = 5000\n  max_retries = 1\n"
                        + "  default_tkt_enctypes = aes256-cts-hmac-sha1-96\n  default_tgs_enctypes = aes256-cts-hmac-sha1-96\n"
                        + "\n[realms]\n  " + REALM + " = {\n    kdc = 127.0.0.1:" + kdc.port() + "\n  }\n" + extraRealms
                        + "\n[domain_realm]\n  .ad.example.test = " + REALM + "\n");
        return file;
    }

    private static String clientOf(MechContext acceptor) {
        return acceptor.initiatorName().orElseThrow().name();
    }

    @Test
    void upnWithTheRealmInLowerCase_enterpriseNameThenAccount_establishes() throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        KerberosCredential alice = (KerberosCredential) engine.login("alice@ad.example.test", PASSWORD);
        assertEquals("alice@" + REALM, alice.client().toString());
        MechContext acceptor = engine.establish(alice, "HTTP@" + HOST, dir.resolve("service.keytab"), SERVICE);
        assertEquals("alice@" + REALM, clientOf(acceptor));
        // the first AS-REQ carried the enterprise name (NT-ENTERPRISE), which MIT's KDC looked up and did not find
        assertTrue(kdc.log().contains("CLIENT_NOT_FOUND: alice\\@ad.example.test@" + REALM), kdc.log());
    }

    @Test
    void downLevelName_domainIsTheRealmsFirstLabel_establishes() throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        for (String typed : List.of("AD\\alice", "ad\\alice")) {
            KerberosCredential alice = (KerberosCredential) engine.login(typed, PASSWORD);
            assertEquals("alice@" + REALM, alice.client().toString(), typed);
            MechContext acceptor = engine.establish(alice, "HTTP@" + HOST, dir.resolve("service.keytab"), SERVICE);
            assertEquals("alice@" + REALM, clientOf(acceptor));
        }
    }

    @Test
    void downLevelName_twoRealmsMatch_refusedAsAmbiguous() throws Exception {
        EngineKerberos engine = new EngineKerberos(
                krb5Conf("two.conf", "  AD.OTHER.TEST = {\n    kdc = 127.0.0.1:" + kdc.port() + "\n  }\n"));
        NegotiateException e = assertThrows(NegotiateException.class, () -> engine.login("AD\\alice", PASSWORD));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
        assertEquals(
                "invalid parameter: cannot tell the realm of 'AD\\alice': the realms [AD.EXAMPLE.TEST, "
                        + "AD.OTHER.TEST] all match AD; log in as user@REALM",
                e.getMessage());
    }

    @Test
    void downLevelName_noRealmMatches_refused() throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        NegotiateException e = assertThrows(NegotiateException.class, () -> engine.login("CORP\\alice", PASSWORD));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
        assertTrue(
                e.getMessage().startsWith("invalid parameter: cannot tell the realm of 'CORP\\alice': no realm of "),
                e.getMessage());
        assertTrue(
                e.getMessage().endsWith(" is CORP or has it as its first label; log in as user@REALM"), e.getMessage());
    }

    @Test
    void upnLogin_wrongPassword_logonDenied() throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> engine.login("alice@ad.example.test", "not-it"));
        assertEquals(Failure.LOGON_DENIED, e.failure(), e.getMessage());
    }

    @Test
    void upnOfAnUnknownUser_logonDeniedNamingTheAccount() throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> engine.login("mallory@ad.example.test", PASSWORD));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertEquals(6, e.minor());
        assertTrue(e.getMessage().contains("the KDC does not know the client mallory@" + REALM), e.getMessage());
    }

    /** MIT's KDC answers PA-REQ-ENC-PA-REP: the TGT carries the enc-pa-rep flag, so the checksum was verified. */
    @Test
    void canonicalizingLogin_kdcProtectsTheExchange_encPaRepVerified() throws Exception {
        EngineKerberos engine = new EngineKerberos(conf);
        KerberosCredential alice = (KerberosCredential) engine.login("alice@ad.example.test", PASSWORD);
        assertTrue((alice.currentTgt().flags() & ENC_PA_REP) != 0, "no enc-pa-rep flag: the KDC did not answer it");
    }

    /**
     * Someone on the path changes the AS-REQ (here one digit of the requested end time): MIT's KDC answers the
     * changed request with a valid ticket, and its PA-REQ-ENC-PA-REP, computed over what it received, shows the change.
     */
    @Test
    void requestChangedOnTheWay_encPaRepMismatch_messageAltered() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        KdcTransport network = new NetworkKdcTransport();
        KdcTransport tampering = (k, request, tcp, timeout) -> {
            byte[] changed = request.clone();
            changeTill(changed);
            sent.add(changed);
            return network.exchange(k, changed, tcp, timeout);
        };
        EngineKerberos engine = new EngineKerberos(conf, tampering);
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> engine.login("alice@ad.example.test", PASSWORD));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains("PA-REQ-ENC-PA-REP does not match the AS-REQ sent"), e.getMessage());
        assertEquals(2, sent.size()); // the enterprise name (unknown) and the account, whose reply was caught
    }

    /** Adds one second to the first KerberosTime of the message (the req-body's till): its last seconds digit. */
    private static void changeTill(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\x18\\x0f[0-9]{14}Z").matcher(text);
        assertTrue(m.find(), "no KerberosTime in the request");
        int digit = m.start() + 2 + 13;
        message[digit] = (byte) (message[digit] == '9' ? '8' : message[digit] + 1);
    }
}
