package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.spnego.tokens.NegState;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.jnegotiate.testing.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The points where an independent check found the door deviating from the InitializeSecurityContext (Negotiate)
 * page, each driven through the SSPI door over the real mechanisms: Kerberos against Kerby's embedded KDC (tickets
 * in a ccache and keytabs written by Kerby, an acceptor keytab holding another account's key), NTLM against a users
 * file, Negotiate over both. Every check is on the exact SECURITY_STATUS and ISC_RET/ASC_RET bits.
 */
class SspiSeedPageTest {
    private static final String SPN = "HTTP/localhost";
    private static final byte[] HELLO = "hello over an SSPI stream".getBytes(StandardCharsets.UTF_8);
    private static final int INTEG_CONF = IscRet.ISC_RET_INTEGRITY | IscRet.ISC_RET_CONFIDENTIALITY;

    @TempDir
    static Path dir;

    static KerbyKdc kdc;
    static NegotiateConfig base;
    static Sspi sspi;
    /** Default credentials find no Kerberos credential: no ccache, no client keytab; NTLM from the users file. */
    static Sspi noKerberosCreds;
    /** The ticket cache holds alice's TGT; useSubjectCredsOnly is explicitly true (the JGSS default). */
    static Sspi withCcache;
    /** An acceptor whose keytab holds, under the service's name and key version, the key of another account. */
    static Sspi impostor;

    @BeforeAll
    static void setUp() throws Exception {
        kdc = KerbyKdc.get();
        Path users = dir.resolve("ntlm-users");
        Files.writeString(users, "TEST:alice:alice-secret\n");
        base = NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .ntlmUserFile(users)
                .useSubjectCredsOnly(true)
                .environment(Map.of(
                        "KRB5_KTNAME",
                        kdc.serviceKeytab.toString(),
                        "KRB5CCNAME",
                        "FILE:" + dir.resolve("no-such-ccache")))
                .build();
        sspi = new Sspi(Engine.create(base));
        noKerberosCreds = new Sspi(Engine.create(base));

        KrbClient kerby = kdc.server.getKrbClient();
        File cc = dir.resolve("alice-ccache").toFile();
        kerby.storeTicket(kerby.requestTgt(KerbyKdc.ALICE + "@" + KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD), cc);
        withCcache = new Sspi(Engine.create(withEnv("KRB5CCNAME", "FILE:" + cc)));

        impostor = new Sspi(Engine.create(
                withEnv("KRB5_KTNAME", anotherAccountsKeyUnderTheServiceName().toString())));
    }

    private static NegotiateConfig withEnv(String name, String value) {
        Map<String, String> env = new HashMap<>();
        env.put("KRB5_KTNAME", kdc.serviceKeytab.toString());
        env.put("KRB5CCNAME", "FILE:" + dir.resolve("no-such-ccache"));
        env.put(name, value);
        return base.toBuilder().environment(env).build();
    }

    /** Bob's keys, filed under HTTP/localhost with the service's kvno: the SPN answered by the wrong account. */
    private static Path anotherAccountsKeyUnderTheServiceName() throws Exception {
        Keytab service = Keytab.loadKeytab(kdc.serviceKeytab.toFile());
        PrincipalName spn = service.getPrincipals().get(0);
        int kvno = service.getKeytabEntries(spn).get(0).getKvno();
        Keytab bob = Keytab.loadKeytab(kdc.aliceKeytab.toFile()); // KerbyKdc's "aliceKeytab" holds bob's keys
        Keytab forged = new Keytab();
        for (KeytabEntry e : bob.getKeytabEntries(bob.getPrincipals().get(0))) {
            forged.addEntry(new KeytabEntry(spn, e.getTimestamp(), kvno, e.getKey()));
        }
        Path file = dir.resolve("impostor.keytab");
        forged.store(file.toFile());
        return file;
    }

    // ---------------------------------------------------------------- helpers

    private static CredHandle outbound(Sspi s, String pkg, SecWinntAuthIdentity identity) {
        CredHandle h = new CredHandle();
        assertEquals(
                SecStatus.name(SecStatus.SEC_E_OK),
                SecStatus.name(s.acquireCredentialsHandle(
                        null, pkg, Sspi.SECPKG_CRED_OUTBOUND, null, identity, null, null, h, null)));
        return h;
    }

