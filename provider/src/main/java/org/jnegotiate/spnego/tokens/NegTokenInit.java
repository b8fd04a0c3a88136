package org.jnegotiate.spnego.tokens;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * NegTokenInit (RFC 4178 section 4.2.1): the initiator's mechanism list, optional request flags, the
 * optimistic token of the first mechanism and (rarely, only from the initiator) a mechListMIC.
 *
 * <p>Immutable: the public constructor and the accessors copy the byte arrays. A class rather than a record
 * because a record's every construction copies: the decoder hands over arrays it has just copied out of the
 * input ({@link #owning}), so the optimistic token (an AP-REQ of a kilobyte or more) is copied once, not twice.
 */
public final class NegTokenInit implements NegotiationToken {
    private final MechTypeList mechTypes;
    private final OptionalInt reqFlags;
    private final byte[] mechToken;
    private final byte[] mechListMic;

    /**
     * @param reqFlags the ContextFlags bits, bit 0 = delegFlag (RFC 4178 numbering); SHOULD be absent
     */
    public NegTokenInit(
            MechTypeList mechTypes, OptionalInt reqFlags, Optional<byte[]> mechToken, Optional<byte[]> mechListMic) {
        this(
                mechTypes,
                reqFlags,
                Objects.requireNonNull(mechToken, "mechToken")
                        .map(byte[]::clone)
                        .orElse(null),
                Objects.requireNonNull(mechListMic, "mechListMic")
                        .map(byte[]::clone)
                        .orElse(null));
    }

    private NegTokenInit(MechTypeList mechTypes, OptionalInt reqFlags, byte[] mechToken, byte[] mechListMic) {
        this.mechTypes = Objects.requireNonNull(mechTypes, "mechTypes");
        this.reqFlags = Objects.requireNonNull(reqFlags, "reqFlags");
        this.mechToken = mechToken;
        this.mechListMic = mechListMic;
    }

    /** For the decoder: the arrays (null when absent) are fresh and become the token's. */
    static NegTokenInit owning(MechTypeList mechTypes, OptionalInt reqFlags, byte[] mechToken, byte[] mechListMic) {
        return new NegTokenInit(mechTypes, reqFlags, mechToken, mechListMic);
    }

    public static NegTokenInit of(MechTypeList mechTypes, byte[] mechToken) {
        return new NegTokenInit(mechTypes, OptionalInt.empty(), mechToken == null ? null : mechToken.clone(), null);
    }

    public MechTypeList mechTypes() {
        return mechTypes;
    }

    public OptionalInt reqFlags() {
        return reqFlags;
    }

    public Optional<byte[]> mechToken() {
        return mechToken == null ? Optional.empty() : Optional.of(mechToken.clone());
    }

    public Optional<byte[]> mechListMic() {
        return mechListMic == null ? Optional.empty() : Optional.of(mechListMic.clone());
    }

    /** The DER encoding. */
    public byte[] encode() {
        return SpnegoAsn1.encodeInit(mechTypes, reqFlags, mechToken, mechListMic);
    }

    @Override
    public String toString() {
        return "NegTokenInit[mechTypes=" + mechTypes + ", reqFlags=" + reqFlags + ", mechToken="
                + (mechToken == null ? "none" : mechToken.length + " bytes") + ", mechListMIC="
                + (mechListMic == null ? "none" : mechListMic.length + " bytes") + "]";
    }
}
