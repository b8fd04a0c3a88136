package org.jnegotiate.servlet;

import java.util.Base64;
import java.util.List;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * JNegotiate's own NTLM initiator (an engine of the test's, NTLM only), raw or inside SPNEGO: the in-process client of
 * this module's tests. The conformance suite runs curl, gss-ntlmssp, Samba and the JDK against the filter.
 */
final class EngineClient {
    private final MechContext context;

    private EngineClient(MechContext context) {
        this.context = context;
    }

    static EngineClient ntlm(MechOid mechanism, String user, String password, ChannelBindings bindings)
            throws NegotiateException {
        Engine engine = Engine.create(
                NegotiateConfig.builder().mechanisms(List.of(MechOid.NTLM)).build());
        MechCredential credential = engine.mechanism(mechanism)
                .acquire(CredentialRequest.of(PeerName.user(user), MechCredential.Usage.INITIATE)
                        .withPassword(password.toCharArray()));
        ContextRequest.Builder request = ContextRequest.builder().target(PeerName.hostbased("HTTP@localhost"));
        if (bindings != null) {
            request.channelBindings(bindings);
        }
        return new EngineClient(engine.mechanism(mechanism).initiator(mechanism, credential, request.build()));
    }

    static EngineClient ntlm(MechOid mechanism, String user, String password) throws NegotiateException {
        return ntlm(mechanism, user, password, null);
    }

    /** The next token, base64, given the server's last {@code WWW-Authenticate} value (null on the first call). */
    String next(String wwwAuthenticate) throws NegotiateException {
        byte[] in = null;
        if (wwwAuthenticate != null) {
            in = Base64.getDecoder().decode(wwwAuthenticate.substring(wwwAuthenticate.indexOf(' ') + 1));
        }
        return Base64.getEncoder().encodeToString(context.step(in).token());
    }

    boolean established() {
        return context.isEstablished();
    }

    /** Feeds the server's final token (SPNEGO's accept-completed with its mechListMIC). */
    void finish(String wwwAuthenticate) throws NegotiateException {
        if (!context.isEstablished()) {
            next(wwwAuthenticate);
        }
    }
}
