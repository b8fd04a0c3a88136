package org.jnegotiate.spnego.tokens;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * NegTokenInit2 (MS-SPNG 2.2.1): what a Windows acceptor sends first when the server speaks first
 * (SMB, some HTTP 401s): its mechanism list as hints, negHints at [3], mechListMIC moved to [4].
 * It shares the context tag [0] with NegTokenInit; the decoder tells them apart by what [3] holds.
 *
 * <p>Decoded only: JNegotiate's acceptor never speaks first, so it has no encoder (tests build one of their own).
 */
public record NegTokenInit2(
        MechTypeList mechTypes,
        OptionalInt reqFlags,
        Optional<byte[]> mechToken,
        Optional<NegHints> negHints,
        Optional<byte[]> mechListMic)
        implements NegotiationToken {

    public NegTokenInit2 {
        Objects.requireNonNull(mechTypes, "mechTypes");
        Objects.requireNonNull(reqFlags, "reqFlags");
        mechToken = Objects.requireNonNull(mechToken, "mechToken").map(byte[]::clone);
        Objects.requireNonNull(negHints, "negHints");
        mechListMic = Objects.requireNonNull(mechListMic, "mechListMic").map(byte[]::clone);
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
    public String toString() {
        return "NegTokenInit2[mechTypes=" + mechTypes + ", hintName="
                + negHints.flatMap(NegHints::hintName).orElse("none") + ", mechToken="
                + mechToken.map(t -> t.length + " bytes").orElse("none") + "]";
    }
}
