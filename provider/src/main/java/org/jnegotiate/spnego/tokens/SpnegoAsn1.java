package org.jnegotiate.spnego.tokens;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kerby.asn1.Asn1FieldInfo;
import org.apache.kerby.asn1.EnumType;
import org.apache.kerby.asn1.ExplicitField;
import org.apache.kerby.asn1.Tag;
import org.apache.kerby.asn1.type.Asn1BitString;
import org.apache.kerby.asn1.type.Asn1Choice;
import org.apache.kerby.asn1.type.Asn1Enumerated;
import org.apache.kerby.asn1.type.Asn1ObjectIdentifier;
import org.apache.kerby.asn1.type.Asn1OctetString;
import org.apache.kerby.asn1.type.Asn1SequenceOf;
import org.apache.kerby.asn1.type.Asn1SequenceType;
import org.apache.kerby.asn1.type.Asn1Type;
import org.jnegotiate.asn1.PreEncoded;
import org.jnegotiate.mech.MechOid;

/**
 * The SPNEGO ASN.1 types as Kerby types, and the encoder of the public token classes through them (decoding
 * is {@link SpnegoDecoder}'s).
 */
final class SpnegoAsn1 {
    private static final int TAG_INIT = 0;
    private static final int TAG_RESP = 1;
    private static final Tag SEQUENCE_TAG = new Tag(0x30);

    private SpnegoAsn1() {}

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

    /** A NegTokenResp from its parts, as {@link #encodeInit}. */
    static byte[] encodeResp(
            Optional<NegState> negState, Optional<String> supportedMech, byte[] responseToken, byte[] mechListMic) {
        NegTokenRespAsn1 v = new NegTokenRespAsn1();
        if (negState.isPresent()) {
            v.set(
                    RespField.NEG_STATE,
                    new NegStateAsn1(NegStateValue.values()[negState.get().wire()]));
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
        NegotiationTokenAsn1 c = new NegotiationTokenAsn1();
        c.choose(tag == TAG_INIT ? ChoiceField.INIT : ChoiceField.RESP, value);
        try {
            return c.encode();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a NegotiationToken", e);
        }
    }

    // ---------------------------------------------------------------- Kerby types

    /** Kerby addresses fields and ENUMERATED values by an EnumType: for these enums, the constant's position. */
    private interface Position extends EnumType {
        @Override
        default int getValue() {
            return ((Enum<?>) this).ordinal();
        }

        @Override
        default String getName() {
            return ((Enum<?>) this).name();
        }
    }

    private enum InitField implements Position {
        MECH_TYPES,
        REQ_FLAGS,
        MECH_TOKEN,
        MECH_LIST_MIC;
    }

    private enum RespField implements Position {
        NEG_STATE,
        SUPPORTED_MECH,
        RESPONSE_TOKEN,
        MECH_LIST_MIC;
    }

    private enum ChoiceField implements Position {
        INIT,
        RESP;
    }

    /** The ENUMERATED values of negState, as Kerby wants them. */
    enum NegStateValue implements Position {
        ACCEPT_COMPLETED,
        ACCEPT_INCOMPLETE,
        REJECT,
        REQUEST_MIC;
    }

    /** A SEQUENCE type whose fields the encoder sets. */
    abstract static class Sequence extends Asn1SequenceType {
        Sequence(Asn1FieldInfo[] fields) {
            super(fields);
        }

        final void set(EnumType field, Asn1Type value) {
            setFieldAs(field, value);
        }
    }

    /** MechTypeList ::= SEQUENCE OF MechType. */
    public static final class MechTypeListAsn1 extends Asn1SequenceOf<StrictOid> {}

    /**
     * An OBJECT IDENTIFIER to encode (decoding is the strict reader's, {@code Asn1Tree.objectIdentifier}), with the
     * DER of the known mechanisms set up front.
     */
    public static final class StrictOid extends Asn1ObjectIdentifier {
        public StrictOid() {}

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
    }

    /** negState, an ENUMERATED. */
    public static final class NegStateAsn1 extends Asn1Enumerated<NegStateValue> {
        public NegStateAsn1() {}

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
            new ExplicitField(InitField.MECH_LIST_MIC, 3, Asn1OctetString.class)
        };

        public NegTokenInitAsn1() {
            super(FIELDS);
        }
    }

    public static final class NegTokenRespAsn1 extends Sequence {
        /** Kerby keeps the array and never changes it: one for all instances. */
        private static final Asn1FieldInfo[] FIELDS = {
            new ExplicitField(RespField.NEG_STATE, 0, NegStateAsn1.class),
            new ExplicitField(RespField.SUPPORTED_MECH, 1, StrictOid.class),
            new ExplicitField(RespField.RESPONSE_TOKEN, 2, Asn1OctetString.class),
            new ExplicitField(RespField.MECH_LIST_MIC, 3, Asn1OctetString.class)
        };

        public NegTokenRespAsn1() {
            super(FIELDS);
        }
    }

    /** NegotiationToken ::= CHOICE { negTokenInit [0], negTokenResp [1] }. */
    static final class NegotiationTokenAsn1 extends Asn1Choice {
        /** Kerby keeps the array and never changes it: one for all instances. */
        private static final Asn1FieldInfo[] FIELDS = {
            new ExplicitField(ChoiceField.INIT, 0, NegTokenInitAsn1.class),
            new ExplicitField(ChoiceField.RESP, 1, NegTokenRespAsn1.class)
        };

        NegotiationTokenAsn1() {
            super(FIELDS);
        }

        void choose(EnumType field, Asn1Type value) {
            setChoiceValue(field, value);
        }
    }
}
