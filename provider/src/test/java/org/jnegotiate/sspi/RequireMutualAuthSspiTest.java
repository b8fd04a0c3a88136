package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jnegotiate.requireMutualAuth} through the SSPI door: an initiator that would complete without having
 * authenticated the acceptor gets SEC_E_MUTUAL_AUTH_FAILED from the InitializeSecurityContext call that would
 * have completed it (NTLM, Negotiate over NTLM, Kerberos without ISC_REQ_MUTUAL_AUTH); Kerberos with an AP-REP
 * completes. The GSS door's twin is {@code org.jnegotiate.gss.RequireMutualAuthGssTest}.
 */
class RequireMutualAuthSspiTest {
    private static final String SPN = "HTTP/localhost";
    private static final int REQ =
            IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_INTEGRITY | IscReq.ISC_REQ_ALLOCATE_MEMORY;

    @TempDir
    static Path dir;

    static Sspi required;
    static Sspi requiredNtlmOnly;
    static Sspi notRequired;

    @BeforeAll
    static void setUp() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Path users = dir.resolve("ntlm-users");
        Files.writeString(users, "TEST:alice:alice-secret\n");
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .ntlmUserFile(users)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .build();
        notRequired = new Sspi(Engine.create(config));
        NegotiateConfig strict = config.toBuilder().requireMutualAuth(true).build();
        required = new Sspi(Engine.create(strict));
        requiredNtlmOnly = new Sspi(Engine.create(
                strict.toBuilder().mechanisms(List.of(MechOid.NTLM)).build()));
    }

    /** The statuses of the initiator's calls, in order, until one is not SEC_I_CONTINUE_NEEDED. */
    private static List<Integer> run(Sspi s, String pkg, String user, String domain, String password, int req) {
        CredHandle c = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                s.acquireCredentialsHandle(
                        null,
                        pkg,
                        Sspi.SECPKG_CRED_OUTBOUND,
                        null,
                        new SecWinntAuthIdentity(user, domain, password.toCharArray()),
                        null,
                        null,
                        c,
                        null));
        CredHandle a = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                s.acquireCredentialsHandle(null, pkg, Sspi.SECPKG_CRED_INBOUND, null, null, null, null, a, null));
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        List<Integer> statuses = new java.util.ArrayList<>();
        byte[] token = null;
        for (int i = 0; i < 6; i++) {
            SecBufferDesc out = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
            int st = s.initializeSecurityContext(
                    c,
                    client.isNull() ? null : client,
                    SPN,
                    req,
                    0,
                    Sspi.SECURITY_NATIVE_DREP,
                    token == null ? null : new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, token),
                    0,
                    client,
                    out,
                    new IntByReference(),
                    null);
            statuses.add(st);
            if (st != SecStatus.SEC_I_CONTINUE_NEEDED) {
                return statuses;
            }
            SecBufferDesc back = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
            int as = s.acceptSecurityContext(
                    a,
                    server.isNull() ? null : server,
                    new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, out.getBytes()),
                    0,
                    Sspi.SECURITY_NATIVE_DREP,
                    server,
                    back,
                    new IntByReference(),
                    null);
            assertTrue(as == SecStatus.SEC_E_OK || as == SecStatus.SEC_I_CONTINUE_NEEDED, SecStatus.name(as));
            token = back.getBytes();
        }
        return statuses;
    }

    @Test
    void ntlmPackage_required_secondCallFailsMutualAuthFailed() {
        assertEquals(
                List.of(SecStatus.SEC_I_CONTINUE_NEEDED, SecStatus.SEC_E_MUTUAL_AUTH_FAILED),
                run(required, "NTLM", "alice", "TEST", "alice-secret", REQ | IscReq.ISC_REQ_MUTUAL_AUTH));
    }

    @Test
    void negotiateOverNtlm_required_failsMutualAuthFailed() {
        List<Integer> st = run(requiredNtlmOnly, "Negotiate", "alice", "TEST", "alice-secret", REQ);
        assertEquals(SecStatus.SEC_E_MUTUAL_AUTH_FAILED, st.get(st.size() - 1), st.toString());
    }

    @Test
    void kerberosWithoutMutualRequest_required_firstCallFailsMutualAuthFailed() {
        assertEquals(
                List.of(SecStatus.SEC_E_MUTUAL_AUTH_FAILED),
                run(required, "Kerberos", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD, REQ));
    }

    @Test
    void negotiateKerberosWithoutMutualRequest_required_failsMutualAuthFailed() {
        List<Integer> st = run(required, "Negotiate", KerbyKdc.ALICE, KerbyKdc.REALM, KerbyKdc.ALICE_PASSWORD, REQ);
        assertEquals(SecStatus.SEC_E_MUTUAL_AUTH_FAILED, st.get(st.size() - 1), st.toString());
    }

    @Test
    void kerberosWithApRep_required_completes() {
        List<Integer> st = run(
                required,
                "Negotiate",
                KerbyKdc.ALICE,
                KerbyKdc.REALM,
                KerbyKdc.ALICE_PASSWORD,
                REQ | IscReq.ISC_REQ_MUTUAL_AUTH);
        assertEquals(SecStatus.SEC_E_OK, st.get(st.size() - 1), st.toString());
    }

    @Test
    void ntlmPackage_notRequired_completes() {
        List<Integer> st = run(notRequired, "NTLM", "alice", "TEST", "alice-secret", REQ | IscReq.ISC_REQ_MUTUAL_AUTH);
        assertEquals(SecStatus.SEC_E_OK, st.get(st.size() - 1), st.toString());
    }
}
