package org.jnegotiate.spnego.tokens;

import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.MechOid;

/**
 * NegTokenResp (RFC 4178 section 4.2.2): every token after the initiator's first, in both directions.
 *
 * @param supportedMech the dotted OID the acceptor chose (first reply only)
 */
public record NegTokenResp(Optional<NegState> negState, Optional<String> supportedMech,
        Optional<byte[]> responseToken, Optional<byte[]> mechListMic) implements NegotiationToken {

    public NegTokenResp {
        Objects.requireNonNull(negState, "negState");
        Objects.requireNonNull(supportedMech, "supportedMech");
        responseToken = Objects.requireNonNull(responseToken, "responseToken").map(byte[]::clone);
        mechListMic = Objects.requireNonNull(mechListMic, "mechListMic").map(byte[]::clone);
    }

    public static NegTokenResp of(NegState state, MechOid supportedMech, byte[] responseToken, byte[] mechListMic) {
        return new NegTokenResp(Optional.ofNullable(state),
                Optional.ofNullable(supportedMech).map(MechOid::dotted), Optional.ofNullable(responseToken),
                Optional.ofNullable(mechListMic));
    }

    /** The chosen mechanism, when present and known to JNegotiate. */
    public Optional<MechOid> supportedMechanism() {
        return supportedMech.flatMap(MechOid::ofDotted);
    }

    @Override
    public Optional<byte[]> responseToken() {
        return responseToken.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> mechListMic() {
        return mechListMic.map(byte[]::clone);
    }

    @Override
    public byte[] encode() {
        // the record's own arrays: the accessors would copy them once more
        return SpnegoAsn1.encodeResp(negState, supportedMech, responseToken.orElse(null),
                mechListMic.orElse(null));
    }

    @Override
    public String toString() {
        return "NegTokenResp[negState=" + negState.map(Enum::name).orElse("none") + ", supportedMech="
                + supportedMech.map(s -> MechOid.ofDotted(s).map(MechOid::name).orElse(s)).orElse("none")
                + ", responseToken=" + responseToken.map(t -> t.length + " bytes").orElse("none")
                + ", mechListMIC=" + mechListMic.map(t -> t.length + " bytes").orElse("none") + "]";
    }
}
