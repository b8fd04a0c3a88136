package org.jnegotiate.conformance.spnego;

import org.ietf.jgss.Oid;

/**
 * One side of a SPNEGO context, whoever implements it (JNegotiate through {@code org.ietf.jgss},
 * JNegotiate's engine, SunJGSS, MIT's GSS-API): what {@link Exchange} and the message checks drive.
 * Tokens are exactly what goes on the wire; "no token" is an empty array.
 */
interface Party {

    /** Who this is, for failure messages. */
    String name();

    /** Feeds the other side's token (empty for an initiator's first call) and returns the answer (empty if none). */
    byte[] step(byte[] token) throws Exception;

    boolean isEstablished();

    /** The mechanism this side reports for the established context, dotted. */
    String mech() throws Exception;

    byte[] wrap(byte[] message, boolean confidential) throws Exception;

    Unwrapped unwrap(byte[] token) throws Exception;

    byte[] mic(byte[] message) throws Exception;

    /** Throws when the MIC does not verify. */
    void verifyMic(byte[] message, byte[] mic) throws Exception;

    /** A message that came out of {@link #unwrap}, and whether it had been encrypted. */
    record Unwrapped(byte[] message, boolean confidential) {}

    static String dotted(Oid oid) {
        return oid == null ? "-" : oid.toString();
    }
}
