package org.jnegotiate.gss;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.MessageProp;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;

/**
 * The GSS door's per-message calls over an engine {@link MessageProtector}: what {@link MessageProp} says in and
 * out (privacy applied, QOP 0, the supplementary status of RFC 2743 1.2.3) and the failure translation.
 */
final class GssMessages {
    private GssMessages() {}

    /** Reports the protection actually applied (NTLM seals every wrap token, whatever was asked). */
    static byte[] wrap(MessageProtector p, byte[] in, int offset, int len, MessageProp prop) throws GSSException {
        boolean conf = prop.getPrivacy() && p.confidentialityAvailable();
        try {
            byte[] token = p.wrap(in, offset, len, conf);
            prop.setPrivacy(conf || p.wrapAlwaysSeals());
            prop.setQOP(0);
            return token;
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        } catch (RuntimeException e) {
            throw GssErrors.internal(e);
        }
    }

    static byte[] unwrap(MessageProtector p, byte[] in, int offset, int len, MessageProp prop) throws GSSException {
        try {
            Unwrapped u = p.unwrap(in, offset, len);
            prop.setPrivacy(u.confidential());
            prop.setQOP(0);
            supplementary(prop, u.order());
            return u.message();
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        } catch (RuntimeException e) {
            throw GssErrors.internal(e);
        }
    }

    static byte[] getMic(MessageProtector p, byte[] in, int offset, int len, MessageProp prop) throws GSSException {
        try {
            byte[] mic = p.getMic(in, offset, len);
            if (prop != null) {
                prop.setQOP(0);
            }
            return mic;
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        } catch (RuntimeException e) {
            throw GssErrors.internal(e);
        }
    }

    static void verifyMic(
            MessageProtector p,
            byte[] token,
            int tokOffset,
            int tokLen,
            byte[] msg,
            int msgOffset,
            int msgLen,
            MessageProp prop)
            throws GSSException {
        try {
            TokenOrder order = p.verifyMic(token, tokOffset, tokLen, msg, msgOffset, msgLen);
            if (prop != null) {
                prop.setQOP(0);
                supplementary(prop, order);
            }
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        } catch (RuntimeException e) {
            throw GssErrors.internal(e);
        }
    }

    private static void supplementary(MessageProp prop, TokenOrder order) {
        prop.setSupplementaryStates(
                order == TokenOrder.DUPLICATE,
                order == TokenOrder.OLD,
                order == TokenOrder.UNSEQUENCED,
                order == TokenOrder.GAP,
                0,
                null);
    }

    static byte[] readAll(InputStream in) throws GSSException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw GssErrors.of(GSSException.DEFECTIVE_TOKEN, "cannot read: " + e.getMessage());
        }
    }

    static void write(OutputStream out, byte[] b) throws GSSException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw GssErrors.of(GSSException.FAILURE, "cannot write: " + e.getMessage());
        }
    }
}
