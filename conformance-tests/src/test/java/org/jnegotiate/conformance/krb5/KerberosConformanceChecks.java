package org.jnegotiate.conformance.krb5;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.InquireType;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.EncryptionKey;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.ChannelBinding;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.GssPeerException;
import org.jnegotiate.conformance.fixtures.Handshake;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.conformance.fixtures.TestKdc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JNegotiate's Kerberos through plain {@code org.ietf.jgss} (the provider in front of a
 * {@link GSSManager} for the Kerberos OID and the Microsoft Kerberos OID) against peers nobody on
 * this project wrote — SunJGSS, MIT krb5's GSS-API — and against itself, through one KDC per
 * subclass: every pairing in both directions, mutual authentication, the same session key on both
 * sides, wrap (sealed and integrity only) and MIC both ways, channel bindings, and bad input with its
 * exact GSS major code.
 *
 * <p>Credentials of JNegotiate: a Subject with a {@link KeyTab} and a {@link KerberosPrincipal}
 * (initiator: JNegotiate does the AS exchange itself; acceptor: keys from the keytab), or a Subject
 * with the JDK's TGT from {@link SunJgss#login} (the initiator towards SunJGSS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KerberosConformanceChecks {

    static final Oid KRB5 = SunJgss.KRB5;
    static final Oid MS_KRB5 = oid("1.2.840.48018.1.2.2");

    static final String DOMAIN = "jnegotiate.test";
    static final String USER = "alice";
    static final String USER_PASSWORD = "alice-Passw0rd";
    static final String SERVICE = "HTTP/acceptor." + DOMAIN;
    static final String SERVICE_TARGET = "HTTP@acceptor." + DOMAIN;
    static final String SECOND_SERVICE = "HTTP/second." + DOMAIN;
    static final String SECOND_TARGET = "HTTP@second." + DOMAIN;

    /** What the JDK's {@code new ChannelBinding(byte[])} hashes as address type (GSS_C_AF_NULLADDR). */
    static final int GSS_C_AF_NULLADDR = 255;
    /** RFC 2744 routine error GSS_S_BAD_BINDINGS (4 in the routine-error field), as the MIT peer reports it. */
    static final long GSS_S_BAD_BINDINGS = 4L << 16;

    private TestKdc kdc;
    private Path userKeytab;
    private Path serviceKeytab;
    private Path secondKeytab;
    private JNegotiateProvider provider;

    /** Starts the KDC under test. */
    abstract TestKdc startKdc();

    /** The enctype number of the realm's keys and session keys (18 aes256-sha1, 20 aes256-sha384). */
    abstract int expectedEnctype();

    /** The realm's enctype name, as the JDK's {@code KerberosKey(principal, password, algorithm)} takes it. */
    abstract String enctypeName();

    @BeforeAll
    void startRealm() {
        kdc = startKdc();
        kdc.addPrincipal(USER, USER_PASSWORD);
        kdc.addPrincipal(SERVICE, "service-key-" + System.nanoTime());
        kdc.addPrincipal(SECOND_SERVICE, "second-key-" + System.nanoTime());
        userKeytab = kdc.directory().resolve("user.keytab");
        serviceKeytab = kdc.directory().resolve("services.keytab");
        secondKeytab = kdc.directory().resolve("second.keytab");
        kdc.exportKeytab(userKeytab, USER);
        kdc.exportKeytab(serviceKeytab, SERVICE, SECOND_SERVICE);
        kdc.exportKeytab(secondKeytab, SECOND_SERVICE);
        JvmKrb5Conf.use(kdc);
        provider = new JNegotiateProvider();
        assertTrue(
                provider.gssMechanismsRegistered(), "JNegotiate registered no GSS mechanism (missing --add-exports?)");
    }

    @AfterAll
    void stopRealm() {
        if (kdc != null) {
            kdc.close();
        }
    }

    // ---- pairings ---------------------------------------------------------------------------

    @Test
    void jnegotiateInitiatorWithJdkTgt_sunJgssAcceptor_mutualContextSameKeyMessagesBothWays() throws Exception {
        Subject user = jdkLoggedInUser();
        assertTrue(
                user.getPrivateCredentials(KerberosTicket.class).stream()
                        .anyMatch(t -> t.getServer().getName().startsWith("krbtgt/")),
                "the JDK login gave no TGT");
        Subject service = SunJgss.login(kdc, kdc.principal(SERVICE), serviceKeytab, false);
        GSSContext initiator = jnegotiateInitiator(KRB5, SERVICE_TARGET);
        GSSContext acceptor = SunJgss.manager().createContext((GSSCredential) null);

        establish(initiator, user, acceptor, service);

        assertEstablishedMutually(initiator, acceptor, KRB5);
        EncryptionKey jdkKey = (EncryptionKey) sessionKey(acceptor);
        assertEquals(expectedEnctype(), jdkKey.getKeyType());
        assertArrayEquals(jdkKey.getEncoded(), jnegotiateSessionKey(initiator));
        assertMessagesFlow(initiator, acceptor);
        assertMessagesFlow(acceptor, initiator);
    }

    @Test
    void sunJgssInitiator_jnegotiateAcceptor_mutualContextSameKeyMessagesBothWays() throws Exception {
        Subject user = jdkLoggedInUser();
        Subject service = keytabSubject(SERVICE, serviceKeytab);
        GSSContext initiator = sunJgssInitiator(user);
        GSSContext acceptor = jnegotiate().createContext((GSSCredential) null);

        establish(initiator, user, acceptor, service);

        assertEstablishedMutually(initiator, acceptor, KRB5);
        EncryptionKey jdkKey = (EncryptionKey) sessionKey(initiator);
        assertEquals(expectedEnctype(), jdkKey.getKeyType());
        assertArrayEquals(jdkKey.getEncoded(), jnegotiateSessionKey(acceptor));
        assertMessagesFlow(initiator, acceptor);
        assertMessagesFlow(acceptor, initiator);
    }

    /**
     * The JAAS configuration most servers use, {@code Krb5LoginModule principal="*" isInitiator=false}: the Subject
     * holds an unbound KeyTab, which cannot list its principals. JNegotiate's default acceptor finds the service's
     * key in it by the ticket's server name, as SunJGSS does, rather than reading KRB5_KTNAME or /etc/krb5.keytab.
     */
    @Test
    void sunJgssInitiator_jnegotiateAcceptor_jaasPrincipalStar_keyFromTheUnboundKeyTab() throws Exception {
        Subject user = jdkLoggedInUser();
        Subject service = SunJgss.login(kdc, "*", serviceKeytab, false);
        assertTrue(
                service.getPrivateCredentials(KeyTab.class).stream().anyMatch(kt -> !kt.isBound()),
                "Krb5LoginModule principal=* did not store an unbound KeyTab: " + service);
        GSSContext initiator = sunJgssInitiator(user);
        GSSContext acceptor = jnegotiate().createContext((GSSCredential) null);

        establish(initiator, user, acceptor, service);

        assertEstablishedMutually(initiator, acceptor, KRB5);
        assertArrayEquals(((EncryptionKey) sessionKey(initiator)).getEncoded(), jnegotiateSessionKey(acceptor));
        assertMessagesFlow(initiator, acceptor);
    }

    @Test
    void jnegotiateInitiator_jnegotiateAcceptor_twoManagers_mutualContextSameKeyMessagesBothWays() throws Exception {
        Subject user = keytabSubject(USER, userKeytab);
        Subject service = keytabSubject(SERVICE, serviceKeytab);
        GSSContext initiator = jnegotiateInitiator(KRB5, SERVICE_TARGET);
        GSSContext acceptor = jnegotiate().createContext((GSSCredential) null);

        establish(initiator, user, acceptor, service);

        assertEstablishedMutually(initiator, acceptor, KRB5);
        byte[] initiatorKey = jnegotiateSessionKey(initiator);
        assertEquals(32, initiatorKey.length);
        assertArrayEquals(initiatorKey, jnegotiateSessionKey(acceptor));
        assertMessagesFlow(initiator, acceptor);
        assertMessagesFlow(acceptor, initiator);
    }

    @Test
    void jnegotiateInitiator_mitAcceptor_mutualContextSameKeyMessagesBothWays() throws Exception {
        Subject user = keytabSubject(USER, userKeytab);
        try (GssPeer acceptor = mitAcceptor().start()) {
            GSSContext initiator = jnegotiateInitiator(KRB5, SERVICE_TARGET);
            SunJgss.as(user, () -> {
                Handshake.javaToPeer(initiator, acceptor);
                return null;
            });

            assertTrue(initiator.isEstablished());
            assertTrue(initiator.getMutualAuthState());
            assertEquals(KRB5, initiator.getMech());
            GssPeer.Info info = acceptor.info();
            assertTrue(info.complete());
            assertEquals(KRB5.toString(), info.mech());
            assertTrue(info.flags().contains("mutual"), info.flags().toString());
            assertEquals(Optional.of(kdc.principal(USER)), info.initiator());
            assertSameSessionKey(initiator, acceptor);
            assertMessagesFlow(initiator, acceptor);
        }
    }

    @Test
    void mitInitiator_jnegotiateAcceptor_mutualContextSameKeyMessagesBothWays() throws Exception {
        try (GssPeer initiator = mitInitiator().start()) {
            GSSContext acceptor = jnegotiateAcceptorFor(initiator, null);

            assertTrue(acceptor.isEstablished());
            assertTrue(acceptor.getMutualAuthState());
            assertEquals(KRB5, acceptor.getMech());
            assertEquals(kdc.principal(USER), acceptor.getSrcName().toString());
            assertEquals(kdc.principal(SERVICE), acceptor.getTargName().toString());
            assertTrue(
                    initiator.info().flags().contains("mutual"),
                    initiator.info().flags().toString());
            assertSameSessionKey(acceptor, initiator);
            assertMessagesFlow(acceptor, initiator);
        }
    }

    @Test
    void msKerberosOid_jnegotiateInitiator_jnegotiateAcceptor_acceptorAnswersWithMsOid() throws Exception {
        Subject user = keytabSubject(USER, userKeytab);
        Subject service = keytabSubject(SERVICE, serviceKeytab);
        GSSContext initiator = jnegotiateInitiator(MS_KRB5, SERVICE_TARGET);
        GSSContext acceptor = jnegotiate().createContext((GSSCredential) null);

        establish(initiator, user, acceptor, service);

        assertEstablishedMutually(initiator, acceptor, MS_KRB5);
        assertArrayEquals(jnegotiateSessionKey(initiator), jnegotiateSessionKey(acceptor));
        assertMessagesFlow(initiator, acceptor);
        assertMessagesFlow(acceptor, initiator);
    }

    /**
     * SunJGSS serves no framed mechanism 1.2.840.48018.1.2.2 (it knows the MS OID only inside SPNEGO),
     * so it refuses the framing; with the framing swapped for the standard Kerberos OID both ways, the
     * context JNegotiate builds under the MS OID is plain RFC 4121 Kerberos that SunJGSS accepts.
     */
    @Test
    void msKerberosOid_jnegotiateInitiator_sunJgssAcceptor_sameKerberosUnderTheFraming() throws Exception {
        Subject user = keytabSubject(USER, userKeytab);
        Subject service = SunJgss.login(kdc, kdc.principal(SERVICE), serviceKeytab, false);
        GSSContext refused = SunJgss.manager().createContext((GSSCredential) null);
        byte[] msFramed = SunJgss.as(
                user, () -> jnegotiateInitiator(MS_KRB5, SERVICE_TARGET).initSecContext(new byte[0], 0, 0));
        assertArrayEquals(MS_KRB5.getDER(), oidTlv(msFramed));
        GSSException failure = assertThrows(
                GSSException.class,
                () -> SunJgss.as(service, () -> refused.acceptSecContext(msFramed, 0, msFramed.length)));
        assertEquals(GSSException.BAD_MECH, failure.getMajor(), failure.getMessage());

        GSSContext initiator = jnegotiateInitiator(MS_KRB5, SERVICE_TARGET);
        GSSContext acceptor = SunJgss.manager().createContext((GSSCredential) null);
        byte[] apReq = SunJgss.as(user, () -> initiator.initSecContext(new byte[0], 0, 0));
        byte[] apRep = SunJgss.as(
                service, () -> acceptor.acceptSecContext(withOid(apReq, KRB5), 0, withOid(apReq, KRB5).length));
        assertTrue(acceptor.isEstablished());
        assertNull(SunJgss.as(
                user, () -> initiator.initSecContext(withOid(apRep, MS_KRB5), 0, withOid(apRep, MS_KRB5).length)));

        assertTrue(initiator.isEstablished());
        assertTrue(initiator.getMutualAuthState());
        assertEquals(MS_KRB5, initiator.getMech());
        assertEquals(kdc.principal(USER), acceptor.getSrcName().toString());
        EncryptionKey jdkKey = (EncryptionKey) sessionKey(acceptor);
        assertEquals(expectedEnctype(), jdkKey.getKeyType());
        assertArrayEquals(jdkKey.getEncoded(), jnegotiateSessionKey(initiator));
        assertMessagesFlow(initiator, acceptor);
        assertMessagesFlow(acceptor, initiator);
    }

    // ---- channel bindings ----------------------------------------------------------------

    @Test
    void channelBindings_jnegotiateAcceptor_matchingAccepted_mismatchedBadBindings() throws Exception {
        byte[] bindings = "tls-server-end-point:0123456789abcdef".getBytes(UTF_8);
        try (GssPeer initiator =
                mitInitiator().channelBindings(bindings, GSS_C_AF_NULLADDR).start()) {
            GSSContext acceptor = jnegotiateAcceptorFor(initiator, new ChannelBinding(bindings));
            assertTrue(acceptor.isEstablished());
        }
        try (GssPeer initiator =
                mitInitiator().channelBindings(bindings, GSS_C_AF_NULLADDR).start()) {
            GSSException failure = assertThrows(
                    GSSException.class,
                    () -> jnegotiateAcceptorFor(initiator, new ChannelBinding("other".getBytes(UTF_8))));
            assertMajor(GSSException.BAD_BINDINGS, "channel bindings", failure);
        }
    }

    @Test
    void channelBindings_jnegotiateInitiator_matchingAccepted_mismatchedBadBindingsAtMit() throws Exception {
        byte[] bindings = "tls-server-end-point:fedcba9876543210".getBytes(UTF_8);
        Subject user = keytabSubject(USER, userKeytab);
        try (GssPeer acceptor =
                mitAcceptor().channelBindings(bindings, GSS_C_AF_NULLADDR).start()) {
            GSSContext initiator = jnegotiateInitiator(KRB5, SERVICE_TARGET);
            initiator.setChannelBinding(new ChannelBinding(bindings));
            SunJgss.as(user, () -> {
                Handshake.javaToPeer(initiator, acceptor);
                return null;
            });
            assertTrue(initiator.isEstablished());
        }
        try (GssPeer acceptor =
                mitAcceptor().channelBindings(bindings, GSS_C_AF_NULLADDR).start()) {
            GSSContext initiator = jnegotiateInitiator(KRB5, SERVICE_TARGET);
            initiator.setChannelBinding(new ChannelBinding("other".getBytes(UTF_8)));
            GssPeerException failure = assertThrows(
                    GssPeerException.class,
                    () -> SunJgss.as(user, () -> {
                        Handshake.javaToPeer(initiator, acceptor);
                        return null;
                    }));
            assertEquals(GSS_S_BAD_BINDINGS, failure.routineError(), failure.getMessage());
        }
    }

    // ---- bad input ---------------------------------------------------------------------------

    @Test
    void truncatedApReq_jnegotiateAcceptor_defectiveToken() throws Exception {
        byte[] apReq = firstMitToken();
        int bodyStart = gssBodyOffset(apReq);
        byte[] innerTruncated =
                reframe(apReq, Arrays.copyOfRange(apReq, bodyStart, bodyStart + (apReq.length - bodyStart) / 2));

        GSSException inner = assertThrows(GSSException.class, () -> acceptWithJnegotiate(innerTruncated));
        assertMajor(GSSException.DEFECTIVE_TOKEN, "AP-REQ", inner);

        byte[] cutFrame = Arrays.copyOf(apReq, apReq.length - 10);
        GSSException frame = assertThrows(GSSException.class, () -> acceptWithJnegotiate(cutFrame));
        assertMajor(GSSException.DEFECTIVE_TOKEN, "truncated", frame);
    }

    @Test
    void garbledApReq_jnegotiateAcceptor_defectiveToken() throws Exception {
        byte[] apReq = firstMitToken();
        int apReqStart = gssBodyOffset(apReq) + 2; // after TOK_ID 01 00
        byte[] wrongTag = apReq.clone();
        wrongTag[apReqStart] = 0x6f; // [APPLICATION 15] (AP-REP) where [APPLICATION 14] (AP-REQ) belongs
        GSSException tag = assertThrows(GSSException.class, () -> acceptWithJnegotiate(wrongTag));
        assertMajor(GSSException.DEFECTIVE_TOKEN, "malformed AP-REQ", tag);

        byte[] garbage = apReq.clone();
        Arrays.fill(garbage, apReqStart + 2, Math.min(garbage.length, apReqStart + 42), (byte) 0xff);
        GSSException garbled = assertThrows(GSSException.class, () -> acceptWithJnegotiate(garbage));
        assertMajor(GSSException.DEFECTIVE_TOKEN, "malformed AP-REQ", garbled);
    }

    @Test
    void replayedApReq_jnegotiateAcceptor_duplicateToken() throws Exception {
        try (GssPeer initiator = mitInitiator().start()) {
            byte[] apReq = initiator.step(new byte[0]).token();
            GSSContext first = acceptWithJnegotiate(apReq);
            assertTrue(first.isEstablished());

            GSSException replay = assertThrows(GSSException.class, () -> acceptWithJnegotiate(apReq));
            assertMajor(GSSException.DUPLICATE_TOKEN, "replayed", replay);
        }
    }

    @Test
    void tamperedWrapAndMic_jnegotiateAcceptor_badMic() throws Exception {
        try (GssPeer initiator = mitInitiator().start()) {
            GSSContext acceptor = jnegotiateAcceptorFor(initiator, null);
            for (boolean sealed : new boolean[] {true, false}) {
                byte[] wrapped =
                        initiator.wrap("pay 10 EUR".getBytes(UTF_8), sealed).bytes();
                wrapped[wrapped.length - 1] ^= 0x01;
                GSSException failure = assertThrows(
                        GSSException.class,
                        () -> acceptor.unwrap(wrapped, 0, wrapped.length, new MessageProp(0, false)));
                assertMajor(GSSException.BAD_MIC, "mismatch", failure);
            }
            byte[] mic = initiator.getMic("pay 10 EUR".getBytes(UTF_8));
            byte[] other = "pay 99 EUR".getBytes(UTF_8);
            GSSException failure = assertThrows(
                    GSSException.class,
                    () -> acceptor.verifyMIC(mic, 0, mic.length, other, 0, other.length, new MessageProp(0, false)));
            assertMajor(GSSException.BAD_MIC, "mismatch", failure);
        }
    }

    @Test
    void tamperedMicFromJnegotiate_mitVerify_badSig() throws Exception {
        try (GssPeer initiator = mitInitiator().start()) {
            GSSContext acceptor = jnegotiateAcceptorFor(initiator, null);
            byte[] message = "pay 10 EUR".getBytes(UTF_8);
            byte[] mic = acceptor.getMIC(message, 0, message.length, new MessageProp(0, false));
            GssPeerException failure =
                    assertThrows(GssPeerException.class, () -> initiator.verifyMic("pay 99 EUR".getBytes(UTF_8), mic));
            assertEquals(GssPeerException.GSS_S_BAD_SIG, failure.routineError());
        }
    }

    @Test
    void replayedAndReorderedWrapTokens_jnegotiateUnwrap_reportsDuplicateGapAndUnseq() throws Exception {
        try (GssPeer initiator = mitInitiator().start()) {
            GSSContext acceptor = jnegotiateAcceptorFor(initiator, null);
            assertTrue(acceptor.getReplayDetState());
            assertTrue(acceptor.getSequenceDetState());
            byte[][] tokens = new byte[3][];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] =
                        initiator.wrap(("message " + i).getBytes(UTF_8), true).bytes();
            }

            MessageProp first = unwrapOrder(acceptor, tokens[0], "message 0");
            assertFalse(first.isDuplicateToken() || first.isGapToken() || first.isUnseqToken() || first.isOldToken());

            MessageProp replayed = unwrapOrder(acceptor, tokens[0], "message 0");
            assertTrue(replayed.isDuplicateToken());
            assertFalse(replayed.isGapToken() || replayed.isUnseqToken());

            MessageProp skipped = unwrapOrder(acceptor, tokens[2], "message 2");
            assertTrue(skipped.isGapToken());
            assertFalse(skipped.isDuplicateToken() || skipped.isUnseqToken());

            MessageProp late = unwrapOrder(acceptor, tokens[1], "message 1");
            assertTrue(late.isUnseqToken());
            assertFalse(late.isDuplicateToken() || late.isGapToken());
        }
    }

    @Test
    void unknownServicePrincipal_jnegotiateInitiator_badName() throws Exception {
        Subject user = keytabSubject(USER, userKeytab);
        GSSContext initiator = jnegotiateInitiator(KRB5, "HTTP@unknown." + DOMAIN);
        GSSException failure = assertThrows(
                GSSException.class, () -> SunJgss.as(user, () -> initiator.initSecContext(new byte[0], 0, 0)));
        assertMajor(GSSException.BAD_NAME, "unknown." + DOMAIN, failure);
    }

    @Test
    void wrongPassword_jnegotiateInitiator_unauthorized() throws Exception {
        KerberosPrincipal alice = new KerberosPrincipal(kdc.principal(USER));
        Subject user = subject(alice, new KerberosKey(alice, "not-alice's-password".toCharArray(), enctypeName()));
        GSSException failure = assertThrows(
                GSSException.class,
                () -> SunJgss.as(
                        user, () -> jnegotiateInitiator(KRB5, SERVICE_TARGET).initSecContext(new byte[0], 0, 0)));
        assertMajor(GSSException.UNAUTHORIZED, kdc.principal(USER), failure);
    }

    @Test
    void wrongKey_jnegotiateInitiator_unauthorized() throws Exception {
        KerberosPrincipal alice = new KerberosPrincipal(kdc.principal(USER));
        Subject user = subject(alice, new KerberosKey(alice, randomKey(), expectedEnctype(), kvno(alice, userKeytab)));
        GSSException failure = assertThrows(
                GSSException.class,
                () -> SunJgss.as(
                        user, () -> jnegotiateInitiator(KRB5, SERVICE_TARGET).initSecContext(new byte[0], 0, 0)));
        assertMajor(GSSException.UNAUTHORIZED, kdc.principal(USER), failure);
    }

    @Test
    void wrongServiceKey_jnegotiateAcceptor_unauthorized() throws Exception {
        KerberosPrincipal service = new KerberosPrincipal(kdc.principal(SERVICE));
        Subject wrongKeys = subject(
                service, new KerberosKey(service, randomKey(), expectedEnctype(), kvno(service, serviceKeytab)));
        byte[] apReq = firstMitToken();
        GSSContext acceptor = jnegotiate().createContext((GSSCredential) null);
        GSSException failure = assertThrows(
                GSSException.class,
                () -> SunJgss.as(wrongKeys, () -> acceptor.acceptSecContext(apReq, 0, apReq.length)));
        assertMajor(GSSException.UNAUTHORIZED, "does not decrypt with the acceptor's key", failure);
    }

    @Test
    void noCredentials_jnegotiateInitiator_noCred() throws Exception {
        GSSException inEmptySubject = assertThrows(
                GSSException.class,
                () -> SunJgss.as(
                        new Subject(),
                        () -> jnegotiateInitiator(KRB5, SERVICE_TARGET).initSecContext(new byte[0], 0, 0)));
        assertMajor(GSSException.NO_CRED, "Subject holds no Kerberos credentials", inEmptySubject);

        GSSException withoutSubject = assertThrows(
                GSSException.class,
                () -> jnegotiateInitiator(KRB5, SERVICE_TARGET).initSecContext(new byte[0], 0, 0));
        assertMajor(GSSException.NO_CRED, "no JAAS Subject", withoutSubject);
    }

    @Test
    void noCredentials_jnegotiateAcceptor_noCred() throws Exception {
        byte[] apReq = firstMitToken();
        GSSContext acceptor = jnegotiate().createContext((GSSCredential) null);
        GSSException failure = assertThrows(
                GSSException.class,
                () -> SunJgss.as(new Subject(), () -> acceptor.acceptSecContext(apReq, 0, apReq.length)));
        assertMajor(GSSException.NO_CRED, "no credentials", failure);
    }

    @Test
    void unreachableKdc_jnegotiateInitiator_failureNamingTheKdc() throws Exception {
        int deadPort = deadTcpPort();
        String conf =
                Files.readString(kdc.krb5Conf(), UTF_8).replaceAll("(?m)^( *kdc = ).*$", "$1127.0.0.1:" + deadPort);
        Path deadConf = kdc.directory().resolve("unreachable-krb5.conf");
        Files.writeString(deadConf, conf, UTF_8);
        // a principal nobody logged in yet: no cached ticket can spare the KDC exchange
        KerberosPrincipal carol = new KerberosPrincipal("carol@" + kdc.realm());
        Subject user = subject(carol, new KerberosKey(carol, "carol".toCharArray(), enctypeName()));
        JvmKrb5Conf.install(deadConf);
        try {
            GSSException failure = assertThrows(
                    GSSException.class,
                    () -> SunJgss.as(
                            user,
                            () -> jnegotiateInitiator(KRB5, SERVICE_TARGET).initSecContext(new byte[0], 0, 0)));
            assertMajor(GSSException.FAILURE, "127.0.0.1:" + deadPort, failure);
        } finally {
            JvmKrb5Conf.use(kdc);
        }
    }

    // ---- delegation (MIT KDCs: Kerby cannot issue a forwarded TGT) ------------------------------

    /** JNegotiate delegates to MIT's acceptor, which gets a ticket for a second service with it. */
    void checkJnegotiateDelegatesToMitAcceptor() throws Exception {
        Subject user = keytabSubject(USER, userKeytab);
        try (GssPeer acceptor = mitAcceptor().start();
                GssPeer second = mitAcceptor().start()) {
            GSSContext initiator = jnegotiateInitiator(KRB5, SERVICE_TARGET);
            initiator.requestCredDeleg(true);
            SunJgss.as(user, () -> {
                Handshake.javaToPeer(initiator, acceptor);
                return null;
            });
            assertTrue(initiator.getCredDelegState());
            assertTrue(acceptor.info().delegated());
            assertTrue(
                    acceptor.info().flags().contains("deleg"),
                    acceptor.info().flags().toString());

            byte[] forwarded = acceptor.delegateInit(SECOND_TARGET);
            GssPeer.Step step = second.step(forwarded);

            assertTrue(step.complete() || step.hasToken());
            assertEquals(Optional.of(kdc.principal(USER)), second.info().initiator());
            assertEquals(
                    Optional.of(kdc.principal(SECOND_SERVICE)), second.info().acceptor());
        }
    }

    /**
     * MIT delegates to JNegotiate's acceptor; JNegotiate initiates with the delegated credential to a
     * second service (an MIT acceptor and a JNegotiate acceptor): the delegated TGT got a service ticket.
     */
    void checkMitDelegatesToJnegotiateAcceptor() throws Exception {
        try (GssPeer initiator =
                        mitInitiator().flags("mutual", "deleg", "conf", "integ").start();
                GssPeer second = mitAcceptor().start()) {
            GSSContext acceptor = jnegotiateAcceptorFor(initiator, null);
            assertTrue(acceptor.getCredDelegState());
            GSSCredential delegated = acceptor.getDelegCred();
            assertNotNull(delegated, "no delegated credential");
            assertEquals(kdc.principal(USER), delegated.getName().toString());

            GSSManager manager = jnegotiate();
            GSSContext toMit = manager.createContext(
                    manager.createName(SECOND_TARGET, GSSName.NT_HOSTBASED_SERVICE),
                    KRB5,
                    delegated,
                    GSSContext.DEFAULT_LIFETIME);
            requestAll(toMit);
            SunJgss.as(new Subject(), () -> {
                Handshake.javaToPeer(toMit, second);
                return null;
            });
            assertEquals(Optional.of(kdc.principal(USER)), second.info().initiator());
            assertEquals(
                    Optional.of(kdc.principal(SECOND_SERVICE)), second.info().acceptor());
            assertSameSessionKey(toMit, second);

            GSSContext toJnegotiate = manager.createContext(
                    manager.createName(SECOND_TARGET, GSSName.NT_HOSTBASED_SERVICE),
                    KRB5,
                    delegated,
                    GSSContext.DEFAULT_LIFETIME);
            GSSContext secondAcceptor = jnegotiate().createContext((GSSCredential) null);
            establish(
                    requestAll(toJnegotiate),
                    new Subject(),
                    secondAcceptor,
                    keytabSubject(SECOND_SERVICE, secondKeytab));
            assertEquals(kdc.principal(USER), secondAcceptor.getSrcName().toString());
            assertEquals(
                    kdc.principal(SECOND_SERVICE), secondAcceptor.getTargName().toString());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    TestKdc kdc() {
        return kdc;
    }

    /** A manager with JNegotiate in front for both Kerberos OIDs. */
    GSSManager jnegotiate() throws GSSException {
        GSSManager manager = GSSManager.getInstance();
        manager.addProviderAtFront(provider, KRB5);
        manager.addProviderAtFront(provider, MS_KRB5);
        return manager;
    }

    /** A SunJGSS Kerberos initiator to the service, all flags requested, created inside {@code user}. */
    private static GSSContext sunJgssInitiator(Subject user) throws Exception {
        GSSManager sun = SunJgss.manager();
        return SunJgss.as(
                user,
                () -> requestAll(sun.createContext(
                        sun.createName(SERVICE_TARGET, GSSName.NT_HOSTBASED_SERVICE),
                        KRB5,
                        null,
                        GSSContext.DEFAULT_LIFETIME)));
    }

    GSSContext jnegotiateInitiator(Oid mech, String target) throws GSSException {
        GSSManager manager = jnegotiate();
        GSSName name = manager.createName(target, GSSName.NT_HOSTBASED_SERVICE);
        return requestAll(manager.createContext(name, mech, null, GSSContext.DEFAULT_LIFETIME));
    }

    private static GSSContext requestAll(GSSContext context) throws GSSException {
        context.requestMutualAuth(true);
        context.requestConf(true);
        context.requestInteg(true);
        context.requestReplayDet(true);
        context.requestSequenceDet(true);
        return context;
    }

    /** A JNegotiate acceptor (keys from the service keytab) established with {@code initiator}. */
    private GSSContext jnegotiateAcceptorFor(GssPeer initiator, ChannelBinding bindings) throws Exception {
        Subject service = keytabSubject(SERVICE, serviceKeytab);
        GSSContext context = jnegotiate().createContext((GSSCredential) null);
        if (bindings != null) {
            context.setChannelBinding(bindings);
        }
        SunJgss.as(service, () -> {
            Handshake.peerToJava(initiator, context);
            return null;
        });
        return context;
    }

    /** A fresh JNegotiate acceptor fed one token. */
    private GSSContext acceptWithJnegotiate(byte[] token) throws Exception {
        Subject service = keytabSubject(SERVICE, serviceKeytab);
        GSSContext context = jnegotiate().createContext((GSSCredential) null);
        SunJgss.as(service, () -> context.acceptSecContext(token, 0, token.length));
        return context;
    }

    /** A fresh MIT initiator's AP-REQ to the service (never accepted by anyone). */
    private byte[] firstMitToken() {
        try (GssPeer initiator = mitInitiator().start()) {
            return initiator.step(new byte[0]).token();
        }
    }

    Subject keytabSubject(String name, Path keytab) {
        KerberosPrincipal principal = new KerberosPrincipal(kdc.principal(name));
        return subject(principal, KeyTab.getInstance(principal, keytab.toFile()));
    }

    private Subject jdkLoggedInUser() {
        return SunJgss.login(kdc, kdc.principal(USER), userKeytab, true);
    }

    private static Subject subject(KerberosPrincipal principal, Object privateCredential) {
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.getPrivateCredentials().add(privateCredential);
        return subject;
    }

    private static int kvno(KerberosPrincipal principal, Path keytab) {
        KerberosKey[] keys = KeyTab.getInstance(principal, keytab.toFile()).getKeys(principal);
        assertTrue(keys.length > 0, "no key of " + principal + " in " + keytab);
        return keys[0].getVersionNumber();
    }

    private byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private Map<String, String> peerEnvironment(String ccacheName) {
        Map<String, String> env = new HashMap<>(kdc.clientEnvironment());
        env.put("KRB5CCNAME", "FILE:" + kdc.directory().resolve(ccacheName + "-" + System.nanoTime()));
        env.put("KRB5_KTNAME", "FILE:" + serviceKeytab);
        return env;
    }

    GssPeer.Builder mitAcceptor() {
        return GssPeer.builder(GssPeer.Role.ACCEPTOR, GssPeer.Mech.KRB5).env(peerEnvironment("acceptor"));
    }

    GssPeer.Builder mitInitiator() {
        return GssPeer.builder(GssPeer.Role.INITIATOR, GssPeer.Mech.KRB5)
                .env(peerEnvironment("initiator"))
                .name(kdc.principal(USER))
                .password(USER_PASSWORD)
                .target(SERVICE_TARGET);
    }

    /** Two Java contexts, token by token, each side inside its own Subject. */
    static void establish(GSSContext initiator, Subject initiatorSubject, GSSContext acceptor, Subject acceptorSubject)
            throws Exception {
        byte[] token = new byte[0];
        for (int round = 0; round < 10; round++) {
            byte[] toAcceptor = token;
            token = SunJgss.as(initiatorSubject, () -> initiator.initSecContext(toAcceptor, 0, toAcceptor.length));
            if (token == null || token.length == 0) {
                break;
            }
            byte[] toInitiator = token;
            token = SunJgss.as(acceptorSubject, () -> acceptor.acceptSecContext(toInitiator, 0, toInitiator.length));
            if (token == null || token.length == 0) {
                break;
            }
        }
        assertTrue(initiator.isEstablished(), "the initiator is not established");
        assertTrue(acceptor.isEstablished(), "the acceptor is not established");
    }

    private void assertEstablishedMutually(GSSContext initiator, GSSContext acceptor, Oid mech) throws GSSException {
        assertTrue(initiator.getMutualAuthState());
        assertTrue(acceptor.getMutualAuthState());
        assertTrue(initiator.getConfState() && acceptor.getConfState());
        assertEquals(mech, initiator.getMech());
        assertEquals(mech, acceptor.getMech());
        assertEquals(kdc.principal(USER), acceptor.getSrcName().toString());
        assertEquals(kdc.principal(SERVICE), acceptor.getTargName().toString());
    }

    static Object sessionKey(GSSContext context) throws GSSException {
        return ((ExtendedGSSContext) context).inquireSecContext(InquireType.KRB5_GET_SESSION_KEY_EX);
    }

    /**
     * JNegotiate's session key bytes. The JDK documents an {@link EncryptionKey} for
     * KRB5_GET_SESSION_KEY_EX; its enctype is checked when JNegotiate returns one.
     */
    byte[] jnegotiateSessionKey(GSSContext context) throws GSSException {
        Key key = assertInstanceOf(Key.class, sessionKey(context));
        if (key instanceof EncryptionKey typed) {
            assertEquals(expectedEnctype(), typed.getKeyType());
        }
        return key.getEncoded();
    }

    private void assertSameSessionKey(GSSContext jnegotiateSide, GssPeer peer) throws GSSException {
        GssPeer.SessionKey peerKey = peer.sessionKey();
        assertEquals(expectedEnctype(), peerKey.enctype(), peer.stderr());
        assertArrayEquals(peerKey.key(), jnegotiateSessionKey(jnegotiateSide));
    }

    /** {@code from} wraps (sealed and integrity only) and signs; {@code to} unwraps and verifies. */
    private static void assertMessagesFlow(GSSContext from, GSSContext to) throws GSSException {
        for (boolean sealed : new boolean[] {true, false}) {
            byte[] message =
                    ("wrap " + sealed + " from " + (from.isInitiator() ? "initiator" : "acceptor")).getBytes(UTF_8);
            MessageProp prop = new MessageProp(0, sealed);
            byte[] wrapped = from.wrap(message, 0, message.length, prop);
            assertEquals(sealed, prop.getPrivacy());
            assertEquals(
                    sealed,
                    !contains(wrapped, message),
                    "plaintext visible in a sealed token or hidden in a signed one");
            MessageProp received = new MessageProp(0, !sealed);
            assertArrayEquals(message, to.unwrap(wrapped, 0, wrapped.length, received));
            assertEquals(sealed, received.getPrivacy());
        }
        byte[] message = "signed message".getBytes(UTF_8);
        byte[] mic = from.getMIC(message, 0, message.length, new MessageProp(0, false));
        MessageProp verified = new MessageProp(0, false);
        to.verifyMIC(mic, 0, mic.length, message, 0, message.length, verified);
        assertFalse(verified.isDuplicateToken() || verified.isGapToken() || verified.isUnseqToken());
    }

    /** Both ways between a JNegotiate context and the MIT peer, sealed and integrity only, and MICs. */
    private static void assertMessagesFlow(GSSContext jnegotiate, GssPeer peer) throws GSSException {
        for (boolean sealed : new boolean[] {true, false}) {
            byte[] toPeer = ("to MIT, sealed " + sealed).getBytes(UTF_8);
            MessageProp prop = new MessageProp(0, sealed);
            GssPeer.Protected unwrapped = peer.unwrap(jnegotiate.wrap(toPeer, 0, toPeer.length, prop));
            assertArrayEquals(toPeer, unwrapped.bytes());
            assertEquals(sealed, unwrapped.confidential());

            byte[] fromPeer = ("from MIT, sealed " + sealed).getBytes(UTF_8);
            GssPeer.Protected wrapped = peer.wrap(fromPeer, sealed);
            assertEquals(sealed, wrapped.confidential());
            MessageProp received = new MessageProp(0, !sealed);
            assertArrayEquals(fromPeer, jnegotiate.unwrap(wrapped.bytes(), 0, wrapped.bytes().length, received));
            assertEquals(sealed, received.getPrivacy());
        }
        byte[] toPeer = "signed by JNegotiate".getBytes(UTF_8);
        peer.verifyMic(toPeer, jnegotiate.getMIC(toPeer, 0, toPeer.length, new MessageProp(0, false)));
        byte[] fromPeer = "signed by MIT".getBytes(UTF_8);
        byte[] mic = peer.getMic(fromPeer);
        jnegotiate.verifyMIC(mic, 0, mic.length, fromPeer, 0, fromPeer.length, new MessageProp(0, false));
    }

    private static MessageProp unwrapOrder(GSSContext context, byte[] token, String expected) throws GSSException {
        MessageProp prop = new MessageProp(0, false);
        assertArrayEquals(expected.getBytes(UTF_8), context.unwrap(token, 0, token.length, prop));
        return prop;
    }

    /**
     * The exact major code and JNegotiate's explanation. The explanation is the minor string: with minor
     * status 0 the JDK's {@code GSSException.getMessage()} shows the major string only.
     */
    static void assertMajor(int major, String messagePart, GSSException failure) {
        assertEquals(
                major,
                failure.getMajor(),
                () -> "expected " + new GSSException(major).getMajorString() + ", got " + failure.getMajorString()
                        + ": " + failure.getMinorString());
        String message = failure.getMinorString();
        assertNotNull(message);
        assertFalse(message.isBlank());
        if (messagePart != null) {
            assertTrue(message.contains(messagePart), () -> "message does not name '" + messagePart + "': " + message);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Offset of the mechanism token (TOK_ID first) in an RFC 2743 framed token. */
    static int gssBodyOffset(byte[] token) {
        assertEquals(0x60, token[0] & 0xff, "not an RFC 2743 framed token");
        int lengthBytes = (token[1] & 0x80) == 0 ? 1 : 1 + (token[1] & 0x7f);
        int oidStart = 1 + lengthBytes;
        assertEquals(0x06, token[oidStart]);
        return oidStart + 2 + token[oidStart + 1];
    }

    /** The DER OID (tag, length, value) of an RFC 2743 framed token. */
    static byte[] oidTlv(byte[] framed) {
        int lengthBytes = (framed[1] & 0x80) == 0 ? 1 : 1 + (framed[1] & 0x7f);
        return Arrays.copyOfRange(framed, 1 + lengthBytes, gssBodyOffset(framed));
    }

    /** The same mechanism token framed with another mechanism OID. */
    static byte[] withOid(byte[] framed, Oid mech) throws GSSException {
        return frame(mech.getDER(), Arrays.copyOfRange(framed, gssBodyOffset(framed), framed.length));
    }

    /** The same mechanism OID framing around another mechanism token (TOK_ID and all). */
    static byte[] reframe(byte[] framed, byte[] body) {
        return frame(oidTlv(framed), body);
    }

    /** RFC 2743 section 3.1 framing: 0x60, DER length, the mechanism OID, the mechanism token. */
    static byte[] frame(byte[] oidTlv, byte[] body) {
        int inner = oidTlv.length + body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x60);
        if (inner < 0x80) {
            out.write(inner);
        } else if (inner < 0x100) {
            out.write(0x81);
            out.write(inner);
        } else {
            out.write(0x82);
            out.write(inner >> 8);
            out.write(inner & 0xff);
        }
        out.writeBytes(oidTlv);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static int deadTcpPort() throws Exception {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
