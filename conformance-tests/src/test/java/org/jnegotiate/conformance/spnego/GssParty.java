package org.jnegotiate.conformance.spnego;

import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.MessageProp;
import org.jnegotiate.conformance.fixtures.SunJgss;

/**
 * A {@link GSSContext} of whichever provider made it (JNegotiate or SunJGSS), driven inside
 * {@link SunJgss#as} with its Subject when it has one (credentials come from there).
 */
final class GssParty implements Party {
    private final String name;
    private final GSSContext context;
    private final Subject subject;

    GssParty(String name, GSSContext context, Subject subject) {
        this.name = name;
        this.context = context;
        this.subject = subject;
    }

    GSSContext context() {
        return context;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] step(byte[] token) throws Exception {
        byte[] out = as(() -> context.isInitiator()
                ? context.initSecContext(token, 0, token.length)
                : context.acceptSecContext(token, 0, token.length));
        return out == null ? new byte[0] : out;
    }

    @Override
    public boolean isEstablished() {
        return context.isEstablished();
    }

    @Override
    public String mech() throws Exception {
        return Party.dotted(context.getMech());
    }

    @Override
    public byte[] wrap(byte[] message, boolean confidential) throws Exception {
        MessageProp prop = new MessageProp(0, confidential);
        return context.wrap(message, 0, message.length, prop);
    }

    @Override
    public Unwrapped unwrap(byte[] token) throws Exception {
        MessageProp prop = new MessageProp(0, false);
        byte[] message = context.unwrap(token, 0, token.length, prop);
        return new Unwrapped(message, prop.getPrivacy());
    }

    @Override
    public byte[] mic(byte[] message) throws Exception {
        return context.getMIC(message, 0, message.length, new MessageProp(0, false));
    }

    @Override
    public void verifyMic(byte[] message, byte[] mic) throws Exception {
        context.verifyMIC(mic, 0, mic.length, message, 0, message.length, new MessageProp(0, false));
    }

    private <T> T as(java.security.PrivilegedExceptionAction<T> action) throws Exception {
        return subject == null ? action.run() : SunJgss.as(subject, action);
    }

    @Override
    public String toString() {
        return name;
    }
}
