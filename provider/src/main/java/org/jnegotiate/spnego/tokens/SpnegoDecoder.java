package org.jnegotiate.spnego.tokens;

import static org.jnegotiate.asn1.Asn1Tree.invalid;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kerby.asn1.UniversalTag;
import org.apache.kerby.asn1.parse.Asn1Container;
import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.asn1.type.Asn1BitString;
import org.apache.kerby.asn1.type.Asn1Encodeable;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * Decodes NegotiationTokens: the fields are bound from the DER-checked parse tree of {@link Asn1Tree} (Kerby's
 * typed decoder is lenient and slow); only an OID JNegotiate does not know and a BIT STRING go through a Kerby
 * type. Every failure is INVALID_TOKEN.
 */
final class SpnegoDecoder {
    private static final int TAG_INIT = 0;
    private static final int TAG_RESP = 1;
    /** The known mechanisms and their DER, to recognise them in a token without decoding. */
    private static final MechOid[] KNOWN = MechOid.values();
    private static final byte[][] KNOWN_DER = new byte[KNOWN.length][];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_DER[i] = KNOWN[i].der();
        }
    }

    private SpnegoDecoder() {
    }

    static NegotiationToken decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "SPNEGO token", root -> {
            if (!root.isContextSpecific()) {
                throw invalid("not a NegotiationToken: tag " + root.tag());
            }
            switch (root.tagNo()) {
                case TAG_INIT:
                    return isInit2(root) ? decodeInit2(root, der) : decodeInit(root, der);
                case TAG_RESP:
                    return decodeResp(root, der);
                default:
                    throw invalid("unknown NegotiationToken choice [" + root.tagNo() + "]");
            }
        });
    }

    /** NegTokenInit2 has negHints (a SEQUENCE) at [3] and the MIC at [4]; NegTokenInit has an OCTET STRING at [3]. */
    private static boolean isInit2(Asn1ParseResult root) {
        Asn1ParseResult seq = ((Asn1Container) root).getChildren().get(0);
        if (!(seq instanceof Asn1Container s)) {
            return false;
        }
        for (Asn1ParseResult field : s.getChildren()) {
            if (field.isContextSpecific() && field.tagNo() == 4) {
                return true;
            }
            if (field.isContextSpecific() && field.tagNo() == 3) {
                Asn1ParseResult inner = ((Asn1Container) field).getChildren().get(0);
                return isUniversal(inner, UniversalTag.SEQUENCE);
            }
        }
        return false;
    }

    private static NegTokenInit decodeInit(Asn1ParseResult root, byte[] der) throws NegotiateException {
        Asn1ParseResult[] f = Asn1Tree.fields(body(root), 4, "NegTokenInit");
        MechTypeList mechs = mechTypes(f[0], der);
        if (mechs == null) {
            throw invalid("NegTokenInit without mechTypes");
        }
        return NegTokenInit.owning(mechs, flags(f[1]), octetsOrNull(f[2], "mechToken"),
                octetsOrNull(f[3], "mechListMIC"));
    }

    private static NegTokenInit2 decodeInit2(Asn1ParseResult root, byte[] der) throws NegotiateException {
        Asn1ParseResult[] f = Asn1Tree.fields(body(root), 5, "NegTokenInit2");
        MechTypeList mechs = mechTypes(f[0], der);
        Optional<NegHints> hints = Optional.empty();
        if (f[3] != null) {
            Asn1ParseResult[] h = Asn1Tree.fields(f[3], 2, "negHints");
            hints = Optional.of(new NegHints(
                    Optional.ofNullable(h[0] == null ? null : Asn1Tree.generalString(h[0], "hintName")),
                    octets(h[1], "hintAddress")));
        }
        return new NegTokenInit2(mechs == null ? MechTypeList.ofDotted(List.of()) : mechs, flags(f[1]),
                octets(f[2], "mechToken"), hints, octets(f[4], "mechListMIC"));
    }

    private static NegTokenResp decodeResp(Asn1ParseResult root, byte[] der) throws NegotiateException {
        Asn1ParseResult[] f = Asn1Tree.fields(body(root), 4, "NegTokenResp");
        Optional<NegState> state = Optional.empty();
        if (f[0] != null) {
            long wire = Asn1Tree.enumerated(f[0], "negState");
            state = wire == (int) wire ? NegState.ofWire((int) wire) : Optional.empty();
            if (state.isEmpty()) {
                throw invalid("negState is not one of accept-completed, accept-incomplete, reject, request-mic");
            }
        }
        return NegTokenResp.owning(state, Optional.ofNullable(f[1] == null ? null : oid(f[1], der)),
                octetsOrNull(f[2], "responseToken"), octetsOrNull(f[3], "mechListMIC"));
    }

    /** The SEQUENCE inside the choice's explicit tag. */
    private static Asn1ParseResult body(Asn1ParseResult root) throws NegotiateException {
        Asn1ParseResult seq = ((Asn1Container) root).getChildren().get(0);
        if (!isUniversal(seq, UniversalTag.SEQUENCE)) {
            throw invalid("the NegotiationToken choice does not hold a SEQUENCE");
        }
        return seq;
    }

    /** The decoded list with its DER taken from the input bytes, not re-encoded. */
    private static MechTypeList mechTypes(Asn1ParseResult value, byte[] der) throws NegotiateException {
        if (value == null) {
            return null;
        }
        if (!isUniversal(value, UniversalTag.SEQUENCE)) {
            throw invalid("mechTypes is not a SEQUENCE OF OBJECT IDENTIFIER");
        }
        int from = value.getOffset();
        MechTypeList known = MechTypeList.knownWithDer(der, from, from + value.getEncodingLength());
        if (known != null) {
            return known;
        }
        List<String> oids = new ArrayList<>();
        for (Asn1ParseResult o : Asn1Tree.sequenceOf(value, "mechTypes")) {
            oids.add(oid(o, der));
        }
        return new MechTypeList(oids, Arrays.copyOfRange(der, value.getOffset(), value.getOffset()
                + value.getEncodingLength()));
    }

    /**
     * An OBJECT IDENTIFIER: one of the known mechanisms is recognised by its bytes (their DER is canonical);
     * any other goes through Kerby and must be the canonical encoding of its value.
     */
    private static String oid(Asn1ParseResult item, byte[] der) throws NegotiateException {
        if (!isUniversal(item, UniversalTag.OBJECT_IDENTIFIER)) {
            throw invalid("expected an OBJECT IDENTIFIER, found " + item.tag());
        }
        int from = item.getOffset();
        int to = from + item.getEncodingLength();
        for (int i = 0; i < KNOWN.length; i++) {
            if (Arrays.equals(der, from, to, KNOWN_DER[i], 0, KNOWN_DER[i].length)) {
                return KNOWN[i].dotted();
            }
        }
        return oid(kerbyDecode(new SpnegoAsn1.StrictOid(), item, "OBJECT IDENTIFIER"));
    }

    private static boolean isUniversal(Asn1ParseResult item, UniversalTag tag) {
        return item.tag().isUniversal() && item.tag().universalTag() == tag;
    }

    private static String oid(SpnegoAsn1.StrictOid o) throws NegotiateException {
        String s;
        try {
            s = o.getValue();
        } catch (RuntimeException e) {
            throw invalid("malformed OBJECT IDENTIFIER");
        }
        if (s == null || s.isEmpty() || !o.isCanonical()) {
            throw invalid("malformed OBJECT IDENTIFIER " + s);
        }
        return s;
    }

    /** An optional OCTET STRING's value copied from the input, or null. */
    private static byte[] octetsOrNull(Asn1ParseResult item, String what) throws NegotiateException {
        return item == null ? null : Asn1Tree.octets(item, what);
    }

    /** An optional OCTET STRING's value, copied once from the input. */
    private static Optional<byte[]> octets(Asn1ParseResult item, String what) throws NegotiateException {
        return item == null ? Optional.empty() : Optional.of(Asn1Tree.octets(item, what));
    }

    /** ContextFlags: bit i of the BIT STRING (i = 0 is the first, most significant bit) becomes bit i here. */
    private static OptionalInt flags(Asn1ParseResult item) throws NegotiateException {
        if (item == null) {
            return OptionalInt.empty();
        }
        byte[] b = kerbyDecode(new Asn1BitString(), item, "reqFlags").getValue();
        int v = 0;
        for (int i = 0; b != null && i < b.length * 8 && i < 32; i++) {
            if ((b[i / 8] & (0x80 >>> (i % 8))) != 0) {
                v |= 1 << i;
            }
        }
        return OptionalInt.of(v);
    }

    /** A rarely used value decoded by its Kerby type (BIT STRING, an OID not known in advance). */
    private static <T extends Asn1Encodeable> T kerbyDecode(T value, Asn1ParseResult item, String what)
            throws NegotiateException {
        try {
            value.decode(item);
            return value;
        } catch (IOException e) {
            throw invalid("malformed " + what + ": " + e.getMessage());
        }
    }
}
