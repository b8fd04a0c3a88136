package org.jnegotiate.conformance.spnego;

import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Step;

/**
 * A JNegotiate SPNEGO context driven through the engine API ({@link MechContext}) instead of
 * {@code org.ietf.jgss}: the only way, on main, to give a JNegotiate initiator an NTLM password.
 * Like the JDK framework does for the GSS door, the first initiator token gets its RFC 2743 framing
 * (0x60, SPNEGO OID) here; everything else passes unchanged.
 */
final class EngineParty implements Party {
    private final String name;
    private final MechContext context;
    private boolean first = true;

    EngineParty(String name, MechContext context) {
        this.name = name;
        this.context = context;
    }

    MechContext context() {
        return context;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] step(byte[] token) throws Exception {
        Step step = context.step(token.length == 0 ? null : token);
        byte[] out = step.token();
        if (first && context.isInitiator() && out.length > 0) {
            out = GssFraming.wrap(MechOid.SPNEGO, out);
        }
        first = false;
        return out;
    }

    @Override
    public boolean isEstablished() {
        return context.isEstablished();
    }

    @Override
    public String mech() {
        return context.negotiatedMechanism().map(MechOid::dotted).orElse("-");
    }

    @Override
    public byte[] wrap(byte[] message, boolean confidential) throws Exception {
        return context.protector().wrap(message, 0, message.length, confidential);
    }

    @Override
    public Party.Unwrapped unwrap(byte[] token) throws Exception {
        org.jnegotiate.mech.Unwrapped u = context.protector().unwrap(token, 0, token.length);
        return new Party.Unwrapped(u.message(), u.confidential());
    }

    @Override
    public byte[] mic(byte[] message) throws Exception {
        return context.protector().getMic(message, 0, message.length);
    }

    @Override
    public void verifyMic(byte[] message, byte[] mic) throws Exception {
        context.protector().verifyMic(mic, 0, mic.length, message, 0, message.length);
    }

    @Override
    public String toString() {
        return name;
    }
}
