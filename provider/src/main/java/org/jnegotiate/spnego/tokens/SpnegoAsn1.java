package org.jnegotiate.spnego.tokens;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kerby.asn1.Asn1FieldInfo;
import org.apache.kerby.asn1.EnumType;
import org.apache.kerby.asn1.ExplicitField;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.UniversalTag;
import org.apache.kerby.asn1.parse.Asn1Container;
import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.asn1.type.Asn1BitString;
import org.apache.kerby.asn1.type.Asn1Choice;
import org.apache.kerby.asn1.type.Asn1Encodeable;
import org.apache.kerby.asn1.type.Asn1Enumerated;
import org.apache.kerby.asn1.type.Asn1GeneralString;
import org.apache.kerby.asn1.type.Asn1ObjectIdentifier;
import org.apache.kerby.asn1.type.Asn1OctetString;
import org.apache.kerby.asn1.type.Asn1SequenceOf;
import org.apache.kerby.asn1.type.Asn1SequenceType;
import org.apache.kerby.asn1.type.Asn1Type;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.PreEncoded;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * The SPNEGO ASN.1 types as Kerby types, and the codec between them and the public records.
 *
 * <p>Decoding binds the fields from the DER-checked parse tree of {@link Asn1Tree} (Kerby's typed decoder is
 * lenient and slow); encoding goes through the Kerby types below.
 */
final class SpnegoAsn1 {
    private static final int TAG_INIT = 0;
    private static final int TAG_RESP = 1;
    private static final Tag SEQUENCE_TAG = new Tag(0x30);
    /** The known mechanisms and their DER, to recognise them in a token without decoding. */
    private static final MechOid[] KNOWN = MechOid.values();
    private static final byte[][] KNOWN_DER = new byte[KNOWN.length][];

    static {
        for (int i = 0; i < KNOWN.length; i++) {
            KNOWN_DER[i] = KNOWN[i].der();
        }
    }

    private SpnegoAsn1() {
    }

