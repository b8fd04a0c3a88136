package org.jnegotiate.conformance.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.KerbyKdc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Unwrapped;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own Kerberos (SunJGSS, sun.security.jgss.krb5) as the peer of the engine's Kerberos mechanism, in both
 * roles, over tickets from the Kerby KDC: proves the context tokens, the framing split and the RFC 4121 per-message
 * tokens against an implementation nobody here wrote. ({@link KerberosConformanceChecks} repeats this through the
 * provider's front door.)
 */
class SunJgssInteropTest {
    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "alice-secret";
    private static final String BOB = "bob";
    private static final String SERVICE = "HTTP/localhost";

    @TempDir
    static Path dir;

    private static KerbyKdc kdc;
    private static Path bobKeytab;
    private static Path serviceKeytab;

    @BeforeAll
    static void startKdc() {
        kdc = KerbyKdc.builder().start();
        kdc.addPrincipal(ALICE, ALICE_PASSWORD);
        kdc.addPrincipal(BOB, "bob-key-" + System.nanoTime());
        kdc.addPrincipal(SERVICE, "service-key-" + System.nanoTime());
        bobKeytab = dir.resolve("bob.keytab");
        serviceKeytab = dir.resolve("service.keytab");
        kdc.exportKeytab(bobKeytab, BOB);
        kdc.exportKeytab(serviceKeytab, SERVICE);
    }

    @AfterAll
    static void stopKdc() {
        kdc.close();
    }

    /** The engine's Kerberos mechanism: the KDC's krb5.conf, the service keytab, credentials from the Subject only. */
    private static Mechanism mechanism() throws Exception {
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf())
                .environment(Map.of("KRB5_KTNAME", serviceKeytab.toString()))
                .useSubjectCredsOnly(true)
                .build();
        return Engine.create(config).mechanism(MechOid.KERBEROS);
    }

    @Test
    void jdkInitiator_ourAcceptor_mutualAndWrap() throws Exception {
        Subject bob = SunJgss.login(kdc, BOB + "@" + kdc.realm(), bobKeytab, true);
        GSSManager m = SunJgss.manager();
        GSSContext jdk = m.createContext(
                m.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE),
                SunJgss.KRB5,
                null,
                GSSContext.DEFAULT_LIFETIME);
        jdk.requestMutualAuth(true);
        jdk.requestSequenceDet(true);
        jdk.requestReplayDet(true);
        byte[] apReq = SunJgss.as(bob, () -> jdk.initSecContext(new byte[0], 0, 0));
        assertEquals(0x60, apReq[0] & 0xFF, "the JDK framework frames the first token");

        Mechanism mech = mechanism();
        MechCredential service =
                mech.acquire(CredentialRequest.of(PeerName.hostbased("HTTP@localhost"), MechCredential.Usage.ACCEPT));
        MechContext acc = mech.acceptor(
                MechOid.KERBEROS, service, ContextRequest.builder().build());
        // the Kerberos contexts take bare tokens: the carrier (here the test, as SPNEGO or the SSPI door) unframes
        byte[] apRep = acc.step(GssFraming.unwrap(apReq, MechOid.KERBEROS)).token();
        assertTrue(acc.isEstablished());
        assertEquals("bob@" + kdc.realm(), acc.initiatorName().orElseThrow().name());
        assertTrue(acc.granted()
                .containsAll(
                        EnumSet.of(ContextFlag.MUTUAL, ContextFlag.SEQUENCE_DETECTION, ContextFlag.REPLAY_DETECTION)));

        byte[] framedRep = GssFraming.wrap(MechOid.KERBEROS, apRep);
        byte[] none = jdk.initSecContext(framedRep, 0, framedRep.length);
        assertTrue(jdk.isEstablished());
        assertTrue(none == null || none.length == 0);
        assertTrue(jdk.getMutualAuthState());

        byte[] msg = "from the JDK".getBytes(StandardCharsets.UTF_8);
        for (boolean conf : new boolean[] {true, false}) {
            byte[] w = jdk.wrap(msg, 0, msg.length, new MessageProp(0, conf));
            Unwrapped u = acc.protector().unwrap(w, 0, w.length);
            assertArrayEquals(msg, u.message());
            assertEquals(conf, u.confidential());
            byte[] back = acc.protector().wrap(msg, 0, msg.length, conf);
            MessageProp prop = new MessageProp(0, false);
            assertArrayEquals(msg, jdk.unwrap(back, 0, back.length, prop));
            assertEquals(conf, prop.getPrivacy());
        }
        byte[] mic = acc.protector().getMic(msg, 0, msg.length);
        jdk.verifyMIC(mic, 0, mic.length, msg, 0, msg.length, new MessageProp(0, false));
        byte[] jdkMic = jdk.getMIC(msg, 0, msg.length, new MessageProp(0, false));
        acc.protector().verifyMic(jdkMic, 0, jdkMic.length, msg, 0, msg.length);
    }

    @Test
    void ourInitiator_jdkAcceptor_mutualDelegationAndWrap() throws Exception {
        Mechanism mech = mechanism();
        MechCredential alice = mech.acquire(CredentialRequest.of(PeerName.user(ALICE), MechCredential.Usage.INITIATE)
                .withPassword(ALICE_PASSWORD.toCharArray()));
        MechContext init = mech.initiator(
                MechOid.KERBEROS,
                alice,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .flag(ContextFlag.MUTUAL, true)
                        .flag(ContextFlag.DELEGATION, true)
                        .flag(ContextFlag.SEQUENCE_DETECTION, true)
                        .build());
        byte[] apReq = GssFraming.wrap(MechOid.KERBEROS, init.step(null).token());

        Subject http = SunJgss.login(kdc, SERVICE + "@" + kdc.realm(), serviceKeytab, false);
        GSSManager m = SunJgss.manager();
        GSSContext jdk = SunJgss.as(http, () -> m.createContext((GSSCredential) null));
        byte[] apRep = SunJgss.as(http, () -> jdk.acceptSecContext(apReq, 0, apReq.length));
        assertTrue(jdk.isEstablished());
        assertEquals("alice@" + kdc.realm(), jdk.getSrcName().toString());
        assertTrue(jdk.getMutualAuthState());
        assertTrue(jdk.getCredDelegState(), "the JDK accepted the KRB-CRED");
        assertTrue(jdk.getDelegCred() != null);

        init.step(GssFraming.unwrap(apRep, MechOid.KERBEROS));
        assertTrue(init.isEstablished());
        byte[] msg = "to the JDK".getBytes(StandardCharsets.UTF_8);
        for (boolean conf : new boolean[] {true, false}) {
            byte[] w = init.protector().wrap(msg, 0, msg.length, conf);
            assertArrayEquals(msg, jdk.unwrap(w, 0, w.length, new MessageProp(0, false)));
            byte[] back = jdk.wrap(msg, 0, msg.length, new MessageProp(0, conf));
            assertArrayEquals(msg, init.protector().unwrap(back, 0, back.length).message());
        }
    }
}
