package org.jnegotiate.spnego.tokens;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * NegTokenInit (RFC 4178 section 4.2.1): the initiator's mechanism list, optional request flags, the
 * optimistic token of the first mechanism and (rarely, only from the initiator) a mechListMIC.
 *
 * @param reqFlags the ContextFlags bits, bit 0 = delegFlag (RFC 4178 numbering); SHOULD be absent
 */
public record NegTokenInit(MechTypeList mechTypes, OptionalInt reqFlags, Optional<byte[]> mechToken,
        Optional<byte[]> mechListMic) implements NegotiationToken {

    public NegTokenInit {
        Objects.requireNonNull(mechTypes, "mechTypes");
        Objects.requireNonNull(reqFlags, "reqFlags");
        mechToken = Objects.requireNonNull(mechToken, "mechToken").map(byte[]::clone);
        mechListMic = Objects.requireNonNull(mechListMic, "mechListMic").map(byte[]::clone);
    }

    public static NegTokenInit of(MechTypeList mechTypes, byte[] mechToken) {
        return new NegTokenInit(mechTypes, OptionalInt.empty(), Optional.ofNullable(mechToken), Optional.empty());
    }

    @Override
    public Optional<byte[]> mechToken() {
        return mechToken.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> mechListMic() {
        return mechListMic.map(byte[]::clone);
    }

    @Override
    public byte[] encode() {
        // the record's own arrays: the accessors would copy them once more
        return SpnegoAsn1.encodeInit(mechTypes, reqFlags, mechToken.orElse(null), mechListMic.orElse(null));
    }

    @Override
    public String toString() {
        return "NegTokenInit[mechTypes=" + mechTypes + ", reqFlags=" + reqFlags + ", mechToken="
                + mechToken.map(t -> t.length + " bytes").orElse("none") + ", mechListMIC="
                + mechListMic.map(t -> t.length + " bytes").orElse("none") + "]";
    }
}
