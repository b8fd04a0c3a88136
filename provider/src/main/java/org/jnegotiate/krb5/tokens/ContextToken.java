package org.jnegotiate.krb5.tokens;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * A Kerberos GSS context token: TOK_ID followed by a DER AP-REQ, AP-REP or KRB-ERROR (RFC 4121 section 4.1),
 * optionally inside the RFC 2743 section 3.1 InitialContextToken framing ({@code 0x60 len OID ...}).
 *
 * <p><b>Where the framing belongs.</b> The JDK's {@code GSSContextImpl} (17 and 25) strips the
 * {@code 0x60} header from every token it receives for a non-SPNEGO mechanism and adds it to every token the
 * mechanism returns; {@code sun.security.jgss.krb5.Krb5Context} (the SPI) therefore returns and receives only
 * {@code TOK_ID || message} ({@code InitSecContextToken}/{@code AcceptSecContextToken} read and write the two
 * TOK_ID bytes first). The Kerberos {@code MechContext}s of this project do the same: they <em>emit</em> the
 * inner form, and the caller that needs the full InitialContextToken (the SPNEGO mechToken, the SSPI door)
 * applies {@link #frame}. On <em>input</em> they accept both forms (the first byte tells: 0x60 versus
 * 0x01/0x02/0x03), because Windows and MIT send framed tokens everywhere, including inside SPNEGO.
 */
public record ContextToken(ContextTokenId id, byte[] message, Optional<MechOid> framedWith) {
    private static final int APPLICATION_0 = 0x60;
    private static final int OID_TAG = 0x06;

    public ContextToken {
        message = message.clone();
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    /** Parses a framed or bare context token. Only Kerberos OIDs are accepted in the framing. */
    public static ContextToken decode(byte[] in) throws NegotiateException {
        if (in == null || in.length < 2) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "Kerberos context token too short");
        }
        int pos = 0;
        MechOid oid = null;
        if ((in[0] & 0xFF) == APPLICATION_0) {
            int[] len = readLength(in, 1);
            pos = len[1];
            if (len[0] != in.length - pos) {
                throw new NegotiateException(Failure.INVALID_TOKEN,
                        "InitialContextToken length " + len[0] + " does not match the " + (in.length - pos)
                                + " bytes present");
            }
            if (pos >= in.length || (in[pos] & 0xFF) != OID_TAG) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "InitialContextToken without a mechanism OID");
            }
            int[] oidLen = readLength(in, pos + 1);
            int oidEnd = oidLen[1] + oidLen[0];
            if (oidEnd > in.length || oidEnd < 0) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "truncated mechanism OID");
            }
            oid = MechOid.ofDer(Arrays.copyOfRange(in, pos, oidEnd)).filter(MechOid::isKerberos)
                    .orElseThrow(() -> new NegotiateException(Failure.INVALID_TOKEN,
                            "InitialContextToken is for another mechanism than Kerberos"));
            pos = oidEnd;
        }
        if (in.length - pos < 2) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "Kerberos context token without TOK_ID");
        }
        int tokId = ((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF);
        ContextTokenId id = ContextTokenId.of(tokId).orElseThrow(() -> new NegotiateException(
                Failure.INVALID_TOKEN, String.format("unknown Kerberos context TOK_ID 0x%04x", tokId)));
        return new ContextToken(id, Arrays.copyOfRange(in, pos + 2, in.length), Optional.ofNullable(oid));
    }

    /** TOK_ID || message: what the mechanism SPI returns (the JDK framework adds the framing). */
    public static byte[] inner(ContextTokenId id, byte[] message) {
        byte[] out = new byte[2 + message.length];
        out[0] = (byte) (id.value() >>> 8);
        out[1] = (byte) id.value();
        System.arraycopy(message, 0, out, 2, message.length);
        return out;
    }

    /** The full RFC 2743 InitialContextToken: {@code 0x60 len OID inner}. */
    public static byte[] frame(MechOid oid, byte[] inner) {
        if (!oid.isKerberos()) {
            throw new IllegalArgumentException("not a Kerberos OID: " + oid);
        }
        byte[] oidDer = oid.der();
        ByteArrayOutputStream out = new ByteArrayOutputStream(inner.length + oidDer.length + 6);
        out.write(APPLICATION_0);
        writeLength(out, oidDer.length + inner.length);
        out.writeBytes(oidDer);
        out.writeBytes(inner);
        return out.toByteArray();
    }

    /** Returns {length, position after the length octets}. Definite form, at most 4 length octets. */
    private static int[] readLength(byte[] in, int pos) throws NegotiateException {
        if (pos >= in.length) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "truncated length");
        }
        int first = in[pos] & 0xFF;
        if (first < 0x80) {
            return new int[] {first, pos + 1};
        }
        int n = first & 0x7F;
        if (n == 0 || n > 4 || pos + 1 + n > in.length) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "unsupported or truncated length encoding");
        }
        long len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (in[pos + 1 + i] & 0xFF);
        }
        if (len > Integer.MAX_VALUE) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "length out of range");
        }
        return new int[] {(int) len, pos + 1 + n};
    }

    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len);
        } else if (len < 0x1000000) {
            out.write(0x83);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(0x84);
            out.write(len >>> 24);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
    }
}
