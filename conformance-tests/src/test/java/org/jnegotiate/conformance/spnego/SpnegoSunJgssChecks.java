package org.jnegotiate.conformance.spnego;

import static org.jnegotiate.conformance.spnego.SpnegoTokens.KRB5;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.MS_KRB5;
import static org.jnegotiate.conformance.spnego.SpnegoTokens.NTLM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.InquireType;
import java.nio.file.Path;
import java.util.List;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.EncryptionKey;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.JvmNtlmUsers;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.conformance.fixtures.TestKdc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JNegotiate's SPNEGO against the JDK's SunJGSS SPNEGO, Kerberos inside, both roles, in one JVM:
 * the negotiated mechanism each side reports, the first token's shape, and per-message protection
 * both ways. One KDC per subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpnegoSunJgssChecks {
    static final String DOMAIN = "jnegotiate.test";
    static final String USER = "alice";
    static final String USER_PASSWORD = "alice-Passw0rd";
    static final String SERVICE = "HTTP/acceptor." + DOMAIN;
    static final String TARGET = "HTTP@acceptor." + DOMAIN;
    static final String NTLM_USER = "JNEGOTIATE\\bob";
    static final String NTLM_PASSWORD = "bob-Passw0rd";

    private TestKdc kdc;
    private Path userKeytab;
    private Path serviceKeytab;

    abstract TestKdc startKdc();

    @BeforeAll
    void startRealm() {
        JNegotiate.requireNotInstalledGlobally();
        kdc = startKdc();
        kdc.addPrincipal(USER, USER_PASSWORD);
        kdc.addPrincipal(SERVICE, "service-key-" + System.nanoTime());
        userKeytab = kdc.directory().resolve("user.keytab");
        serviceKeytab = kdc.directory().resolve("service.keytab");
        kdc.exportKeytab(userKeytab, USER);
        kdc.exportKeytab(serviceKeytab, SERVICE);
    }

    @BeforeEach
    void useRealm() {
        JvmKrb5Conf.use(kdc);
        // two users, none of them $USER: no NTLM default credential whatever the initiator's lookup rules
        JvmNtlmUsers.write("JNEGOTIATE:bob:" + NTLM_PASSWORD, "JNEGOTIATE:carol:carol-Passw0rd");
    }

    @AfterAll
    void stopRealm() {
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void jnegotiateInitiator_sunJgssAcceptor_kerberosWithMessagesBothWays() throws Exception {
        GssParty initiator = JNegotiate.initiator(alice(), TARGET);
        GssParty acceptor = JNegotiate.sunJgssAcceptor(service());

        Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

        SpnegoTokens.Init init = SpnegoTokens.initialContextToken(transcript.firstInitiatorToken());
        assertEquals(List.of(MS_KRB5, KRB5), init.mechTypes(), "no NTLM credential through org.ietf.jgss");
        assertTrue(SpnegoTokens.isFramed(init.mechToken().orElseThrow(), KRB5), "optimistic Kerberos token");
        SpnegoTokens.Resp answer =
                SpnegoTokens.negTokenResp(transcript.toInitiator().get(0));
        assertEquals(
                List.of(SpnegoTokens.ACCEPT_COMPLETED),
                answer.negState().stream().toList());
        assertEquals(MS_KRB5, answer.supportedMech().orElseThrow(), "SunJGSS answers with the initiator's first OID");
        assertEquals(2, transcript.legs(), "optimistic Kerberos with mutual authentication: two legs");
        assertEquals(KRB5, acceptor.mech(), "SunJGSS reports the inner mechanism");
        assertEquals(MS_KRB5, initiator.mech(), "JNegotiate reports the inner mechanism as the acceptor named it");
        assertTrue(initiator.context().getMutualAuthState());
        assertEquals(kdc.principal(USER), acceptor.context().getSrcName().toString());
        assertSameTypedSessionKey(initiator.context(), acceptor.context());
        Messages.flowBothWays(initiator, acceptor);
    }

    @Test
    void jnegotiateInitiatorWithNtlmPassword_sunJgssAcceptor_offersAllThreeAndUsesKerberos() throws Exception {
        EngineParty initiator = JNegotiate.engineInitiator(alice(), TARGET, kdc.principal(USER), "ntlm-password");
        GssParty acceptor = JNegotiate.sunJgssAcceptor(service());

        Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

        SpnegoTokens.Init init = SpnegoTokens.initialContextToken(transcript.firstInitiatorToken());
        assertEquals(List.of(MS_KRB5, KRB5, NTLM), init.mechTypes());
        assertTrue(SpnegoTokens.isFramed(init.mechToken().orElseThrow(), KRB5));
        assertEquals(KRB5, acceptor.mech());
        Messages.flowBothWays(initiator, acceptor);
    }

    @Test
    void sunJgssInitiator_jnegotiateAcceptor_kerberosWithMessagesBothWays() throws Exception {
        GssParty initiator = JNegotiate.sunJgssInitiator(alice(), TARGET);
        GssParty acceptor = JNegotiate.acceptor(service());

        Exchange.Transcript transcript = Exchange.run(initiator, acceptor);

        SpnegoTokens.Init init = SpnegoTokens.initialContextToken(transcript.firstInitiatorToken());
        assertEquals(List.of(KRB5), init.mechTypes(), "SunJGSS offers its Kerberos only");
        SpnegoTokens.Resp answer =
                SpnegoTokens.negTokenResp(transcript.toInitiator().get(0));
        assertEquals(KRB5, answer.supportedMech().orElseThrow());
        assertEquals(
                List.of(SpnegoTokens.ACCEPT_COMPLETED),
                answer.negState().stream().toList());
        assertTrue(answer.responseToken().isPresent(), "the AP-REP");
        assertEquals(KRB5, initiator.mech());
        assertEquals(KRB5, acceptor.mech());
        assertEquals(kdc.principal(USER), acceptor.context().getSrcName().toString());
        assertSameTypedSessionKey(acceptor.context(), initiator.context());
        Messages.flowBothWays(initiator, acceptor);
    }

    /**
     * KRB5_GET_SESSION_KEY_EX through SPNEGO: JNegotiate's SPNEGO context returns the inner Kerberos key as an
     * EncryptionKey of the right enctype, the same key and type as SunJGSS's SPNEGO returns for its side.
     */
    private static void assertSameTypedSessionKey(GSSContext jnegotiate, GSSContext sunJgss) throws GSSException {
        EncryptionKey mine = assertInstanceOf(
                EncryptionKey.class,
                ((ExtendedGSSContext) jnegotiate).inquireSecContext(InquireType.KRB5_GET_SESSION_KEY_EX));
        EncryptionKey theirs = assertInstanceOf(
                EncryptionKey.class,
                ((ExtendedGSSContext) sunJgss).inquireSecContext(InquireType.KRB5_GET_SESSION_KEY_EX));
        assertEquals(theirs.getKeyType(), mine.getKeyType(), "enctype of the SPNEGO(Kerberos) session key");
        assertTrue(
                mine.getKeyType() == 17
                        || mine.getKeyType() == 18
                        || mine.getKeyType() == 19
                        || mine.getKeyType() == 20,
                "an AES enctype: " + mine.getKeyType());
        assertArrayEquals(theirs.getEncoded(), mine.getEncoded());
    }

    Subject alice() {
        return SunJgss.login(kdc, kdc.principal(USER), userKeytab, true);
    }

    Subject service() {
        return SunJgss.login(kdc, kdc.principal(SERVICE), serviceKeytab, false);
    }
}
