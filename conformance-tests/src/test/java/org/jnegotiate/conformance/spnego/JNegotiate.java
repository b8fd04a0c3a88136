package org.jnegotiate.conformance.spnego;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Security;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.PeerName;

/**
 * JNegotiate's SPNEGO as an application gets it: {@code new JNegotiateProvider()} in front of a
 * {@link GSSManager} for 1.3.6.1.5.5.2, plain {@code org.ietf.jgss} calls. The provider is never put
 * into {@link Security}'s list: SunJGSS's SPNEGO builds its inner mechanisms from that list, and would
 * then run JNegotiate's Kerberos inside the "reference" peer.
 *
 * <p>NTLM initiator credentials cannot be handed through {@code org.ietf.jgss} on main (no password
 * API; branch ntlm2 adds one), so {@link #engineInitiator} opens an initiator through the engine API
 * with a password, as the SSPI-shaped door does.
 */
final class JNegotiate {
    static final Oid SPNEGO = SunJgss.SPNEGO;

    private JNegotiate() {}

    /** A manager whose SPNEGO is JNegotiate's. */
    static GSSManager manager() throws GSSException {
        JNegotiateProvider provider = JNegotiateProvider.instance();
        assertTrue(
                provider.gssMechanismsRegistered(), "JNegotiate registered no GSS mechanism (missing --add-exports?)");
        GSSManager manager = GSSManager.getInstance();
        manager.addProviderAtFront(provider, SPNEGO);
        return manager;
    }

    /** SunJGSS's SPNEGO must not see JNegotiate among the installed providers (see the class comment). */
    static void requireNotInstalledGlobally() {
        assertNull(
                Security.getProvider(JNegotiateProvider.NAME),
                "JNegotiate is installed in java.security's list:"
                        + " SunJGSS's SPNEGO would run JNegotiate's Kerberos inside");
    }

    /** A JNegotiate SPNEGO initiator through org.ietf.jgss; Kerberos credentials come from {@code subject}. */
    static GssParty initiator(Subject subject, String target) throws Exception {
        GSSManager manager = manager();
        GSSName name = manager.createName(target, GSSName.NT_HOSTBASED_SERVICE);
        GSSContext context = manager.createContext(name, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
        context.requestMutualAuth(true);
        context.requestConf(true);
        context.requestInteg(true);
        context.requestReplayDet(true);
        context.requestSequenceDet(true);
        return new GssParty("JNegotiate SPNEGO initiator (GSS)", context, subject);
    }

    /** A JNegotiate SPNEGO acceptor through org.ietf.jgss; Kerberos keys come from {@code subject} (may be null). */
    static GssParty acceptor(Subject subject) throws Exception {
        GSSContext context = manager().createContext((GSSCredential) null);
        return new GssParty("JNegotiate SPNEGO acceptor (GSS)", context, subject);
    }

    /**
     * A JNegotiate SPNEGO initiator through the engine: Kerberos from {@code subject} (may be null) when
     * {@code user} names its principal, NTLM from {@code user} ({@code DOMAIN\\user} or
     * {@code user@domain}) and {@code password}.
     */
    static EngineParty engineInitiator(Subject subject, String target, String user, String password) throws Exception {
        Mechanism spnego = Engine.system().mechanism(MechOid.SPNEGO);
        CredentialRequest request = CredentialRequest.of(PeerName.user(user), MechCredential.Usage.INITIATE)
                .withPassword(password.toCharArray());
        if (subject != null) {
            request = request.withSubject(subject);
        }
        MechCredential credential = spnego.acquire(request);
        ContextRequest context = ContextRequest.builder()
                .target(PeerName.hostbased(target))
                .flag(ContextFlag.MUTUAL, true)
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.REPLAY_DETECTION, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true)
                .build();
        MechContext initiator = spnego.initiator(MechOid.SPNEGO, credential, context);
        return new EngineParty("JNegotiate SPNEGO initiator (engine, NTLM password)", initiator);
    }

    /** SunJGSS's SPNEGO initiator (Kerberos inside, from {@code subject}'s TGT). */
    static GssParty sunJgssInitiator(Subject subject, String target) throws Exception {
        GSSManager manager = SunJgss.manager();
        GSSName name = manager.createName(target, GSSName.NT_HOSTBASED_SERVICE);
        GSSContext context = manager.createContext(name, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
        context.requestMutualAuth(true);
        context.requestConf(true);
        context.requestInteg(true);
        return new GssParty("SunJGSS SPNEGO initiator", context, subject);
    }

    /** SunJGSS's SPNEGO acceptor (keys from {@code subject}). */
    static GssParty sunJgssAcceptor(Subject subject) throws Exception {
        return new GssParty("SunJGSS SPNEGO acceptor", SunJgss.manager().createContext((GSSCredential) null), subject);
    }
}
