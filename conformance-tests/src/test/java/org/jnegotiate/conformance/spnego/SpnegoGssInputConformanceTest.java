package org.jnegotiate.conformance.spnego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import org.ietf.jgss.GSSException;
import org.jnegotiate.conformance.fixtures.Corpus;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.JvmNtlmUsers;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a JNegotiate SPNEGO acceptor makes of foreign and bad input given through
 * {@code GSSContext.acceptSecContext} (the JDK framework checks and strips the 0x60 framing first):
 * Internet Explorer's MS-KRB5-first token from the corpus, malformed and truncated tokens, mechanism
 * lists it cannot serve, and a token after completion. No KDC: the acceptor's Kerberos key is made from
 * a password, for another service than the corpus ticket's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpnegoGssInputConformanceTest {
    private static final String SPNEGO_OID_DER = "06062b0601050502";
    private static final String NTLM_OID_DER = "060a2b0601040182370202" + "0a";

    private Path dir;
    private Subject service;

    @BeforeAll
    void writeRealm() throws IOException {
        dir = Files.createTempDirectory("spnego-input-");
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Path krb5Conf = dir.resolve("krb5.conf");
        Files.writeString(
                krb5Conf,
                "[libdefaults]\n  default_realm = JNEGOTIATE.TEST\n  udp_preference_limit = 1\n"
                        + "  dns_lookup_kdc = false\n  dns_canonicalize_hostname = false\n  rdns = false\n"
                        + "[realms]\n  JNEGOTIATE.TEST = {\n    kdc = 127.0.0.1:" + deadPort + "\n  }\n"
                        + "[domain_realm]\n  .jnegotiate.test = JNEGOTIATE.TEST\n");
        JvmKrb5Conf.install(krb5Conf);
        service = new Subject();
        KerberosPrincipal other = new KerberosPrincipal("HTTP/other.jnegotiate.test@JNEGOTIATE.TEST");
        service.getPrincipals().add(other);
        service.getPrivateCredentials().add(new KerberosKey(other, "not-the-iis-key".toCharArray(), "AES256"));
        service.getPrivateCredentials().add(new KerberosKey(other, "not-the-iis-key".toCharArray(), "ArcFourHmac"));
    }

    @BeforeEach
    void users() {
        JvmNtlmUsers.write("JNEGOTIATE:bob:bob-Passw0rd", "JNEGOTIATE:carol:carol-Passw0rd");
    }

    @AfterAll
    void deleteFiles() throws IOException {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- the corpus token ---------------------------------------------------------------------

    /**
     * A browser-to-IIS style NegTokenInit (the corpus's jnegotiate/ms-krb5-first-negtokeninit.bin) lists MS-KRB5
     * first with an optimistic AP-REQ for HTTP/iis.example.com. The acceptor takes the optimistic token only
     * for the initiator's first choice, so reaching the ticket proves it chose MS-KRB5; it must then fail for
     * want of that service's key, not in the negotiation (BAD_MECH) or the token syntax (DEFECTIVE_TOKEN).
     */
    @Test
    void msKrb5FirstToken_keyOfAnotherService_failsAtTheTicketWithNoCred() throws Exception {
        byte[] token = Corpus.bytes("jnegotiate", "ms-krb5-first-negtokeninit.bin");
        GssParty acceptor = JNegotiate.acceptor(service);

        GSSException failure = assertThrows(GSSException.class, () -> acceptor.step(token));

        assertEquals(GSSException.NO_CRED, failure.getMajor(), failure.getMessage());
        assertTrue(failure.getMessage().contains("key for HTTP/iis.example.com@EXAMPLE.COM"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Negotiate rejected"), failure.getMessage());
        assertFalse(acceptor.isEstablished());
    }

    // ---- bad input ------------------------------------------------------------------------------

    @Test
    void truncatedToken_acceptor_failsWithDefectiveToken() throws Exception {
        byte[] token = Corpus.bytes("jnegotiate", "ms-krb5-first-negtokeninit.bin");
        GSSException failure = reject(Arrays.copyOf(token, token.length / 2));
        assertEquals(GSSException.DEFECTIVE_TOKEN, failure.getMajor(), failure.getMessage());
        assertTrue(failure.getMessage().contains("truncated"), failure.getMessage());
    }

    @Test
    void unknownChoiceTag_acceptor_failsWithDefectiveToken() throws Exception {
        GSSException failure = reject(frame("a5023000"));
        assertEquals(GSSException.DEFECTIVE_TOKEN, failure.getMajor(), failure.getMessage());
    }

    @Test
    void innerLengthOverrun_acceptor_failsWithDefectiveToken() throws Exception {
        GSSException failure = reject(frame("a0053003a001"));
        assertEquals(GSSException.DEFECTIVE_TOKEN, failure.getMajor(), failure.getMessage());
    }

    @Test
    void trailingGarbageAfterNegTokenInit_acceptor_failsWithDefectiveToken() throws Exception {
        GSSException failure = reject(frame("a0123010a00e300c" + NTLM_OID_DER + "ff"));
        assertEquals(GSSException.DEFECTIVE_TOKEN, failure.getMajor(), failure.getMessage());
    }

    /** The failure table: a NegTokenResp cannot start an exchange, OUT_OF_SEQUENCE, GSS UNSEQ_TOKEN. */
    @Test
    void negTokenRespAsFirstToken_acceptor_failsWithUnseqToken() throws Exception {
        GSSException failure = reject(frame("a1073005a0030a0100"));
        assertEquals(GSSException.UNSEQ_TOKEN, failure.getMajor(), failure.getMessage());
    }

    /** The failure table: an empty mechTypes is an invalid token (DEFECTIVE_TOKEN), answered with a reject. */
    @Test
    void emptyMechList_acceptor_failsWithDefectiveToken() throws Exception {
        GSSException failure = reject(frame("a0063004a0023000"));
        assertEquals(GSSException.DEFECTIVE_TOKEN, failure.getMajor(), failure.getMessage());
        assertTrue(failure.getMessage().contains("offered no mechanism"), failure.getMessage());
    }

    /** The failure table: nothing usable offered is UNSUPPORTED_FUNCTION, GSS BAD_MECH. */
    @Test
    void unknownOnlyMechList_acceptor_failsWithBadMech() throws Exception {
        GSSException failure = reject(frame("a00b3009a0073005" + "06032a0304"));
        assertEquals(GSSException.BAD_MECH, failure.getMajor(), failure.getMessage());
        assertTrue(failure.getMessage().contains("1.2.3.4"), failure.getMessage());
    }

    @Test
    void tokenAfterCompletion_acceptorAndInitiator_refuseIt() throws Exception {
        EngineParty initiator =
                JNegotiate.engineInitiator(null, "HTTP@acceptor.jnegotiate.test", "JNEGOTIATE\\bob", "bob-Passw0rd");
        GssParty acceptor = JNegotiate.acceptor(service);
        Exchange.Transcript transcript = Exchange.run(initiator, acceptor);
        assertTrue(acceptor.isEstablished());

        GSSException failure = assertThrows(
                GSSException.class, () -> acceptor.step(transcript.toAcceptor().get(1)));

        assertEquals(GSSException.FAILURE, failure.getMajor());
        assertEquals("Illegal call to acceptSecContext", failure.getMessage(), "the JDK framework refuses it");
        // under the framework, JNegotiate's own state machine refuses a step after completion as well
        NegotiateException again = assertThrows(
                NegotiateException.class,
                () -> initiator.step(transcript.toInitiator().get(1)));
        assertEquals(Failure.OUT_OF_SEQUENCE, again.failure());
    }

    private GSSException reject(byte[] token) throws Exception {
        GssParty acceptor = JNegotiate.acceptor(service);
        GSSException failure = assertThrows(GSSException.class, () -> acceptor.step(token));
        assertFalse(acceptor.isEstablished());
        return failure;
    }

    /** {@code 0x60 len SPNEGO-OID inner}, short-form length. */
    static byte[] frame(String innerHex) {
        byte[] body = HexFormat.of().parseHex(SPNEGO_OID_DER + innerHex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x60);
        out.write(body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }
}
