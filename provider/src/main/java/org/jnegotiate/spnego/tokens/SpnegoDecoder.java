package org.jnegotiate.spnego.tokens;

import static org.jnegotiate.asn1.Asn1Tree.invalid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * Decodes NegotiationTokens: the fields are bound from the tree of the project's strict DER reader
 * ({@link Asn1Tree}); known mechanism OIDs are recognised by their bytes. Every failure is INVALID_TOKEN.
 */
final class SpnegoDecoder {
    private static final int TAG_INIT = 0;
    private static final int TAG_RESP = 1;
    private static final int SEQUENCE = 0x10;
    /** The known mechanisms and their DER, to recognise them in a token without decoding. */
    private static final MechOid[] KNOWN = MechOid.values();

    private static final byte[][] KNOWN_DER = new byte[KNOWN.length][];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_DER[i] = KNOWN[i].der();
        }
    }

    private SpnegoDecoder() {}

    static NegotiationToken decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "SPNEGO token", root -> {
            if (!root.isContextSpecific()) {
                throw invalid("not a NegotiationToken: tag " + root.tagName());
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
    private static boolean isInit2(DerElement root) {
        DerElement seq = root.explicitValue();
        for (DerElement field : seq.children()) {
            if (field.isContextSpecific() && field.tagNo() == 4) {
                return true;
            }
            if (field.isContextSpecific() && field.tagNo() == 3) {
                return field.explicitValue().isUniversal(SEQUENCE);
            }
        }
        return false;
    }

    private static NegTokenInit decodeInit(DerElement root, byte[] der) throws NegotiateException {
        DerElement[] f = Asn1Tree.fields(body(root), 4, "NegTokenInit");
        MechTypeList mechs = mechTypes(f[0], der);
        if (mechs == null) {
            throw invalid("NegTokenInit without mechTypes");
        }
        return NegTokenInit.owning(
                mechs, flags(f[1]), octetsOrNull(f[2], "mechToken"), octetsOrNull(f[3], "mechListMIC"));
    }

    private static NegTokenInit2 decodeInit2(DerElement root, byte[] der) throws NegotiateException {
        DerElement[] f = Asn1Tree.fields(body(root), 5, "NegTokenInit2");
        MechTypeList mechs = mechTypes(f[0], der);
        Optional<NegHints> hints = Optional.empty();
        if (f[3] != null) {
            DerElement[] h = Asn1Tree.fields(f[3], 2, "negHints");
            hints = Optional.of(new NegHints(
                    Optional.ofNullable(h[0] == null ? null : Asn1Tree.generalString(h[0], "hintName")),
                    octets(h[1], "hintAddress")));
        }
        return new NegTokenInit2(
                mechs == null ? MechTypeList.ofDotted(List.of()) : mechs,
                flags(f[1]),
                octets(f[2], "mechToken"),
                hints,
                octets(f[4], "mechListMIC"));
    }

    private static NegTokenResp decodeResp(DerElement root, byte[] der) throws NegotiateException {
        DerElement[] f = Asn1Tree.fields(body(root), 4, "NegTokenResp");
        Optional<NegState> state = Optional.empty();
        if (f[0] != null) {
            long wire = Asn1Tree.enumerated(f[0], "negState");
            state = wire == (int) wire ? NegState.ofWire((int) wire) : Optional.empty();
            if (state.isEmpty()) {
                throw invalid("negState is not one of accept-completed, accept-incomplete, reject, request-mic");
            }
        }
        return NegTokenResp.owning(
                state,
                Optional.ofNullable(f[1] == null ? null : oid(f[1], der)),
                octetsOrNull(f[2], "responseToken"),
                octetsOrNull(f[3], "mechListMIC"));
    }

    /** The SEQUENCE inside the choice's explicit tag. */
    private static DerElement body(DerElement root) throws NegotiateException {
        DerElement seq = root.explicitValue();
        if (!seq.isUniversal(SEQUENCE)) {
            throw invalid("the NegotiationToken choice does not hold a SEQUENCE");
        }
        return seq;
    }

    /** The decoded list with its DER taken from the input bytes, not re-encoded. */
    private static MechTypeList mechTypes(DerElement value, byte[] der) throws NegotiateException {
        if (value == null) {
            return null;
        }
        if (!value.isUniversal(SEQUENCE)) {
            throw invalid("mechTypes is not a SEQUENCE OF OBJECT IDENTIFIER");
        }
        int from = value.offset();
        List<String> oids = new ArrayList<>();
        for (DerElement o : Asn1Tree.sequenceOf(value, "mechTypes")) {
            oids.add(oid(o, der));
        }
        return new MechTypeList(oids, Arrays.copyOfRange(der, from, value.end()));
    }

    /** An OBJECT IDENTIFIER: one of the known mechanisms is recognised by its bytes, any other decoded strictly. */
    private static String oid(DerElement item, byte[] der) throws NegotiateException {
        int from = item.offset();
        int to = item.end();
        for (int i = 0; i < KNOWN.length; i++) {
            if (Arrays.equals(der, from, to, KNOWN_DER[i], 0, KNOWN_DER[i].length)) {
                return KNOWN[i].dotted();
            }
        }
        return Asn1Tree.objectIdentifier(item, "mechanism OID");
    }

    /** An optional OCTET STRING's value copied from the input, or null. */
    private static byte[] octetsOrNull(DerElement item, String what) throws NegotiateException {
        return item == null ? null : Asn1Tree.octets(item, what);
    }

    /** An optional OCTET STRING's value, copied once from the input. */
    private static Optional<byte[]> octets(DerElement item, String what) throws NegotiateException {
        return item == null ? Optional.empty() : Optional.of(Asn1Tree.octets(item, what));
    }

    /** ContextFlags: bit i of the BIT STRING (i = 0 is the first, most significant bit) becomes bit i here. */
    private static OptionalInt flags(DerElement item) throws NegotiateException {
        return item == null ? OptionalInt.empty() : OptionalInt.of(Asn1Tree.bitStringLsbFirst(item, "reqFlags"));
    }
}
