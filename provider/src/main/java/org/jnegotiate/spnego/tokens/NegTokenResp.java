package org.jnegotiate.spnego.tokens;

import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.MechOid;

/**
 * NegTokenResp (RFC 4178 section 4.2.2): every token after the initiator's first, in both directions.
 *
 * <p>Immutable: the public constructor and the accessors copy the byte arrays; a class rather than a record so
 * that the decoder can hand over the arrays it has just copied out of the input ({@link #owning}).
 */
public final class NegTokenResp implements NegotiationToken {
    private final Optional<NegState> negState;
    private final Optional<String> supportedMech;
    private final byte[] responseToken;
    private final byte[] mechListMic;

    /** @param supportedMech the dotted OID the acceptor chose (first reply only) */
    public NegTokenResp(
            Optional<NegState> negState,
            Optional<String> supportedMech,
            Optional<byte[]> responseToken,
            Optional<byte[]> mechListMic) {
        this(
                negState,
                supportedMech,
                Objects.requireNonNull(responseToken, "responseToken")
                        .map(byte[]::clone)
                        .orElse(null),
                Objects.requireNonNull(mechListMic, "mechListMic")
                        .map(byte[]::clone)
                        .orElse(null));
    }

    private NegTokenResp(
            Optional<NegState> negState, Optional<String> supportedMech, byte[] responseToken, byte[] mechListMic) {
        this.negState = Objects.requireNonNull(negState, "negState");
        this.supportedMech = Objects.requireNonNull(supportedMech, "supportedMech");
        this.responseToken = responseToken;
        this.mechListMic = mechListMic;
    }

    /** For the decoder: the arrays (null when absent) are fresh and become the token's. */
    static NegTokenResp owning(
            Optional<NegState> negState, Optional<String> supportedMech, byte[] responseToken, byte[] mechListMic) {
        return new NegTokenResp(negState, supportedMech, responseToken, mechListMic);
    }

    public static NegTokenResp of(NegState state, MechOid supportedMech, byte[] responseToken, byte[] mechListMic) {
        return new NegTokenResp(
                Optional.ofNullable(state),
                Optional.ofNullable(supportedMech).map(MechOid::dotted),
                responseToken == null ? null : responseToken.clone(),
                mechListMic == null ? null : mechListMic.clone());
    }

    public Optional<NegState> negState() {
        return negState;
    }

    /** The dotted OID the acceptor chose (first reply only). */
    public Optional<String> supportedMech() {
        return supportedMech;
    }

    /** The chosen mechanism, when present and known to JNegotiate. */
    public Optional<MechOid> supportedMechanism() {
        return supportedMech.flatMap(MechOid::ofDotted);
    }

    public Optional<byte[]> responseToken() {
        return responseToken == null ? Optional.empty() : Optional.of(responseToken.clone());
    }

    public Optional<byte[]> mechListMic() {
        return mechListMic == null ? Optional.empty() : Optional.of(mechListMic.clone());
    }

    /** The DER encoding. */
    public byte[] encode() {
        return SpnegoAsn1.encodeResp(negState, supportedMech, responseToken, mechListMic);
    }

    @Override
    public String toString() {
        return "NegTokenResp[negState=" + negState.map(Enum::name).orElse("none") + ", supportedMech="
                + supportedMech
                        .map(s -> MechOid.ofDotted(s).map(MechOid::name).orElse(s))
                        .orElse("none")
                + ", responseToken=" + (responseToken == null ? "none" : responseToken.length + " bytes")
                + ", mechListMIC=" + (mechListMic == null ? "none" : mechListMic.length + " bytes") + "]";
    }
}
