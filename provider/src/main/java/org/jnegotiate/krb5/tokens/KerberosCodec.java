package org.jnegotiate.krb5.tokens;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kerby.asn1.parse.Asn1ParseResult;
import org.apache.kerby.asn1.parse.Asn1Parser;
import org.apache.kerby.asn1.type.Asn1Type;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Decoding and encoding of Kerberos ASN.1 messages through Kerby, with every parser failure turned into
 * {@link Failure#INVALID_TOKEN}. Kerby may throw runtime exceptions (index, buffer, null pointer) on hostile
 * input; this is the single place where they are caught for Kerby's typed classes (KRB-CRED, KDC messages),
 * as {@link org.jnegotiate.asn1.Asn1Tree#bind} is for the messages bound from the parse tree, so that nothing but
 * {@link NegotiateException} escapes a context step.
 */
public final class KerberosCodec {
    private KerberosCodec() {
    }

    /** Decodes {@code der} as {@code type}, which must consume the whole input. */
    public static <T extends Asn1Type> T decode(byte[] der, int offset, int length, Class<T> type, String what)
            throws NegotiateException {
        if (length <= 0) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "empty " + what);
        }
        try {
            T value = type.getDeclaredConstructor().newInstance();
            // Kerby's decode does not report how much it consumed: ask its parser for the outer length
            Asn1ParseResult outer = Asn1Parser.parse(ByteBuffer.wrap(der, offset, length));
            if (!outer.isDefinitiveLength() || outer.getEncodingLength() != length) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "the " + what + " does not fill its "
                        + length + " bytes exactly");
            }
            value.decode(ByteBuffer.wrap(der, offset, length));
            return value;
        } catch (NegotiateException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Kerby type without a public no-argument constructor: " + type, e);
        }
    }

    public static <T extends Asn1Type> T decode(byte[] der, Class<T> type, String what) throws NegotiateException {
        return decode(der, 0, der.length, type, what);
    }

    /**
     * Runs an accessor of a decoded Kerby value: Kerby converts some fields lazily, so a getter can fail on
     * a structurally valid but semantically broken message.
     */
    public static <R> R read(KerbyGetter<R> getter, String what) throws NegotiateException {
        try {
            return getter.get();
        } catch (NegotiateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "malformed " + what + ": " + e, e);
        }
    }

    /** Encodes a value built by this project; a failure here is a programming error. */
    public static byte[] encode(Asn1Type value) {
        try {
            return KrbCodec.encode(value);
        } catch (KrbException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** A getter that may fail on malformed content. */
    @FunctionalInterface
    public interface KerbyGetter<R> {
        R get() throws NegotiateException;
    }
}
