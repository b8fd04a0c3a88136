package org.jnegotiate.mech;

/**
 * Per-message protection of an established context: GSS wrap/unwrap/getMIC/verifyMIC,
 * SSPI EncryptMessage/DecryptMessage/MakeSignature/VerifySignature. Chosen once when the context is
 * established (RFC 4121 tokens, NTLM session security), never by testing a version at every call.
 *
 * <p>Integrity failures throw {@link Failure#MESSAGE_ALTERED}; sequence problems are returned as a
 * {@link TokenOrder} so that the GSS door can report them as supplementary status.
 */
public interface MessageProtector {

    byte[] wrap(byte[] message, int offset, int length, boolean confidential) throws NegotiateException;

    Unwrapped unwrap(byte[] token, int offset, int length) throws NegotiateException;

    byte[] getMic(byte[] message, int offset, int length) throws NegotiateException;

    TokenOrder verifyMic(byte[] token, int tokenOffset, int tokenLength, byte[] message, int offset, int length)
            throws NegotiateException;

    /** The largest message whose wrap token fits in {@code maxTokenSize} bytes. */
    int wrapSizeLimit(int maxTokenSize, boolean confidential);

    /** Whether {@code wrap(..., true)} really encrypts with this context. */
    boolean confidentialityAvailable();

    /**
     * Whether every wrap token is sealed whatever was asked (NTLM with NEGOTIATE_SEAL has no unsealed wrap
     * token), so that the doors report the protection actually applied.
     */
    default boolean wrapAlwaysSeals() {
        return false;
    }
}
