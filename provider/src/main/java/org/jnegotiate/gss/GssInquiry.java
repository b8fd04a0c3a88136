package org.jnegotiate.gss;

import java.util.Arrays;
import java.util.OptionalInt;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.kerberos.EncryptionKey;
import org.ietf.jgss.GSSException;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.NegotiateException;

/**
 * The answers of {@code ExtendedGSSContext.inquireSecContext} for a GSS door context: the session key
 * ({@code KRB5_GET_SESSION_KEY}, {@code KRB5_GET_SESSION_KEY_EX}) and the ticket's authorization data
 * ({@code KRB5_GET_AUTHZ_DATA}, read typed by {@link GssPac}), as SunJGSS's {@code Krb5Context} gives them. The
 * caller ({@link GssContext}) has checked that the context is not disposed.
 */
final class GssInquiry {
    private GssInquiry() {}

    /**
     * The answer to {@code type} about {@code context} (null before the first token), an {@code initiator}'s or
     * an acceptor's; UNAVAILABLE for a type JNegotiate does not answer, NO_CONTEXT before establishment.
     */
    static Object inquire(String type, MechContext context, boolean initiator) throws GSSException {
        if ("KRB5_GET_SESSION_KEY".equals(type) || "KRB5_GET_SESSION_KEY_EX".equals(type)) {
            return sessionKey(established(context));
        }
        if ("KRB5_GET_AUTHZ_DATA".equals(type)) {
            return authorizationData(context, initiator);
        }
        throw GssErrors.of(GSSException.UNAVAILABLE, "inquireSecContext(" + type + ") is not supported");
    }

    /** As SunJGSS: an EncryptionKey carrying the enctype; mechanisms without one (NTLM) a raw key. */
    private static Object sessionKey(MechContext context) throws GSSException {
        try {
            byte[] key = context.sessionKey().toByteArray();
            try {
                OptionalInt keyType = context.sessionKeyType();
                return keyType.isPresent() ? new EncryptionKey(key, keyType.getAsInt()) : new SecretKeySpec(key, "RAW");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        }
    }

    /**
     * As SunJGSS's Krb5Context: the acceptor's ticket authorization data as {@code AuthorizationDataEntry[]} (top
     * level: the PAC is inside the AD-IF-RELEVANT element), null when the ticket has none; UNAVAILABLE on the
     * initiator. A PAC in it was verified when the context was accepted ({@link org.jnegotiate.krb5.pac.PacVerifier});
     * {@link GssPac} reads it typed.
     */
    private static Object authorizationData(MechContext context, boolean initiator) throws GSSException {
        if (initiator) {
            throw GssErrors.of(GSSException.UNAVAILABLE, "authorization data is not available on the initiator side");
        }
        AuthorizationDataEntry[] entries =
                established(context).attribute(AuthorizationDataEntry[].class).orElse(null);
        if (entries == null || entries.length == 0) {
            return null;
        }
        if (!JgssAccess.krb5InternalExported()) {
            throw GssErrors.of(
                    GSSException.UNAVAILABLE,
                    "KRB5_GET_AUTHZ_DATA needs the JVM flag "
                            + JgssAccess.krb5InternalFlag()
                            + " (the JDK converts the answer from its own Kerberos type; "
                            + "-javaagent:jnegotiate-provider.jar adds it); without it the SSPI door's ServerContext.pac() "
                            + "has the PAC");
        }
        return JdkAuthorizationData.of(entries);
    }

    private static MechContext established(MechContext context) throws GSSException {
        if (context == null || !context.isEstablished()) {
            throw GssErrors.of(GSSException.NO_CONTEXT, "the context is not established");
        }
        return context;
    }
}
