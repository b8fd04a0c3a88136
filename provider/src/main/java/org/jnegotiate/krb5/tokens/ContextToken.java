package org.jnegotiate.krb5.tokens;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kerby.asn1.type.Asn1Type;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * A Kerberos GSS context token: TOK_ID followed by a DER AP-REQ, AP-REP or KRB-ERROR (RFC 4121 section 4.1).
 *
 * <p><b>Where the framing belongs.</b> The RFC 2743 section 3.1 InitialContextToken framing
 * ({@code 0x60 len OID ...}) is not the mechanism's business: the Kerberos {@code MechContext}s take and emit the
 * bare inner token, as {@code sun.security.jgss.krb5.Krb5Context} does under the JDK's {@code GSSContextImpl}, and
 * whoever carries the token frames it: the JDK framework for the GSS door, the SSPI door's {@code TokenFraming},
 * SPNEGO for its mechToken/responseToken ({@code NegotiateContext.frameInner}/{@code innerInput}), all through
 * {@link org.jnegotiate.mech.GssFraming}. So {@link #locate}, the contexts' path, reads a bare token only; a framed
 * one is an unknown TOK_ID there. {@link #decode}, the typed reader of tests and {@code jnegotiate decode}, takes
 * either form and says which framing it had.
 */
public record ContextToken(ContextTokenId id, byte[] message, Optional<MechOid> framedWith) {
    public ContextToken {
        message = message.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    /**
     * Parses a framed or bare context token (for display and tests: the contexts {@link #locate} bare tokens). Only
     * Kerberos OIDs are accepted in the framing.
     */
    public static ContextToken decode(byte[] in) throws NegotiateException {
        if (in == null || in.length < 2) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "Kerberos context token too short");
        }
        byte[] inner = in;
        MechOid oid = null;
        if (GssFraming.looksFramed(in)) {
            GssFraming.Framed framed = GssFraming.unwrap(in);
            oid = framed.mechanism()
                    .filter(MechOid::isKerberos)
                    .orElseThrow(() -> new NegotiateException(
                            Failure.INVALID_TOKEN, "InitialContextToken is for another mechanism than Kerberos"));
            inner = framed.inner();
        }
        return new ContextToken(tokenId(inner), Arrays.copyOfRange(inner, 2, inner.length), Optional.ofNullable(oid));
    }

    /**
     * A context token located without copying: its TOK_ID and where its message lies in {@code bytes}, the
     * caller's array itself. The contexts decode the message in place
     * ({@link ApReqMessage#decode(byte[], int, int)} ...) and keep nothing of {@code bytes}: the decoded messages
     * copy what they keep. Not a defensive value like {@link ContextToken}: it exists so that a 1 to 2 KB AP-REQ is
     * not copied three times before it is read.
     */
    public record Located(ContextTokenId id, byte[] bytes, int offset, int length) {}

    /**
     * Finds TOK_ID and the message of a bare context token (what the contexts take); the failures of
     * {@link #decode} for a bare token.
     */
    public static Located locate(byte[] in) throws NegotiateException {
        if (in == null || in.length < 2) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "Kerberos context token too short");
        }
        return new Located(tokenId(in), in, 2, in.length - 2);
    }

    /** The TOK_ID the bare token {@code in} starts with. */
    private static ContextTokenId tokenId(byte[] in) throws NegotiateException {
        if (in.length < 2) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "Kerberos context token without TOK_ID");
        }
        int tokId = ((in[0] & 0xFF) << 8) | (in[1] & 0xFF);
        ContextTokenId id = ContextTokenId.orNull(tokId);
        if (id == null) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, String.format("unknown Kerberos context TOK_ID 0x%04x", tokId));
        }
        return id;
    }

    /** TOK_ID || message: what the contexts emit (the carrier adds the framing). */
    public static byte[] inner(ContextTokenId id, byte[] message) {
        byte[] out = new byte[2 + message.length];
        out[0] = (byte) (id.value() >>> 8);
        out[1] = (byte) id.value();
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    /**
     * {@code TOK_ID || DER of value}, encoded by Kerby straight into one array after the two TOK_ID bytes: the same
     * bytes as {@code inner(id, KerberosCodec.encode(value))} without the intermediate array.
     */
    static byte[] encodeInner(ContextTokenId id, Asn1Type value) {
        try {
            ByteBuffer out = ByteBuffer.allocate(2 + value.encodingLength());
            out.putShort((short) id.value());
            value.encode(out);
            if (out.hasRemaining()) {
                throw new IllegalStateException("Kerby wrote " + out.position() + " of " + out.capacity() + " bytes");
            }
            return out.array();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
