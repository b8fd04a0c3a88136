package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.jnegotiate.conformance.fixtures.CommandResult;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.GssPeerException;
import org.jnegotiate.conformance.fixtures.JavaChild;
import org.jnegotiate.sspi.IscReq;
import org.jnegotiate.sspi.IscRet;
import org.jnegotiate.sspi.SecBuffer;
import org.jnegotiate.sspi.SecBufferDesc;
import org.jnegotiate.sspi.SecPkgContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.Sspi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed page's points an independent check found the door deviating from, against peers nobody here wrote: an
 * MIT KDC, MIT krb5 GSS-API acceptors and gss-ntlmssp under MIT's SPNEGO. What each peer itself reports (its context
 * flags, its failure) is the evidence, not the door's own view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SspiSeedPageConformanceTest {
    private static final byte[] HELLO = "hello, MIT".getBytes(StandardCharsets.UTF_8);

    SspiRealm realm;

    @BeforeAll
    void startRealm() {
        realm = SspiRealm.start();
    }

    @AfterAll
    void stopRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    private SecWinntAuthIdentity kerberosIdentity() {
        return new SecWinntAuthIdentity(SspiRealm.USER, realm.kdc.realm(), SspiRealm.PASSWORD.toCharArray());
    }

    /** ISC_REQ_NO_INTEGRITY reaches the wire: MIT's acceptor sees neither GSS_C_INTEG_FLAG nor GSS_C_CONF_FLAG. */
    @Test
    void noIntegrity_mitAcceptor_toldNoIntegrityNoConfidentiality() throws Exception {
        for (String pkg : List.of("Kerberos", "Negotiate")) {
            GssPeer.Mech mech = pkg.equals("Kerberos") ? GssPeer.Mech.KRB5 : GssPeer.Mech.SPNEGO;
            Set<String> plain = mitAcceptorFlags(pkg, mech, IscReq.ISC_REQ_MUTUAL_AUTH);
            Set<String> none = mitAcceptorFlags(
                    pkg, mech, IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_INTEGRITY | IscReq.ISC_REQ_NO_INTEGRITY);
            assertTrue(plain.containsAll(List.of("integ", "conf")), pkg + ": " + plain);
            assertFalse(none.contains("integ"), pkg + ": " + none);
            assertFalse(none.contains("conf"), pkg + ": " + none);
            assertTrue(none.contains("mutual"), pkg + ": " + none);
        }
    }

    private Set<String> mitAcceptorFlags(String pkg, GssPeer.Mech mech, int req) throws Exception {
        try (GssPeer acceptor = realm.mitAcceptor(mech).start();
                SspiEndpoint client = SspiEndpoint.client(realm.sspi(), pkg, kerberosIdentity(), SspiRealm.SPN, req)) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor));
            boolean told = acceptor.info().flags().contains("integ");
            assertEquals(
                    told,
                    (client.attributes() & IscRet.ISC_RET_INTEGRITY) != 0,
                    "the door reports what the acceptor was told: " + Bits.iscRet(client.attributes()));
            return acceptor.info().flags();
        }
    }

    /**
     * ISC_REQ_EXTENDED_ERROR: a corrupted NTLM CHALLENGE from gss-ntlmssp (under MIT's SPNEGO) fails the client with
     * SEC_E_INVALID_TOKEN and a NegTokenResp negState=reject for the acceptor, which ends its context on it.
     */
    @Test
    void extendedError_corruptedChallenge_rejectEndsTheMitAcceptor() {
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.SPNEGO).start();
                SspiEndpoint client = SspiEndpoint.client(
                        realm.ntlmOnlySspi(),
                        "Negotiate",
                        new SecWinntAuthIdentity(
                                SspiRealm.USER, SspiRealm.NTLM_DOMAIN, SspiRealm.PASSWORD.toCharArray()),
                        SspiRealm.SPN,
                        IscReq.ISC_REQ_EXTENDED_ERROR)) {
            SspiEndpoint.Leg first = client.step(null);
            assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, first.status());
            GssPeer.Step challenge = acceptor.step(first.token());
            SspiEndpoint.Leg failed = client.step(corruptNtlmType(challenge.token()));
            assertEquals(SecStatus.name(SecStatus.SEC_E_INVALID_TOKEN), SecStatus.name(failed.status()));
            assertEquals(IscRet.ISC_RET_EXTENDED_ERROR, failed.attributes());
            assertTrue(failed.token().length > 0, "a token for the acceptor");
            GssPeerException e = assertThrows(GssPeerException.class, () -> acceptor.step(failed.token()));
            assertEquals("STEP", e.operation(), e.getMessage());
            assertTrue(e.major() != 0, "a GSS failure of the acceptor: " + e.getMessage());
        }
    }

    private static byte[] corruptNtlmType(byte[] token) {
        byte[] t = token.clone();
        byte[] sig = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(t, sig);
        assertTrue(at >= 0 && at + sig.length < t.length, "no NTLMSSP message in the acceptor's token");
        t[at + sig.length] = 7;
        return t;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Default credentials are the logged-on user's: a ticket cache made by MIT's kinit is used, although
     * useSubjectCredsOnly is true and there is no JAAS Subject; MIT's acceptor names the cache's principal.
     */
    @Test
    void defaultCredentials_kinitCcache_usedDespiteUseSubjectCredsOnly() throws Exception {
        Sspi sspi = realm.sspiWithEnvironment("KRB5CCNAME", "FILE:" + realm.kinit());
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.SPNEGO).start();
                SspiEndpoint client =
                        SspiEndpoint.client(sspi, "Negotiate", null, SspiRealm.SPN, IscReq.ISC_REQ_MUTUAL_AUTH)) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor));
            assertEquals(List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"), client.statuses());
            assertEquals(
                    realm.principal(SspiRealm.USER), acceptor.info().initiator().orElseThrow());
        }
    }

    /**
     * The same through {@code Sspi.system()} in a fresh JVM whose environment holds KRB5CCNAME (from kinit) and
     * KRB5_CONFIG, with no JAAS login and useSubjectCredsOnly at the JDK's default: the first call carries Kerberos
     * from the ticket cache, and MIT's SPNEGO acceptor accepts it as the cache's principal.
     */
    @Test
    void defaultCredentials_sspiSystem_freshJvm_ticketCacheFromTheEnvironment() {
        CommandResult result = JavaChild.of(SspiSystemFirstCall.class, JavaChild.Install.SECURITY_PROPERTIES)
                .args(SspiRealm.SPN)
                .env(realm.kdc.clientEnvironment())
                .env("KRB5CCNAME", "FILE:" + realm.kinit())
                .run();
        List<String> lines = result.stdout().lines().toList();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(List.of("ACQUIRE SEC_E_OK", "ISC SEC_I_CONTINUE_NEEDED"), lines.subList(0, 2), result.describe());
        byte[] token = Base64.getDecoder().decode(lines.get(2).substring("TOKEN ".length()));
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.SPNEGO).start()) {
            GssPeer.Step step = acceptor.step(token);
            assertTrue(step.complete(), "one leg: Kerberos without mutual authentication");
            assertEquals(
                    realm.principal(SspiRealm.USER), acceptor.info().initiator().orElseThrow());
        }
    }

    /** DELEGATE|MUTUAL_AUTH under Negotiate with no Kerberos credential (default credentials, no ccache): NTLM only. */
    @Test
    void delegateMutual_negotiateWithoutKerberosCredential_unsupportedFunction() {
        Sspi sspi = realm.sspiWithEnvironment(
                "KRB5CCNAME", "FILE:" + realm.kdc.directory().resolve("no-ccache"));
        try (SspiEndpoint client = SspiEndpoint.client(
                sspi, "Negotiate", null, SspiRealm.SPN, IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH)) {
            // no ticket cache and no client keytab: the NTLM users file's only entry is the default credential
            SspiEndpoint.Leg leg = client.step(null);
            assertEquals(SecStatus.name(SecStatus.SEC_E_UNSUPPORTED_FUNCTION), SecStatus.name(leg.status()));
            assertEquals(0, leg.token().length);
        }
    }

    /**
     * SEC_E_WRONG_PRINCIPAL from a real cause at an MIT acceptor: its keytab holds, under the SPN and the key version the
     * KDC names, a key the KDC no longer has (the service's password was changed and its kvno set back, as when the
     * name reaches another installation of the service, or another account holds the SPN). MIT cannot decrypt the
     * ticket and hands its caller a KRB-ERROR for the initiator, which the door reports as SEC_E_WRONG_PRINCIPAL, in the
     * Kerberos package (framed KRB-ERROR) and under Negotiate (inside MIT's negState=reject).
     */
    @Test
    void wrongPrincipal_mitAcceptorHoldsAnotherKeyForTheSpn() {
        String spn = "HTTP/stale." + SspiRealm.DOMAIN;
        realm.kdc.addPrincipal(spn, "first-key-" + System.nanoTime());
        Path keytab = realm.kdc.directory().resolve("stale.keytab");
        realm.kdc.exportKeytab(keytab, spn);
        realm.kdc.kadmin("cpw -pw second-key-" + System.nanoTime() + " " + spn);
        realm.kdc.kadmin("modprinc -kvno 1 " + spn);
        for (String pkg : List.of("Kerberos", "Negotiate")) {
            GssPeer.Mech mech = pkg.equals("Kerberos") ? GssPeer.Mech.KRB5 : GssPeer.Mech.SPNEGO;
            try (GssPeer acceptor = realm.mitAcceptor(mech)
                            .env("KRB5_KTNAME", "FILE:" + keytab)
                            .start();
                    SspiEndpoint client = SspiEndpoint.client(
                            realm.sspi(), pkg, kerberosIdentity(), spn, IscReq.ISC_REQ_MUTUAL_AUTH)) {
                SspiEndpoint.Leg first = client.step(null);
                assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, first.status(), pkg);
                GssPeerException refused = assertThrows(GssPeerException.class, () -> acceptor.step(first.token()));
                byte[] error = acceptor.errorToken()
                        .orElseThrow(
                                () -> new AssertionError(pkg + ": MIT gave no error token: " + refused.getMessage()));
                // KRB-ERROR error-code [6] INTEGER 31: KRB_AP_ERR_BAD_INTEGRITY, MIT's krb5_rd_req for a wrong key
                assertTrue(indexOf(error, new byte[] {(byte) 0xa6, 3, 2, 1, 31}) >= 0, pkg);
                SspiEndpoint.Leg last = client.step(error);
                assertEquals(
                        SecStatus.name(SecStatus.SEC_E_WRONG_PRINCIPAL),
                        SecStatus.name(last.status()),
                        pkg + " (MIT: " + refused.getMessage() + ")");
            }
        }
    }

    /**
     * The STREAM layout over real contexts: the record EncryptMessage fills ([STREAM_HEADER, DATA, STREAM_TRAILER])
     * is a 4-byte length and a wrap token MIT unwraps; MIT's wrap token with that length in front is a record that
     * DecryptMessage takes as [DATA, EMPTY, EMPTY, EMPTY].
     */
    @Test
    void stream_kerberosAndNtlm_recordsCarryTokensMitUnwrapsAndMakes() throws Exception {
        record Case(Sspi sspi, String pkg, GssPeer.Mech mech, SecWinntAuthIdentity identity) {}
        for (Case c : List.of(
                new Case(realm.sspi(), "Kerberos", GssPeer.Mech.KRB5, kerberosIdentity()),
                new Case(
                        realm.ntlmOnlySspi(),
                        "NTLM",
                        GssPeer.Mech.NTLM,
                        new SecWinntAuthIdentity(
                                SspiRealm.USER, SspiRealm.NTLM_DOMAIN, SspiRealm.PASSWORD.toCharArray())))) {
            try (GssPeer acceptor = realm.mitAcceptor(c.mech()).start();
                    SspiEndpoint client = SspiEndpoint.client(
                            c.sspi(),
                            c.pkg(),
                            c.identity(),
                            SspiRealm.SPN,
                            IscReq.ISC_REQ_STREAM | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_MUTUAL_AUTH)) {
                SspiExchange.clientToPeer(client, GssSide.of(acceptor));
                assertTrue((client.attributes() & IscRet.ISC_RET_STREAM) != 0, Bits.iscRet(client.attributes()));
                SecPkgContext.StreamSizes sizes = new SecPkgContext.StreamSizes();
                assertEquals(
                        SecStatus.SEC_E_OK,
                        c.sspi().queryContextAttributes(client.context, Sspi.SECPKG_ATTR_STREAM_SIZES, sizes));

                SecBuffer header = new SecBuffer(SecBuffer.SECBUFFER_STREAM_HEADER, sizes.cbHeader);
                SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone());
                SecBuffer trailer = new SecBuffer(SecBuffer.SECBUFFER_STREAM_TRAILER, sizes.cbTrailer);
                assertEquals(
                        SecStatus.SEC_E_OK,
                        c.sspi().encryptMessage(client.context, 0, new SecBufferDesc(header, data, trailer), 0));
                byte[] rec = ByteBuffer.allocate(header.cbBuffer() + data.cbBuffer() + trailer.cbBuffer())
                        .put(header.getBytes())
                        .put(data.getBytes())
                        .put(trailer.getBytes())
                        .array();
                assertEquals(rec.length - 4, ByteBuffer.wrap(rec).getInt(), c.pkg());
                GssPeer.Protected unwrapped = acceptor.unwrap(Arrays.copyOfRange(rec, 4, rec.length));
                assertArrayEquals(HELLO, unwrapped.bytes(), c.pkg());
                assertTrue(unwrapped.confidential(), c.pkg());

                byte[] token = acceptor.wrap(HELLO, true).bytes();
                byte[] fromMit = ByteBuffer.allocate(4 + token.length + 3)
                        .putInt(token.length)
                        .put(token)
                        .put(new byte[] {1, 2, 3})
                        .array();
                SecBufferDesc in = new SecBufferDesc(
                        new SecBuffer(SecBuffer.SECBUFFER_DATA, fromMit),
                        new SecBuffer(SecBuffer.SECBUFFER_EMPTY),
                        new SecBuffer(SecBuffer.SECBUFFER_EMPTY),
                        new SecBuffer(SecBuffer.SECBUFFER_EMPTY));
                assertEquals(SecStatus.SEC_E_OK, c.sspi().decryptMessage(client.context, in, 0, null), c.pkg());
                assertArrayEquals(HELLO, in.get(1).getBytes(), c.pkg());
                assertEquals(SecBuffer.SECBUFFER_EXTRA, in.get(3).type());
                assertArrayEquals(new byte[] {1, 2, 3}, in.get(3).getBytes());
            }
        }
    }
}
