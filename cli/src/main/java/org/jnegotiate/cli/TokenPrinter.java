package org.jnegotiate.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnegotiate.krb5.tokens.ApRepMessage;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.ntlm.messages.ChallengeMessage;
import org.jnegotiate.ntlm.messages.NegotiateMessage;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegTokenInit2;
import org.jnegotiate.spnego.tokens.NegTokenResp;
import org.jnegotiate.spnego.tokens.NegotiationToken;

/**
 * Describes any Negotiate-family token as indented lines: framed or bare SPNEGO, Kerberos context tokens,
 * NTLM messages, nested as they travel (an AP-REQ inside a NegTokenInit inside its framing). Only the
 * project's own codecs are used, so what it prints is what the engine would read. Nothing secret is
 * printed: encrypted parts are shown by length, NTLM responses never.
 */
final class TokenPrinter {
    private static final byte[] NTLMSSP = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    /**
     * Tokens nest at most three deep on the wire (framing, SPNEGO, the mechanism's token); a token nested deeper
     * is described no further, so that a crafted input cannot drive the descent (each level is a call).
     */
    static final int MAX_DEPTH = 12;

    private final List<String> lines = new ArrayList<>();

    static List<String> describe(byte[] token) {
        TokenPrinter p = new TokenPrinter();
        p.token(token, 0);
        return p.lines;
    }

    private void token(byte[] t, int depth) {
        try {
            if (depth > MAX_DEPTH) {
                line(
                        depth,
                        "a token of " + t.length + " bytes nested deeper than " + MAX_DEPTH
                                + " levels (not described)");
            } else if (t.length >= 8 && Arrays.equals(Arrays.copyOf(t, 8), NTLMSSP)) {
                ntlm(t, depth);
            } else if (GssFraming.looksFramed(t)) {
                framed(t, depth);
            } else if (t.length > 0 && ((t[0] & 0xFF) == 0xa0 || (t[0] & 0xFF) == 0xa1)) {
                spnego(t, depth);
            } else if (t.length >= 2 && t[0] >= 1 && t[0] <= 3 && t[1] == 0) {
                kerberos(t, depth);
            } else {
                line(
                        depth,
                        "unrecognised token of " + t.length + " bytes (not NTLMSSP, not framed, not SPNEGO, "
                                + "not a Kerberos context token)");
            }
        } catch (NegotiateException e) {
            line(depth, "INVALID: " + e.getMessage());
        }
    }

    private void framed(byte[] t, int depth) throws NegotiateException {
        GssFraming.Framed f = GssFraming.unwrap(t);
        MechOid m = f.mechanism().orElse(null);
        line(
                depth,
                "InitialContextToken (RFC 2743 framing), " + t.length + " bytes, mechanism "
                        + (m == null ? "unknown" : m.toString()));
        if (m == MechOid.SPNEGO) {
            spnego(f.inner(), depth + 1);
        } else if (m != null && m.isKerberos()) {
            kerberos(t, depth + 1);
        } else {
            token(f.inner(), depth + 1);
        }
    }

    private void spnego(byte[] t, int depth) throws NegotiateException {
        NegotiationToken n = NegotiationToken.decode(t);
        if (n instanceof NegTokenInit i) {
            line(depth, "NegTokenInit");
            mechTypes(i.mechTypes(), depth + 1);
            i.reqFlags().ifPresent(f -> line(depth + 1, "reqFlags: 0x" + Integer.toHexString(f)));
            inner("mechToken", i.mechToken().orElse(null), depth + 1);
            i.mechListMic().ifPresent(mic -> line(depth + 1, "mechListMIC: " + mic.length + " bytes"));
        } else if (n instanceof NegTokenInit2 i) {
            line(depth, "NegTokenInit2 (server-initiated, MS-SPNG)");
            mechTypes(i.mechTypes(), depth + 1);
            i.negHints().flatMap(h -> h.hintName()).ifPresent(h -> line(depth + 1, "negHints.hintName: " + h));
            inner("mechToken", i.mechToken().orElse(null), depth + 1);
            i.mechListMic().ifPresent(mic -> line(depth + 1, "mechListMIC: " + mic.length + " bytes"));
        } else if (n instanceof NegTokenResp r) {
            line(depth, "NegTokenResp");
            r.negState().ifPresent(s -> line(depth + 1, "negState: " + s));
            r.supportedMech().ifPresent(s -> line(depth + 1, "supportedMech: " + named(s)));
            inner("responseToken", r.responseToken().orElse(null), depth + 1);
            r.mechListMic().ifPresent(mic -> line(depth + 1, "mechListMIC: " + mic.length + " bytes"));
        }
    }

    private void mechTypes(MechTypeList list, int depth) {
        List<String> names = new ArrayList<>();
        for (String oid : list.oids()) {
            names.add(named(oid));
        }
        line(depth, "mechTypes: " + String.join(", ", names));
    }

    private void inner(String what, byte[] t, int depth) {
        if (t != null) {
            line(depth, what + ": " + t.length + " bytes");
            token(t, depth + 1);
        }
    }

    private void kerberos(byte[] t, int depth) throws NegotiateException {
        ContextToken c = ContextToken.decode(t);
        switch (c.id()) {
            case AP_REQ: {
                ApReqMessage m = ApReqMessage.decode(c.message());
                line(depth, "Kerberos AP-REQ (RFC 4120 5.5.1)" + (m.mutualRequired() ? ", mutual-required" : ""));
                line(
                        depth + 1,
                        "ticket for " + m.server() + ", enc-part etype " + m.ticketEtype()
                                + (m.ticketKvno() == null ? "" : ", kvno " + m.ticketKvno()) + ", "
                                + m.ticketCipher().length
                                + " bytes encrypted");
                line(
                        depth + 1,
                        "authenticator: etype " + m.authenticatorEtype() + ", " + m.encryptedAuthenticator().length
                                + " bytes encrypted");
                break;
            }
            case AP_REP: {
                ApRepMessage m = ApRepMessage.decode(c.message());
                line(
                        depth,
                        "Kerberos AP-REP (RFC 4120 5.5.2): enc-part etype " + m.etype() + ", "
                                + m.encryptedPart().length + " bytes encrypted");
                break;
            }
            default: {
                KrbErrorMessage m = KrbErrorMessage.decode(c.message());
                line(
                        depth,
                        "Kerberos KRB-ERROR: error-code " + m.errorCode()
                                + m.text().map(x -> " (" + x + ")").orElse(""));
            }
        }
    }

    private void ntlm(byte[] t, int depth) throws NegotiateException {
        int type =
                t.length >= 12 ? (t[8] & 0xFF) | (t[9] & 0xFF) << 8 | (t[10] & 0xFF) << 16 | (t[11] & 0xFF) << 24 : -1;
        switch (type) {
            case 1:
                line(depth, "NTLM " + NegotiateMessage.decode(t));
                break;
            case 2:
                line(depth, "NTLM " + ChallengeMessage.decode(t));
                break;
            case 3:
                line(depth, "NTLM " + AuthenticateMessage.decode(t));
                break;
            default:
                line(depth, "INVALID: NTLMSSP message of unknown type " + type);
        }
    }

    private static String named(String dotted) {
        return MechOid.ofDotted(dotted).map(MechOid::toString).orElse(dotted + " (unknown)");
    }

    private void line(int depth, String text) {
        lines.add("  ".repeat(depth) + text);
    }
}
