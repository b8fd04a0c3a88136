package org.jnegotiate.conformance.sspi;

import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.MessageProp;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.SunJgss;

/**
 * The GSS-API peer of an SSPI endpoint, whichever implementation it is (MIT/gss-ntlmssp through
 * {@link GssPeer}, or a JDK {@link GSSContext} such as SunJGSS's): context steps and the per-message calls.
 */
interface GssSide {

    /** A peer's answer to one token. */
    record Reply(byte[] token, boolean complete) {
        boolean hasToken() {
            return token != null && token.length > 0;
        }
    }

    /** An unwrapped message and whether it had been encrypted. */
    record Unwrapped(byte[] message, boolean confidential) {}

    /** Initiator: the first call has an empty token. */
    Reply step(byte[] token) throws Exception;

    byte[] wrap(byte[] message, boolean confidential) throws Exception;

    Unwrapped unwrap(byte[] token) throws Exception;

    byte[] getMic(byte[] message) throws Exception;

    /** Throws when the MIC is bad. */
    void verifyMic(byte[] message, byte[] mic) throws Exception;

    static GssSide of(GssPeer peer) {
        return new GssSide() {
            @Override
            public Reply step(byte[] token) {
                GssPeer.Step s = peer.step(token);
                return new Reply(s.token(), s.complete());
            }

            @Override
            public byte[] wrap(byte[] message, boolean confidential) {
                GssPeer.Protected p = peer.wrap(message, confidential);
                if (p.confidential() != confidential) {
                    throw new AssertionError("the peer wrapped with confidential=" + p.confidential());
                }
                return p.bytes();
            }

            @Override
            public Unwrapped unwrap(byte[] token) {
                GssPeer.Protected p = peer.unwrap(token);
                return new Unwrapped(p.bytes(), p.confidential());
            }

            @Override
            public byte[] getMic(byte[] message) {
                return peer.getMic(message);
            }

            @Override
            public void verifyMic(byte[] message, byte[] mic) {
                peer.verifyMic(message, mic);
            }

            @Override
            public String toString() {
                return peer.toString();
            }
        };
    }

    /** A JDK context; context steps run inside {@code subject} (the JDK takes Kerberos credentials from it). */
    static GssSide of(GSSContext context, Subject subject) {
        return new GssSide() {
            @Override
            public Reply step(byte[] token) throws Exception {
                byte[] in = token == null ? new byte[0] : token;
                byte[] out = SunJgss.as(
                        subject,
                        () -> context.isInitiator()
                                ? context.initSecContext(in, 0, in.length)
                                : context.acceptSecContext(in, 0, in.length));
                return new Reply(out == null ? new byte[0] : out, context.isEstablished());
            }

            @Override
            public byte[] wrap(byte[] message, boolean confidential) throws GSSException {
                MessageProp prop = new MessageProp(0, confidential);
                byte[] token = context.wrap(message, 0, message.length, prop);
                if (prop.getPrivacy() != confidential) {
                    throw new AssertionError("the JDK wrapped with privacy=" + prop.getPrivacy());
                }
                return token;
            }

            @Override
            public Unwrapped unwrap(byte[] token) throws GSSException {
                MessageProp prop = new MessageProp(0, false);
                byte[] message = context.unwrap(token, 0, token.length, prop);
                return new Unwrapped(message, prop.getPrivacy());
            }

            @Override
            public byte[] getMic(byte[] message) throws GSSException {
                return context.getMIC(message, 0, message.length, new MessageProp(0, false));
            }

            @Override
            public void verifyMic(byte[] message, byte[] mic) throws GSSException {
                MessageProp prop = new MessageProp(0, false);
                context.verifyMIC(mic, 0, mic.length, message, 0, message.length, prop);
                if (prop.isDuplicateToken() || prop.isGapToken() || prop.isUnseqToken() || prop.isOldToken()) {
                    throw new AssertionError("supplementary status on a MIC in order: " + prop.getMinorString());
                }
            }

            @Override
            public String toString() {
                return "GSSContext[" + context + "]";
            }
        };
    }
}
