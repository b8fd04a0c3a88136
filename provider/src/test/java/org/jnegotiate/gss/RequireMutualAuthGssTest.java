package org.jnegotiate.gss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ietf.jgss.GSSException;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SspiTranslation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jnegotiate.requireMutualAuth} through the GSS door (the SPI contexts the JDK framework drives, over engines
 * built here, as {@link Engine#system()} is built once per JVM): an initiator that would complete without having
 * authenticated the acceptor fails in the {@code initSecContext} call that would have completed it, with GSS
 * FAILURE, a message naming the reason and the setting, and SEC_E_MUTUAL_AUTH_FAILED as its SSPI status. The SSPI
 * door's twin is {@code org.jnegotiate.sspi.RequireMutualAuthSspiTest}.
 */
class RequireMutualAuthGssTest {
    private static final PeerName TARGET = PeerName.hostbased("HTTP@localhost");

    @TempDir
    static Path dir;

    static Engine required;
    static Engine requiredNtlmOnly;

    @BeforeAll
    static void setUp() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Path users = dir.resolve("ntlm-users");
        Files.writeString(users, "TEST:alice:alice-secret\n");
        NegotiateConfig strict = NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .ntlmUserFile(users)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .requireMutualAuth(true)
                .build();
        required = Engine.create(strict);
        requiredNtlmOnly = Engine.create(
                strict.toBuilder().mechanisms(List.of(MechOid.NTLM)).build());
    }

    private static MechCredential credential(Engine engine, MechOid mech, PeerName name, String password)
            throws NegotiateException {
        return engine.mechanism(mech)
                .acquire(CredentialRequest.of(name, MechCredential.Usage.INITIATE)
                        .withPassword(password.toCharArray()));
    }

    private static GssContext initiator(Engine engine, MechOid mech, MechCredential credential, boolean mutual)
            throws GSSException {
        GssContext c = GssContext.initiator(JNegotiateProvider.instance(), engine, mech, TARGET, credential, 0, null);
        c.requestMutualAuth(mutual);
        return c;
    }

    /** Runs the handshake; returns the initiator's failure, or null when both sides completed. */
    private static GSSException handshake(Engine engine, GssContext client, MechOid mech) throws GSSException {
        GssContext server = GssContext.acceptor(JNegotiateProvider.instance(), engine, mech, null, null);
        byte[] token = new byte[0];
        for (int i = 0; i < 6 && !client.isEstablished(); i++) {
            try {
                token = client.initSecContext(new ByteArrayInputStream(token), token.length);
            } catch (GSSException e) {
                assertFalse(client.isEstablished());
                return e;
            }
            if (token != null && !server.isEstablished()) {
                token = server.acceptSecContext(new ByteArrayInputStream(token), token.length);
            }
            if (token == null) {
                token = new byte[0];
            }
        }
        assertTrue(client.isEstablished() && server.isEstablished());
        return null;
    }

    private static void assertMutualAuthFailed(GSSException e, String reason) {
        assertNotNull(e, "the initiator completed without authenticating the acceptor");
        assertEquals(GSSException.FAILURE, e.getMajor(), e.getMessage());
        assertEquals(
                Failure.MUTUAL_AUTH_FAILED,
                assertInstanceOf(NegotiateException.class, e.getCause()).failure());
        assertEquals(SecStatus.SEC_E_MUTUAL_AUTH_FAILED, SspiTranslation.secStatusOf(e));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("jnegotiate.requireMutualAuth"), e.getMessage());
    }

    @Test
    void spnegoOverNtlm_required_failsAtTheLastInitiatorStep() throws Exception {
        MechCredential alice =
                credential(requiredNtlmOnly, MechOid.SPNEGO, PeerName.user("TEST\\alice"), "alice-secret");
        GSSException e =
                handshake(requiredNtlmOnly, initiator(requiredNtlmOnly, MechOid.SPNEGO, alice, true), MechOid.SPNEGO);
        assertMutualAuthFailed(e, "NTLM never authenticates the server");
    }

    @Test
    void kerberosWithoutMutualRequest_required_failsAtTheFirstStep() throws Exception {
        MechCredential alice = credential(
                required,
                MechOid.KERBEROS,
                PeerName.principal(KerbyKdc.ALICE + "@" + KerbyKdc.REALM),
                KerbyKdc.ALICE_PASSWORD);
        GssContext client = initiator(required, MechOid.KERBEROS, alice, false);
        GSSException e =
                assertThrows(GSSException.class, () -> client.initSecContext(new ByteArrayInputStream(new byte[0]), 0));
        assertMutualAuthFailed(e, "Kerberos without an AP-REP");
        GSSException again =
                assertThrows(GSSException.class, () -> client.initSecContext(new ByteArrayInputStream(new byte[0]), 0));
        assertEquals(
                Failure.OUT_OF_SEQUENCE,
                assertInstanceOf(NegotiateException.class, again.getCause()).failure());
    }

    @Test
    void spnegoKerberosWithApRep_required_completesMutual() throws Exception {
        MechCredential alice = credential(
                required,
                MechOid.SPNEGO,
                PeerName.principal(KerbyKdc.ALICE + "@" + KerbyKdc.REALM),
                KerbyKdc.ALICE_PASSWORD);
        GssContext client = initiator(required, MechOid.SPNEGO, alice, true);
        assertEquals(null, handshake(required, client, MechOid.SPNEGO));
        assertTrue(client.getMutualAuthState());
    }
}