    // ---------------------------------------------------------------- decoding

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
        return oid(kerbyDecode(new StrictOid(), item, "OBJECT IDENTIFIER"));
    }

    private static boolean isUniversal(Asn1ParseResult item, UniversalTag tag) {
        return item.tag().isUniversal() && item.tag().universalTag() == tag;
    }

    private static String oid(StrictOid o) throws NegotiateException {
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

    // ---------------------------------------------------------------- encoding

    /**
     * A NegTokenInit from its parts; the arrays (null when absent) are read during the call, not copied or kept.
     * The records pass their own arrays: their accessors would copy the optimistic token once more.
     */
    static byte[] encodeInit(MechTypeList mechTypes, OptionalInt reqFlags, byte[] mechToken, byte[] mechListMic) {
        NegTokenInitAsn1 v = new NegTokenInitAsn1();
        v.set(InitField.MECH_TYPES, new PreEncoded(SEQUENCE_TAG, mechTypes.encoded()));
        if (reqFlags.isPresent()) {
            v.set(InitField.REQ_FLAGS, bitString(reqFlags.getAsInt()));
        }
        if (mechToken != null) {
            v.set(InitField.MECH_TOKEN, new Asn1OctetString(mechToken));
        }
        if (mechListMic != null) {
            v.set(InitField.MECH_LIST_MIC, new Asn1OctetString(mechListMic));
        }
        return choice(TAG_INIT, v);
    }

    static byte[] encode(NegTokenInit2 t) {
        NegTokenInit2Asn1 v = new NegTokenInit2Asn1();
        v.set(Init2Field.MECH_TYPES, mechTypesAsn1(t.mechTypes().oids()));
        t.reqFlags().ifPresent(f -> v.set(Init2Field.REQ_FLAGS, bitString(f)));
        t.mechToken().ifPresent(b -> v.set(Init2Field.MECH_TOKEN, new Asn1OctetString(b)));
        t.negHints().ifPresent(h -> {
            NegHintsAsn1 hv = new NegHintsAsn1();
            h.hintName().ifPresent(n -> hv.set(HintsField.HINT_NAME, new Asn1GeneralString(n)));
            h.hintAddress().ifPresent(a -> hv.set(HintsField.HINT_ADDRESS, new Asn1OctetString(a)));
            v.set(Init2Field.NEG_HINTS, hv);
        });
        t.mechListMic().ifPresent(b -> v.set(Init2Field.MECH_LIST_MIC, new Asn1OctetString(b)));
        return choice(TAG_INIT, v);
    }

    /** A NegTokenResp from its parts, as {@link #encodeInit}. */
    static byte[] encodeResp(Optional<NegState> negState, Optional<String> supportedMech, byte[] responseToken,
            byte[] mechListMic) {
        NegTokenRespAsn1 v = new NegTokenRespAsn1();
        if (negState.isPresent()) {
            v.set(RespField.NEG_STATE, new NegStateAsn1(NegStateValue.values()[negState.get().wire()]));
        }
        if (supportedMech.isPresent()) {
            v.set(RespField.SUPPORTED_MECH, StrictOid.of(supportedMech.get()));
        }
        if (responseToken != null) {
            v.set(RespField.RESPONSE_TOKEN, new Asn1OctetString(responseToken));
        }
        if (mechListMic != null) {
            v.set(RespField.MECH_LIST_MIC, new Asn1OctetString(mechListMic));
        }
        return choice(TAG_RESP, v);
    }

    static byte[] encodeMechTypes(List<String> dotted) {
        try {
            return mechTypesAsn1(dotted).encode();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode mechanism list " + dotted, e);
        }
    }

    private static MechTypeListAsn1 mechTypesAsn1(List<String> dotted) {
        MechTypeListAsn1 list = new MechTypeListAsn1();
        for (String s : dotted) {
            list.add(StrictOid.of(s));
        }
        return list;
    }

    /** DER named bits: no trailing zero bits, the unused count in the padding. */
    private static Asn1BitString bitString(int flags) {
        int highest = 31 - Integer.numberOfLeadingZeros(flags);
        if (highest < 0) {
            return new Asn1BitString(new byte[0], 0);
        }
        byte[] b = new byte[highest / 8 + 1];
        for (int i = 0; i <= highest; i++) {
            if ((flags & (1 << i)) != 0) {
                b[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return new Asn1BitString(b, 7 - highest % 8);
    }

    private static byte[] choice(int tag, Asn1Type value) {
        NegotiationTokenAsn1 c = new NegotiationTokenAsn1(value instanceof NegTokenInit2Asn1);
        c.choose(tag == TAG_INIT ? ChoiceField.INIT : ChoiceField.RESP, value);
        try {
            return c.encode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a NegotiationToken", e);
        }
    }

    private static NegotiateException invalid(String message) {
        return new NegotiateException(Failure.INVALID_TOKEN, message);
    }

    // ---------------------------------------------------------------- Kerby types

    /** Field indexes: Kerby addresses fields by an EnumType whose value is the position. */
    private enum InitField implements EnumType {
        MECH_TYPES, REQ_FLAGS, MECH_TOKEN, MECH_LIST_MIC;

        @Override
        public int getValue() {
            return ordinal();
        }

        @Override
        public String getName() {
            return name();
        }
    }

    private enum Init2Field implements EnumType {
        MECH_TYPES, REQ_FLAGS, MECH_TOKEN, NEG_HINTS, MECH_LIST_MIC;

        @Override
        public int getValue() {
            return ordinal();
        }

        @Override
        public String getName() {
            return name();
        }
    }

    private enum HintsField implements EnumType {
        HINT_NAME, HINT_ADDRESS;

        @Override
        public int getValue() {
            return ordinal();
        }

        @Override
        public String getName() {
            return name();
        }
    }

    private enum RespField implements EnumType {
        NEG_STATE, SUPPORTED_MECH, RESPONSE_TOKEN, MECH_LIST_MIC;

        @Override
        public int getValue() {
            return ordinal();
        }

        @Override
        public String getName() {
            return name();
        }
    }

    private enum ChoiceField implements EnumType {
        INIT, RESP;

        @Override
        public int getValue() {
            return ordinal();
        }

        @Override
        public String getName() {
            return name();
        }
    }

    /** The ENUMERATED values of negState, as Kerby wants them. */
    enum NegStateValue implements EnumType {
        ACCEPT_COMPLETED, ACCEPT_INCOMPLETE, REJECT, REQUEST_MIC;

        @Override
        public int getValue() {
            return ordinal();
        }

        @Override
        public String getName() {
            return name();
        }
    }

    /** A SEQUENCE type with typed access to its fields. */
    abstract static class Sequence extends Asn1SequenceType {
        Sequence(Asn1FieldInfo[] fields) {
            super(fields);
        }

        final <T extends Asn1Type> T get(EnumType field, Class<T> type) {
            return getFieldAs(field, type);
        }

        final void set(EnumType field, Asn1Type value) {
            setFieldAs(field, value);
        }
    }

    /** MechTypeList ::= SEQUENCE OF MechType. */
    public static final class MechTypeListAsn1 extends Asn1SequenceOf<StrictOid> {
    }

    /**
     * An OBJECT IDENTIFIER that can tell whether its wire bytes were the canonical encoding of its value
     * (Kerby decodes padded arcs and unterminated last arcs without complaint).
     */
    public static final class StrictOid extends Asn1ObjectIdentifier {
        public StrictOid() {
        }

        StrictOid(String dotted) {
            super(dotted);
        }

        /**
         * The OID to encode. A known mechanism gets its DER contents up front: Kerby would otherwise convert the
         * dotted string arc by arc through BigInteger on every encoding (half the time of a NegTokenInit).
         */
        static StrictOid of(String dotted) {
            StrictOid oid = new StrictOid(dotted);
            MechOid.ofDotted(dotted).ifPresent(known -> {
                byte[] der = known.der();
                oid.setBytes(Arrays.copyOfRange(der, 2, der.length)); // the known OIDs are short: 1-byte length
            });
            return oid;
        }

        boolean isCanonical() {
            byte[] received = getBytes();
            try {
                return received != null && Arrays.equals(received, new StrictOid(getValue()).encodeBody());
            } catch (RuntimeException e) {
                return false;
            }
        }
    }

    /** ContextFlags are a BIT STRING; Kerby's type is used as is. */
    public static final class NegStateAsn1 extends Asn1Enumerated<NegStateValue> {
        public NegStateAsn1() {
        }

        NegStateAsn1(NegStateValue v) {
            super(v);
            setBytes(new byte[] {(byte) v.getValue()}); // its DER content; Kerby would go through BigInteger
        }

        @Override
        protected EnumType[] getAllEnumValues() {
            return NegStateValue.values();
        }
    }

    public static final class NegTokenInitAsn1 extends Sequence {
        /** Kerby keeps the array and never changes it: one for all instances. */
        private static final Asn1FieldInfo[] FIELDS = {
            new ExplicitField(InitField.MECH_TYPES, 0, MechTypeListAsn1.class),
            new ExplicitField(InitField.REQ_FLAGS, 1, Asn1BitString.class),
            new ExplicitField(InitField.MECH_TOKEN, 2, Asn1OctetString.class),
            new ExplicitField(InitField.MECH_LIST_MIC, 3, Asn1OctetString.class)};

        public NegTokenInitAsn1() {
            super(FIELDS);
        }
    }

    public static final class NegHintsAsn1 extends Sequence {
        /** Kerby keeps the array and never changes it: one for all instances. */
        private static final Asn1FieldInfo[] FIELDS = {
            new ExplicitField(HintsField.HINT_NAME, 0, Asn1GeneralString.class),
            new ExplicitField(HintsField.HINT_ADDRESS, 1, Asn1OctetString.class)};

        public NegHintsAsn1() {
            super(FIELDS);
        }
    }

    public static final class NegTokenInit2Asn1 extends Sequence {
        /** Kerby keeps the array and never changes it: one for all instances. */
        private static final Asn1FieldInfo[] FIELDS = {
            new ExplicitField(Init2Field.MECH_TYPES, 0, MechTypeListAsn1.class),
            new ExplicitField(Init2Field.REQ_FLAGS, 1, Asn1BitString.class),
            new ExplicitField(Init2Field.MECH_TOKEN, 2, Asn1OctetString.class),
            new ExplicitField(Init2Field.NEG_HINTS, 3, NegHintsAsn1.class),
            new ExplicitField(Init2Field.MECH_LIST_MIC, 4, Asn1OctetString.class)};

        public NegTokenInit2Asn1() {
            super(FIELDS);
        }
    }

    public static final class NegTokenRespAsn1 extends Sequence {
        /** Kerby keeps the array and never changes it: one for all instances. */
        private static final Asn1FieldInfo[] FIELDS = {
            new ExplicitField(RespField.NEG_STATE, 0, NegStateAsn1.class),
            new ExplicitField(RespField.SUPPORTED_MECH, 1, StrictOid.class),
            new ExplicitField(RespField.RESPONSE_TOKEN, 2, Asn1OctetString.class),
            new ExplicitField(RespField.MECH_LIST_MIC, 3, Asn1OctetString.class)};

        public NegTokenRespAsn1() {
            super(FIELDS);
        }
    }

    /** NegotiationToken ::= CHOICE { negTokenInit [0], negTokenResp [1] }; [0] is bound to Init or Init2. */
    static final class NegotiationTokenAsn1 extends Asn1Choice {
        private static final Asn1FieldInfo[] WITH_INIT = fields(NegTokenInitAsn1.class);
        private static final Asn1FieldInfo[] WITH_INIT2 = fields(NegTokenInit2Asn1.class);

        NegotiationTokenAsn1(boolean init2) {
            super(init2 ? WITH_INIT2 : WITH_INIT);
        }

        private static Asn1FieldInfo[] fields(Class<? extends Asn1Type> initType) {
            return new Asn1FieldInfo[] {
                new ExplicitField(ChoiceField.INIT, 0, initType),
                new ExplicitField(ChoiceField.RESP, 1, NegTokenRespAsn1.class)};
        }

        void choose(EnumType field, Asn1Type value) {
            setChoiceValue(field, value);
        }
    }
}
