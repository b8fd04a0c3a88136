package org.jnegotiate.conformance.realms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.krb5.kdc.NetworkKdcTransport;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * JNegotiate's Kerberos mechanism through the engine with a krb5.conf of the test's own: a password initiator
 * (AS and TGS exchanges over the network transport) and a keytab acceptor, and the token loop between them.
 */
final class EngineKerberos {
    private final Mechanism kerberos;

    EngineKerberos(Path krb5Conf) throws NegotiateException {
        this(krb5Conf, new NetworkKdcTransport());
    }

    /** With a KDC transport of the test's (one that records or changes the messages). */
    EngineKerberos(Path krb5Conf, KdcTransport transport) throws NegotiateException {
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(krb5Conf)
                .useSubjectCredsOnly(true)
                .build();
        this.kerberos = Engine.create(config, transport, Clock.systemUTC(), new SecureRandom())
                .mechanism(MechOid.KERBEROS);
    }

    /** A credential of {@code user} (as typed: {@code alice}, {@code alice@REALM}, ...) from its password. */
    MechCredential login(String user, String password) throws NegotiateException {
        return kerberos.acquire(CredentialRequest.of(PeerName.user(user), MechCredential.Usage.INITIATE)
                .withPassword(password.toCharArray()));
    }

    /** The first token of an initiator from {@code user} to {@code target} (where the TGS exchanges happen). */
    byte[] firstToken(MechCredential user, String target) throws NegotiateException {
        return kerberos.initiator(
                        MechOid.KERBEROS,
                        user,
                        ContextRequest.builder()
                                .target(PeerName.hostbased(target))
                                .flag(ContextFlag.MUTUAL, true)
                                .build())
                .step(null)
                .token();
    }

    /**
     * Establishes a mutual context from {@code user} to {@code target} ({@code HTTP@host}) with the acceptor keys of
     * {@code servicePrincipal} in {@code keytab}; returns the acceptor, established.
     */
    MechContext establish(MechCredential user, String target, Path keytab, String servicePrincipal)
            throws NegotiateException {
        MechContext initiator = kerberos.initiator(
                MechOid.KERBEROS,
                user,
                ContextRequest.builder()
                        .target(PeerName.hostbased(target))
                        .flag(ContextFlag.MUTUAL, true)
                        .build());
        Subject service = new Subject();
        KerberosPrincipal principal = new KerberosPrincipal(servicePrincipal);
        service.getPrincipals().add(principal);
        service.getPrivateCredentials().add(KeyTab.getInstance(principal, keytab.toFile()));
        MechCredential keys = kerberos.acquire(
                CredentialRequest.of(null, MechCredential.Usage.ACCEPT).withSubject(service));
        MechContext acceptor = kerberos.acceptor(
                MechOid.KERBEROS, keys, ContextRequest.builder().build());
        byte[] token = initiator.step(null).token();
        for (int round = 0; round < 4 && !(initiator.isEstablished() && acceptor.isEstablished()); round++) {
            byte[] reply = acceptor.step(token).token();
            if (!initiator.isEstablished()) {
                token = initiator.step(reply).token();
            }
        }
        assertTrue(initiator.isEstablished() && acceptor.isEstablished(), "the contexts did not establish");
        assertArrayEquals(
                initiator.sessionKey().toByteArray(), acceptor.sessionKey().toByteArray());
        return acceptor;
    }
}
