package org.jnegotiate.conformance.spnego;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.asn1.parse.Asn1Container;
import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.asn1.parse.Asn1Parser;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;

/**
 * Reads SPNEGO tokens (RFC 4178 section 4.2) with Kerby's generic ASN.1 parser, not with JNegotiate's
 * codec: the shape of JNegotiate's and the peers' tokens is checked by a reader JNegotiate did not write.
 */
final class SpnegoTokens {
    static final String SPNEGO = "1.3.6.1.5.5.2";
    static final String MS_KRB5 = "1.2.840.48018.1.2.2";
    static final String KRB5 = "1.2.840.113554.1.2.2";
    static final String NTLM = "1.3.6.1.4.1.311.2.2.10";
    static final String NEGOEX = "1.3.6.1.4.1.311.2.2.30";

    /** negState values. */
    static final int ACCEPT_COMPLETED = 0;

    static final int ACCEPT_INCOMPLETE = 1;
    static final int REJECT = 2;
    static final int REQUEST_MIC = 3;

    private SpnegoTokens() {}

    /** NegTokenInit: mechTypes (dotted), the optimistic mechToken, the mechListMIC. */
    record Init(List<String> mechTypes, Optional<byte[]> mechToken, Optional<byte[]> mechListMic) {}

    /** NegTokenResp: every field optional. */
    record Resp(
            Optional<Integer> negState,
            Optional<String> supportedMech,
            Optional<byte[]> responseToken,
            Optional<byte[]> mechListMic) {}

    /** The first initiator token: {@code 0x60}, the SPNEGO OID, then a NegTokenInit. */
    static Init initialContextToken(byte[] token) throws IOException {
        Asn1Container app = container(parse(token), 0x60, "InitialContextToken");
        List<Asn1ParseResult> parts = app.getChildren();
        if (parts.size() != 2) {
            throw new IOException("InitialContextToken has " + parts.size() + " parts");
        }
        String thisMech = oid(parts.get(0));
        if (!thisMech.equals(SPNEGO)) {
            throw new IOException("thisMech is " + thisMech);
        }
        return negTokenInit(parts.get(1));
    }

    /** A bare NegTokenResp ({@code [1]}), as every token after the initiator's first. */
    static Resp negTokenResp(byte[] token) throws IOException {
        Asn1Container choice = container(parse(token), 0xa1, "NegotiationToken");
        Asn1Container seq = container(only(choice), 0x30, "NegTokenResp");
        Optional<Integer> negState = Optional.empty();
        Optional<String> supportedMech = Optional.empty();
        Optional<byte[]> responseToken = Optional.empty();
        Optional<byte[]> mic = Optional.empty();
        for (Asn1ParseResult field : seq.getChildren()) {
            Asn1ParseResult value =
                    only(container(field, field.getHeader().getTag().tagByte() & 0xff, "field"));
            switch (field.getHeader().getTag().tagByte() & 0xff) {
                case 0xa0 -> negState = Optional.of(enumerated(value));
                case 0xa1 -> supportedMech = Optional.of(oid(value));
                case 0xa2 -> responseToken = Optional.of(octets(value));
                case 0xa3 -> mic = Optional.of(octets(value));
                default ->
                    throw new IOException(
                            "unknown NegTokenResp field " + field.getHeader().getTag());
            }
        }
        return new Resp(negState, supportedMech, responseToken, mic);
    }

    private static Init negTokenInit(Asn1ParseResult token) throws IOException {
        Asn1Container choice = container(token, 0xa0, "NegotiationToken");
        Asn1Container seq = container(only(choice), 0x30, "NegTokenInit");
        List<String> mechTypes = null;
        Optional<byte[]> mechToken = Optional.empty();
        Optional<byte[]> mic = Optional.empty();
        for (Asn1ParseResult field : seq.getChildren()) {
            int tag = field.getHeader().getTag().tagByte() & 0xff;
            Asn1ParseResult value = only(container(field, tag, "field"));
            switch (tag) {
                case 0xa0 -> {
                    mechTypes = new ArrayList<>();
                    for (Asn1ParseResult oid :
                            container(value, 0x30, "MechTypeList").getChildren()) {
                        mechTypes.add(oid(oid));
                    }
                }
                case 0xa1 -> {} // reqFlags
                case 0xa2 -> mechToken = Optional.of(octets(value));
                case 0xa3 -> mic = Optional.of(octets(value));
                default ->
                    throw new IOException(
                            "unknown NegTokenInit field " + field.getHeader().getTag());
            }
        }
        if (mechTypes == null) {
            throw new IOException("NegTokenInit without mechTypes");
        }
        return new Init(List.copyOf(mechTypes), mechToken, mic);
    }

    /** Whether an inner token is an RFC 2743 InitialContextToken of {@code mech} (how Kerberos travels in SPNEGO). */
    static boolean isFramed(byte[] token, String mech) throws IOException {
        Asn1Container app = container(parse(token), 0x60, "InitialContextToken");
        return oid(app.getChildren().get(0)).equals(mech);
    }

    private static Asn1ParseResult parse(byte[] bytes) throws IOException {
        Asn1ParseResult r = Asn1Parser.parse(ByteBuffer.wrap(bytes));
        if (r.getEncodingLength() != bytes.length) {
            throw new IOException((bytes.length - r.getEncodingLength()) + " bytes after the token");
        }
        return r;
    }

    private static Asn1Container container(Asn1ParseResult r, int tag, String what) throws IOException {
        int actual = r.getHeader().getTag().tagByte() & 0xff;
        if (actual != tag || !(r instanceof Asn1Container c)) {
            throw new IOException(
                    what + ": tag " + Integer.toHexString(actual) + ", expected " + Integer.toHexString(tag));
        }
        return c;
    }

    private static Asn1ParseResult only(Asn1Container c) throws IOException {
        if (c.getChildren().size() != 1) {
            throw new IOException("expected one element in " + c.getHeader().getTag() + ", got "
                    + c.getChildren().size());
        }
        return c.getChildren().get(0);
    }

    private static String oid(Asn1ParseResult r) throws IOException {
        try {
            return new Oid(whole(r)).toString();
        } catch (GSSException e) {
            throw new IOException("bad OID", e);
        }
    }

    private static byte[] whole(Asn1ParseResult r) {
        byte[] all = new byte[r.getEncodingLength()];
        ByteBuffer b = r.getBuffer().duplicate();
        b.position(r.getOffset());
        b.get(all);
        return all;
    }

    private static byte[] octets(Asn1ParseResult r) throws IOException {
        if ((r.getHeader().getTag().tagByte() & 0xff) != 0x04) {
            throw new IOException("expected OCTET STRING, got " + r.getHeader().getTag());
        }
        return r.readBodyBytes();
    }

    private static int enumerated(Asn1ParseResult r) throws IOException {
        byte[] body = r.readBodyBytes();
        if ((r.getHeader().getTag().tagByte() & 0xff) != 0x0a || body.length != 1) {
            throw new IOException("negState is not a one-byte ENUMERATED");
        }
        return body[0];
    }
}
