package org.jnegotiate.krb5;

import java.security.SecureRandom;
import org.jnegotiate.krb5.kdc.KdcClient;
import org.jnegotiate.krb5.kdc.KdcContexts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.security.auth.module.Krb5LoginModule;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.security.Security;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.creds.KerberosCredentials;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Unwrapped;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own Kerberos (SunJGSS, sun.security.jgss.krb5) as the peer, in both roles, over tickets from the
 * Kerby KDC: proves the context tokens, the framing split and the RFC 4121 per-message tokens against an
 * implementation nobody here wrote. (The conformance module repeats this through the provider front door.)
 */
class SunJgssInteropTest {
    private static final Oid KRB5 = MechOid.KERBEROS.oid();

    private static GSSManager sunJgss() throws Exception {
        GSSManager m = GSSManager.getInstance();
        m.addProviderAtFront(Security.getProvider("SunJGSS"), KRB5);
        return m;
    }

    private static Subject login(KerbyKdc kdc, String principal, String keytab, boolean initiator) throws Exception {
        System.setProperty("java.security.krb5.conf", kdc.krb5Conf.toString());
        Map<String, String> o = new HashMap<>();
        o.put("refreshKrb5Config", "true");
        o.put("useKeyTab", "true");
        o.put("keyTab", keytab);
        o.put("principal", principal);
        o.put("storeKey", "true");
        o.put("doNotPrompt", "true");
        o.put("useTicketCache", "false");
        o.put("isInitiator", Boolean.toString(initiator));
        Subject s = new Subject();
        Krb5LoginModule module = new Krb5LoginModule();
        module.initialize(s, null, new HashMap<>(), o);
        module.login();
        module.commit();
        return s;
    }

    private static KerberosMechanism mechanism(KerbyKdc kdc) throws Exception {
        Krb5Config krb5 = kdc.config();
        NegotiateConfig config = NegotiateConfig.builder()
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString())).useSubjectCredsOnly(true).build();
        KerberosSettings settings = new KerberosSettings(KerberosCrypto.standard(new SecureRandom()), Clock.systemUTC(),
                krb5.clockSkew(), RealmResolver.of(krb5), Optional.of(new ReplayCache(krb5.clockSkew(), Clock.systemUTC(), new java.security.SecureRandom())),
                false, false, Optional.empty());
        return new KerberosMechanism(r -> KerberosCredentials.acquire(r, config, KdcContexts.of(KdcClient.of(krb5, new NetworkKdcTransport()), false)),
                settings);
    }

    @Test
    void jdkInitiator_ourAcceptor_mutualAndWrap() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Subject bob = login(kdc, KerbyKdc.BOB + "@" + KerbyKdc.REALM, kdc.keytabOf(KerbyKdc.BOB).getPath(), true);
        GSSManager m = sunJgss();
        GSSContext jdk = m.createContext(m.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE), KRB5, null,
                GSSContext.DEFAULT_LIFETIME);
        jdk.requestMutualAuth(true);
        jdk.requestSequenceDet(true);
        jdk.requestReplayDet(true);
        byte[] apReq = Subject.doAs(bob, (PrivilegedExceptionAction<byte[]>) () -> jdk.initSecContext(new byte[0], 0, 0));
        assertEquals(0x60, apReq[0] & 0xFF, "the JDK framework frames the first token");

        KerberosMechanism mech = mechanism(kdc);
        MechCredential service = mech.acquire(CredentialRequest.of(PeerName.hostbased("HTTP@localhost"),
                MechCredential.Usage.ACCEPT));
        MechContext acc = mech.acceptor(MechOid.KERBEROS, service, ContextRequest.builder().build());
        // the Kerberos contexts take bare tokens: the carrier (here the test, as SPNEGO or the SSPI door) unframes
        byte[] apRep = acc.step(GssFraming.unwrap(apReq, MechOid.KERBEROS)).token();
        assertTrue(acc.isEstablished());
        assertEquals("bob@" + KerbyKdc.REALM, acc.initiatorName().orElseThrow().name());
        assertTrue(acc.granted().containsAll(java.util.EnumSet.of(ContextFlag.MUTUAL, ContextFlag.SEQUENCE_DETECTION,
                ContextFlag.REPLAY_DETECTION)));

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
        KerbyKdc kdc = KerbyKdc.get();
        KerberosMechanism mech = mechanism(kdc);
        MechCredential alice = mech.acquire(CredentialRequest.of(PeerName.user("alice"), MechCredential.Usage.INITIATE)
                .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray()));
        MechContext init = mech.initiator(MechOid.KERBEROS, alice, ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@localhost")).flag(ContextFlag.MUTUAL, true)
                .flag(ContextFlag.DELEGATION, true).flag(ContextFlag.SEQUENCE_DETECTION, true).build());
        byte[] apReq = GssFraming.wrap(MechOid.KERBEROS, init.step(null).token());

        Subject http = login(kdc, KerbyKdc.SERVICE + "@" + KerbyKdc.REALM, kdc.serviceKeytab.toString(), false);
        GSSManager m = sunJgss();
        GSSContext jdk = Subject.doAs(http, (PrivilegedExceptionAction<GSSContext>) () ->
                m.createContext((GSSCredential) null));
        byte[] apRep = Subject.doAs(http, (PrivilegedExceptionAction<byte[]>) () ->
                jdk.acceptSecContext(apReq, 0, apReq.length));
        assertTrue(jdk.isEstablished());
        assertEquals("alice@" + KerbyKdc.REALM, jdk.getSrcName().toString());
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