    private static SecWinntAuthIdentity alice(String pkg) {
        return pkg.equals("NTLM")
                ? new SecWinntAuthIdentity("alice", "TEST", "alice-secret".toCharArray())
                : new SecWinntAuthIdentity(KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD.toCharArray());
    }

    private static CredHandle inbound(Sspi s, String pkg) {
        CredHandle h = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                s.acquireCredentialsHandle(null, pkg, Sspi.SECPKG_CRED_INBOUND, null, null, null, null, h, null));
        return h;
    }

    /** One side of an exchange, every call's status and the last attributes and output token kept. */
    private static final class Side {
        final Sspi sspi;
        final CredHandle cred;
        final boolean client;
        final int req;
        final CtxtHandle ctx = new CtxtHandle();
        final List<String> statuses = new ArrayList<>();
        final IntByReference attrs = new IntByReference();
        byte[] out = new byte[0];

        Side(Sspi sspi, CredHandle cred, boolean client, int req) {
            this.sspi = sspi;
            this.cred = cred;
            this.client = client;
            this.req = req;
        }

        int step(byte[] in) {
            SecBufferDesc o = Harness.out();
            int st;
            if (client) {
                st = sspi.initializeSecurityContext(
                        cred,
                        ctx.isNull() ? null : ctx,
                        SPN,
                        req,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        in == null ? null : new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, in),
                        0,
                        ctx,
                        o,
                        attrs,
                        null);
            } else {
                st = sspi.acceptSecurityContext(
                        cred,
                        ctx.isNull() ? null : ctx,
                        new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, in),
                        req,
                        Sspi.SECURITY_NATIVE_DREP,
                        ctx,
                        o,
                        attrs,
                        null);
            }
            statuses.add(SecStatus.name(st));
            out = o.getBytes();
            return st;
        }

        boolean done() {
            return !statuses.isEmpty() && !statuses.get(statuses.size() - 1).equals("SEC_I_CONTINUE_NEEDED");
        }
    }

    /** The loop as SSPI callers write it, until both sides stop continuing (or one fails). */
    private static void run(Side client, Side server) {
        byte[] token = null;
        for (int i = 0; i < 8 && !(client.done() && server.done()); i++) {
            if (!client.done()) {
                if (!SecStatus.succeeded(client.step(token))) {
                    return;
                }
                token = client.out;
            }
            if (!server.done() && token.length > 0) {
                if (!SecStatus.succeeded(server.step(token))) {
                    return;
                }
                token = server.out;
            }
        }
    }

    private static String bits(int attrs) {
        return Integer.toHexString(attrs);
    }

    // ---------------------------------------------------------------- ISC_REQ_DELEGATE where only NTLM can run

    @Test
    void delegateMutual_negotiate_noKerberosCredential_unsupportedFunction_nothingToSend() {
        int req = IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH;
        Side client = new Side(noKerberosCreds, outbound(noKerberosCreds, "Negotiate", null), true, req);
        assertEquals(SecStatus.SEC_E_UNSUPPORTED_FUNCTION, client.step(null));
        assertEquals(0, client.out.length, "no NegTokenInit leaves for a request that cannot be honoured");
        assertTrue(client.ctx.isNull(), "no context handle is handed out for a failed first call");

        // the same credential without DELEGATE runs NTLM through Negotiate: the failure was the flag, not the logon
        Side plain = new Side(
                noKerberosCreds, outbound(noKerberosCreds, "Negotiate", null), true, IscReq.ISC_REQ_MUTUAL_AUTH);
        Side server = new Side(sspi, inbound(sspi, "Negotiate"), false, 0);
        run(plain, server);
        assertEquals(List.of("SEC_I_CONTINUE_NEEDED", "SEC_I_CONTINUE_NEEDED", "SEC_E_OK"), plain.statuses);
        assertEquals(0, plain.attrs.getValue() & (IscRet.ISC_RET_MUTUAL_AUTH | IscRet.ISC_RET_DELEGATE));
    }

    @Test
    void delegateMutual_negotiate_kerberosCannotStart_localFallback_unsupportedFunction() {
        // alice has Kerberos credentials, but the KDC knows no such service: Negotiate falls back to NTLM locally
        CredHandle cred = outbound(sspi, "Negotiate", alice("Negotiate"));
        SecBufferDesc o = Harness.out();
        int st = sspi.initializeSecurityContext(
                cred,
                null,
                "HTTP/no-such-host.test.jnegotiate",
                IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                null,
                0,
                new CtxtHandle(),
                o,
                new IntByReference(),
                null);
        assertEquals(SecStatus.name(SecStatus.SEC_E_UNSUPPORTED_FUNCTION), SecStatus.name(st));
        assertEquals(0, o.getBytes().length);

        // and where Kerberos runs, the same request is valid
        Side kerberos = new Side(
                sspi,
                outbound(sspi, "Negotiate", alice("Negotiate")),
                true,
                IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, kerberos.step(null));
    }

    // ---------------------------------------------------------------- ISC_REQ_EXTENDED_ERROR

    /** Corrupts the NTLM CHALLENGE inside the acceptor's NegTokenResp: the message type 2 becomes 7. */
    private static byte[] corruptChallenge(byte[] negTokenResp) {
        byte[] t = negTokenResp.clone();
        byte[] sig = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
        int type = Bytes.find(t, sig) + sig.length;
        assertEquals(2, t[type], "a CHALLENGE_MESSAGE");
        t[type] = 7;
        return t;
    }

    @Test
    void extendedError_negotiateNtlm_corruptedChallenge_rejectGoesToTheAcceptor_whichEnds() throws Exception {
        int req = IscReq.ISC_REQ_EXTENDED_ERROR | IscReq.ISC_REQ_CONFIDENTIALITY;
        Side client = new Side(noKerberosCreds, outbound(noKerberosCreds, "Negotiate", null), true, req);
        Side server = new Side(sspi, inbound(sspi, "Negotiate"), false, 0);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, client.step(null));
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, server.step(client.out));

        assertEquals(
                SecStatus.name(SecStatus.SEC_E_INVALID_TOKEN),
                SecStatus.name(client.step(corruptChallenge(server.out))));
        assertEquals(IscRet.ISC_RET_EXTENDED_ERROR, client.attrs.getValue(), "ISC_RET_EXTENDED_ERROR: a token to send");
        NegTokenResp reject = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(client.out));
        assertEquals(NegState.REJECT, reject.negState().orElseThrow());

        // the remote party is notified: the acceptor, waiting for the AUTHENTICATE, ends at once
        assertEquals(SecStatus.name(SecStatus.SEC_E_LOGON_DENIED), SecStatus.name(server.step(client.out)));
    }

    /** After the acceptor's accept-completed, an AP-REP that fails mutual authentication: the reject still goes. */
    @Test
    void extendedError_negotiateKerberos_alteredApRep_wrongPrincipal_rejectForTheAcceptor() throws Exception {
        Side client = new Side(
                sspi,
                outbound(sspi, "Negotiate", alice("Negotiate")),
                true,
                IscReq.ISC_REQ_EXTENDED_ERROR | IscReq.ISC_REQ_MUTUAL_AUTH);
        Side server = new Side(sspi, inbound(sspi, "Negotiate"), false, 0);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, client.step(null));
        assertEquals(SecStatus.SEC_E_OK, server.step(client.out));
        byte[] reply = server.out.clone();
        reply[reply.length - 3] ^= 0x01; // inside the AP-REP's cipher text, the last element of the NegTokenResp
        assertEquals(SecStatus.name(SecStatus.SEC_E_WRONG_PRINCIPAL), SecStatus.name(client.step(reply)));
        assertEquals(IscRet.ISC_RET_EXTENDED_ERROR, client.attrs.getValue());
        NegTokenResp reject = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(client.out));
        assertEquals(NegState.REJECT, reject.negState().orElseThrow());
    }

    @Test
    void extendedError_notAsked_corruptedChallenge_nothingToSend() {
        Side client = new Side(noKerberosCreds, outbound(noKerberosCreds, "Negotiate", null), true, 0);
        Side server = new Side(sspi, inbound(sspi, "Negotiate"), false, 0);
        client.step(null);
        server.step(client.out);
        assertEquals(SecStatus.SEC_E_INVALID_TOKEN, client.step(corruptChallenge(server.out)));
        assertEquals(0, client.out.length);
        assertEquals(0, client.attrs.getValue() & IscRet.ISC_RET_EXTENDED_ERROR);
    }

    @Test
    void extendedError_grantedOnlyWherePackageHasAnErrorToken() {
        for (int mutual : new int[] {IscReq.ISC_REQ_MUTUAL_AUTH, 0}) {
            for (String pkg : List.of("Negotiate", "Kerberos", "NTLM")) {
                Side client =
                        new Side(sspi, outbound(sspi, pkg, alice(pkg)), true, IscReq.ISC_REQ_EXTENDED_ERROR | mutual);
                Side server = new Side(sspi, inbound(sspi, pkg), false, AscReq.ASC_REQ_EXTENDED_ERROR);
                run(client, server);
                assertEquals("SEC_E_OK", client.statuses.get(client.statuses.size() - 1), pkg);
                assertEquals("SEC_E_OK", server.statuses.get(server.statuses.size() - 1), pkg);
                // Negotiate: a later failure sends negState=reject; the Kerberos and NTLM initiators have no error
                // message; the Kerberos acceptor answers a KRB-ERROR only to an initiator that waits (mutual)
                assertEquals(
                        pkg.equals("Negotiate") ? IscRet.ISC_RET_EXTENDED_ERROR : 0,
                        client.attrs.getValue() & IscRet.ISC_RET_EXTENDED_ERROR,
                        pkg);
                boolean acceptorCan = pkg.equals("Negotiate") || (pkg.equals("Kerberos") && mutual != 0);
                assertEquals(
                        acceptorCan ? AscRet.ASC_RET_EXTENDED_ERROR : 0,
                        server.attrs.getValue() & AscRet.ASC_RET_EXTENDED_ERROR,
                        pkg + " mutual " + mutual);
            }
        }
    }

    // ---------------------------------------------------------------- default credentials

    @Test
    void defaultCredentials_ticketCache_usedWhateverUseSubjectCredsOnlySays() {
        assertTrue(withCcache.engine().config().useSubjectCredsOnly());
        Side client = new Side(withCcache, outbound(withCcache, "Negotiate", null), true, IscReq.ISC_REQ_MUTUAL_AUTH);
        Side server = new Side(withCcache, inbound(withCcache, "Negotiate"), false, 0);
        run(client, server);
        assertEquals(List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"), client.statuses, "Kerberos with mutual auth");
        assertTrue((client.attrs.getValue() & IscRet.ISC_RET_MUTUAL_AUTH) != 0, bits(client.attrs.getValue()));
        SecPkgContext.Names names = new SecPkgContext.Names();
        assertEquals(SecStatus.SEC_E_OK, withCcache.queryContextAttributes(server.ctx, Sspi.SECPKG_ATTR_NAMES, names));
        assertEquals(KerbyKdc.ALICE + "@" + KerbyKdc.REALM, names.sUserName, "the ticket cache's principal");
        SecPkgContext.PackageInfo pi = new SecPkgContext.PackageInfo();
        assertEquals(
                SecStatus.SEC_E_OK, withCcache.queryContextAttributes(client.ctx, Sspi.SECPKG_ATTR_PACKAGE_INFO, pi));
        assertEquals("Kerberos", pi.PackageInfo.Name);
    }

    @Test
    void defaultCredentials_gssRuleUnchanged_sameEngineWithoutTheDoor_noKerberosCredential() throws Exception {
        // what the GSS door asks for (no override): the JGSS rule applies, the ccache is not looked at
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> withCcache
                        .engine()
                        .mechanism(MechOid.KERBEROS)
                        .acquire(CredentialRequest.of(null, MechCredential.Usage.INITIATE)));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains("useSubjectCredsOnly"), e.getMessage());
    }

    @Test
    void defaultCredentials_clientKeytab_used() {
        Sspi keytab = new Sspi(Engine.create(withEnv("KRB5_CLIENT_KTNAME", "FILE:" + kdc.aliceKeytab)));
        Side client = new Side(keytab, outbound(keytab, "Kerberos", null), true, IscReq.ISC_REQ_MUTUAL_AUTH);
        Side server = new Side(keytab, inbound(keytab, "Kerberos"), false, 0);
        run(client, server);
        assertEquals(List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"), client.statuses);
        SecPkgContext.Names names = new SecPkgContext.Names();
        keytab.queryContextAttributes(server.ctx, Sspi.SECPKG_ATTR_NAMES, names);
        assertEquals(KerbyKdc.BOB + "@" + KerbyKdc.REALM, names.sUserName, "the client keytab's principal");
    }

    // ---------------------------------------------------------------- ISC_REQ_NO_INTEGRITY

    @Test
    void noIntegrity_kerberos_acceptorToldNotToExpectProtection() {
        for (String pkg : List.of("Kerberos", "Negotiate")) {
            int[] plain = establishAttributes(pkg, IscReq.ISC_REQ_MUTUAL_AUTH);
            int[] none = establishAttributes(pkg, IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_NO_INTEGRITY);
            int[] ignored = establishAttributes(
                    pkg, IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_INTEGRITY | IscReq.ISC_REQ_NO_INTEGRITY);
            int[] confOnly = establishAttributes(
                    pkg, IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_NO_INTEGRITY);
            assertEquals(INTEG_CONF, plain[0] & INTEG_CONF, pkg + ": integrity and confidentiality implied");
            assertEquals(
                    AscRet.ASC_RET_INTEGRITY | AscRet.ASC_RET_CONFIDENTIALITY,
                    plain[1] & (AscRet.ASC_RET_INTEGRITY | AscRet.ASC_RET_CONFIDENTIALITY),
                    pkg);
            for (int[] r : List.of(none, ignored)) {
                assertEquals(0, r[0] & INTEG_CONF, pkg + " client " + bits(r[0]));
                assertEquals(
                        0,
                        r[1] & (AscRet.ASC_RET_INTEGRITY | AscRet.ASC_RET_CONFIDENTIALITY),
                        pkg + " server " + bits(r[1]));
                assertTrue((r[0] & IscRet.ISC_RET_MUTUAL_AUTH) != 0, pkg + ": still authenticated");
            }
            assertEquals(IscRet.ISC_RET_CONFIDENTIALITY, confOnly[0] & INTEG_CONF, pkg);
            assertEquals(
                    AscRet.ASC_RET_CONFIDENTIALITY,
                    confOnly[1] & (AscRet.ASC_RET_INTEGRITY | AscRet.ASC_RET_CONFIDENTIALITY),
                    pkg);
        }
    }

    @Test
    void noIntegrity_kerberos_encryptMessageRefused_signatureStillMade() {
        Side client = new Side(
                sspi,
                outbound(sspi, "Kerberos", alice("Kerberos")),
                true,
                IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_NO_INTEGRITY);
        Side server = new Side(sspi, inbound(sspi, "Kerberos"), false, 0);
        run(client, server);
        SecBufferDesc msg = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64), new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone()));
        assertEquals(
                SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                sspi.encryptMessage(client.ctx, 0, msg, 0),
                "confidentiality was not announced to the acceptor");
    }

    @Test
    void noIntegrity_ntlm_unchanged_signingStaysNegotiated() {
        for (String pkg : List.of("NTLM", "Negotiate")) {
            Sspi s = pkg.equals("NTLM") ? sspi : noKerberosCreds;
            int[] plain = establishAttributes(s, pkg, 0);
            int[] none = establishAttributes(s, pkg, IscReq.ISC_REQ_INTEGRITY | IscReq.ISC_REQ_NO_INTEGRITY);
            assertEquals(plain[0], none[0], pkg);
            assertEquals(plain[1], none[1], pkg);
            assertTrue((none[0] & IscRet.ISC_RET_INTEGRITY) != 0, pkg + ": NTLM always negotiates NEGOTIATE_SIGN");
        }
    }

    private static int[] establishAttributes(String pkg, int req) {
        return establishAttributes(sspi, pkg, req);
    }

    private static int[] establishAttributes(Sspi s, String pkg, int req) {
        Side client = new Side(
                s, outbound(s, pkg, s == noKerberosCreds && pkg.equals("Negotiate") ? null : alice(pkg)), true, req);
        Side server = new Side(sspi, inbound(sspi, pkg), false, 0);
        run(client, server);
        assertEquals("SEC_E_OK", client.statuses.get(client.statuses.size() - 1), pkg + " " + client.statuses);
        assertEquals("SEC_E_OK", server.statuses.get(server.statuses.size() - 1), pkg + " " + server.statuses);
        return new int[] {client.attrs.getValue(), server.attrs.getValue()};
    }

    // ---------------------------------------------------------------- SEC_E_WRONG_PRINCIPAL

    @Test
    void wrongPrincipal_kerberos_acceptorHoldsAnotherAccountsKey() {
        Side client = new Side(
                sspi,
                outbound(sspi, "Kerberos", alice("Kerberos")),
                true,
                IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_EXTENDED_ERROR);
        Side server = new Side(impostor, inbound(impostor, "Kerberos"), false, AscReq.ASC_REQ_EXTENDED_ERROR);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, client.step(null));
        assertEquals(SecStatus.name(SecStatus.SEC_E_LOGON_DENIED), SecStatus.name(server.step(client.out)));
        assertEquals(AscRet.ASC_RET_EXTENDED_ERROR, server.attrs.getValue(), "a KRB-ERROR for the client");
        assertEquals(SecStatus.name(SecStatus.SEC_E_WRONG_PRINCIPAL), SecStatus.name(client.step(server.out)));
    }

    @Test
    void wrongPrincipal_negotiate_krbErrorInsideTheReject() {
        Side client = new Side(sspi, outbound(sspi, "Negotiate", alice("Negotiate")), true, IscReq.ISC_REQ_MUTUAL_AUTH);
        Side server = new Side(impostor, inbound(impostor, "Negotiate"), false, AscReq.ASC_REQ_EXTENDED_ERROR);
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, client.step(null));
        assertEquals(SecStatus.SEC_E_LOGON_DENIED, server.step(client.out));
        assertEquals(SecStatus.name(SecStatus.SEC_E_WRONG_PRINCIPAL), SecStatus.name(client.step(server.out)));
        assertEquals(0, client.out.length, "the acceptor ended the exchange itself: nothing goes back");
    }

    // ---------------------------------------------------------------- SEC_I_COMPLETE_NEEDED / COMPLETE_AND_CONTINUE

    @Test
    void completeNeeded_neverReturnedByTheRealPackages_everyCallStatus() {
        record Case(Sspi s, String pkg, int req, List<String> client, List<String> server) {}
        String cont = "SEC_I_CONTINUE_NEEDED";
        String ok = "SEC_E_OK";
        for (Case c : List.of(
                new Case(sspi, "Kerberos", IscReq.ISC_REQ_MUTUAL_AUTH, List.of(cont, ok), List.of(ok)),
                new Case(sspi, "Kerberos", 0, List.of(ok), List.of(ok)),
                new Case(sspi, "NTLM", 0, List.of(cont, ok), List.of(cont, ok)),
                new Case(sspi, "Negotiate", IscReq.ISC_REQ_MUTUAL_AUTH, List.of(cont, ok), List.of(ok)),
                new Case(
                        noKerberosCreds,
                        "Negotiate",
                        IscReq.ISC_REQ_MUTUAL_AUTH,
                        List.of(cont, cont, ok),
                        List.of(cont, ok)))) {
            Side client = new Side(
                    c.s(), outbound(c.s(), c.pkg(), c.s() == noKerberosCreds ? null : alice(c.pkg())), true, c.req());
            Side server = new Side(sspi, inbound(sspi, c.pkg()), false, 0);
            run(client, server);
            assertEquals(c.client(), client.statuses, c.pkg() + " client");
            assertEquals(c.server(), server.statuses, c.pkg() + " server");
            assertEquals(SecStatus.SEC_E_OK, c.s().completeAuthToken(client.ctx, null), "a no-op when not needed");
        }
        // DCE style, the only case where Windows' Kerberos returns SEC_I_COMPLETE_NEEDED, is not implemented
        Side dce = new Side(
                sspi,
                outbound(sspi, "Kerberos", alice("Kerberos")),
                true,
                IscReq.ISC_REQ_USE_DCE_STYLE | IscReq.ISC_REQ_MUTUAL_AUTH);
        assertEquals(SecStatus.SEC_E_UNSUPPORTED_FUNCTION, dce.step(null));
    }

    // ---------------------------------------------------------------- STREAM layout over real contexts

    @Test
    void stream_kerberosAndNtlm_encryptDecryptRecords_extraAndMissing() {
        for (String pkg : List.of("Kerberos", "NTLM", "Negotiate")) {
            Side client = new Side(
                    sspi,
                    outbound(sspi, pkg, alice(pkg)),
                    true,
                    IscReq.ISC_REQ_STREAM
                            | IscReq.ISC_REQ_CONFIDENTIALITY
                            | IscReq.ISC_REQ_MUTUAL_AUTH
                            | IscReq.ISC_REQ_SEQUENCE_DETECT);
            Side server =
                    new Side(sspi, inbound(sspi, pkg), false, AscReq.ASC_REQ_STREAM | AscReq.ASC_REQ_CONFIDENTIALITY);
            run(client, server);
            assertTrue(
                    (client.attrs.getValue() & IscRet.ISC_RET_STREAM) != 0, pkg + " " + bits(client.attrs.getValue()));
            assertTrue((server.attrs.getValue() & AscRet.ASC_RET_STREAM) != 0, pkg);
            streamBothWays(pkg, client.ctx, server.ctx);
        }
    }

    private static void streamBothWays(String pkg, CtxtHandle client, CtxtHandle server) {
        for (CtxtHandle[] dir : new CtxtHandle[][] {{client, server}, {server, client}}) {
            SecPkgContext.StreamSizes sizes = new SecPkgContext.StreamSizes();
            assertEquals(SecStatus.SEC_E_OK, sspi.queryContextAttributes(dir[0], Sspi.SECPKG_ATTR_STREAM_SIZES, sizes));
            byte[] first = record(dir[0], HELLO, sizes);
            byte[] second = record(dir[0], "second".getBytes(StandardCharsets.UTF_8), sizes);

            // one whole record and the start of the next: DATA, and the rest in EXTRA
            byte[] received = new byte[first.length + 5];
            System.arraycopy(first, 0, received, 0, first.length);
            System.arraycopy(second, 0, received, first.length, 5);
            SecBufferDesc in = fourBuffers(received);
            assertEquals(SecStatus.SEC_E_OK, sspi.decryptMessage(dir[1], in, 0, null), pkg);
            assertEquals(SecBuffer.SECBUFFER_STREAM_HEADER, in.get(0).type());
            assertEquals(SecBuffer.SECBUFFER_DATA, in.get(1).type());
            assertArrayEquals(HELLO, in.get(1).getBytes(), pkg);
            assertEquals(SecBuffer.SECBUFFER_STREAM_TRAILER, in.get(2).type());
            assertEquals(SecBuffer.SECBUFFER_EXTRA, in.get(3).type());
            assertArrayEquals(java.util.Arrays.copyOf(second, 5), in.get(3).getBytes());

            // EXTRA alone is not a record yet: INCOMPLETE_MESSAGE, and MISSING says how many bytes are due
            SecBufferDesc partial = fourBuffers(in.get(3).getBytes());
            assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, sspi.decryptMessage(dir[1], partial, 0, null), pkg);
            assertEquals(SecBuffer.SECBUFFER_MISSING, partial.get(1).type());
            assertEquals(second.length - 5, partial.get(1).cbBuffer(), pkg);

            SecBufferDesc rest = fourBuffers(second);
            assertEquals(SecStatus.SEC_E_OK, sspi.decryptMessage(dir[1], rest, 0, null), pkg);
            assertEquals("second", new String(rest.get(1).getBytes(), StandardCharsets.UTF_8));
            assertEquals(SecBuffer.SECBUFFER_EMPTY, rest.get(3).type(), "nothing after the record");
        }
    }

    /** EncryptMessage in the stream form: [STREAM_HEADER, DATA, STREAM_TRAILER], sent in that order. */
    private static byte[] record(CtxtHandle ctx, byte[] plain, SecPkgContext.StreamSizes sizes) {
        SecBuffer header = new SecBuffer(SecBuffer.SECBUFFER_STREAM_HEADER, sizes.cbHeader);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, plain.clone());
        SecBuffer trailer = new SecBuffer(SecBuffer.SECBUFFER_STREAM_TRAILER, sizes.cbTrailer);
        assertEquals(SecStatus.SEC_E_OK, sspi.encryptMessage(ctx, 0, new SecBufferDesc(header, data, trailer), 0));
        assertTrue(header.cbBuffer() <= sizes.cbHeader, "the header fits STREAM_SIZES.cbHeader");
        assertEquals(plain.length, data.cbBuffer(), "DATA keeps its length");
        assertTrue(trailer.cbBuffer() <= sizes.cbTrailer);
        byte[] rec = ByteBuffer.allocate(header.cbBuffer() + data.cbBuffer() + trailer.cbBuffer())
                .put(header.getBytes())
                .put(data.getBytes())
                .put(trailer.getBytes())
                .array();
        assertEquals(rec.length - 4, ByteBuffer.wrap(rec).getInt(), "a 4-byte big-endian length, then the wrap token");
        return rec;
    }

    private static SecBufferDesc fourBuffers(byte[] received) {
        return new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_DATA, received.clone()),
                new SecBuffer(SecBuffer.SECBUFFER_EMPTY),
                new SecBuffer(SecBuffer.SECBUFFER_EMPTY),
                new SecBuffer(SecBuffer.SECBUFFER_EMPTY));
    }
}
