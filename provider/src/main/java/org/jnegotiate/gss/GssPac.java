package org.jnegotiate.gss;

import com.sun.security.jgss.AuthorizationDataEntry;
import com.sun.security.jgss.ExtendedGSSContext;
import com.sun.security.jgss.InquireType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.mech.NegotiateException;

/**
 * The PAC of an accepted Kerberos (or SPNEGO with Kerberos inside) context, typed: the user's SID, group SIDs and
 * names ({@link Pac#logonInfo()}), read from what {@code ExtendedGSSContext.inquireSecContext(KRB5_GET_AUTHZ_DATA)}
 * returns.
 *
 * <p>When JNegotiate accepted the context, the PAC's server signature and client information were verified before
 * the context was established (a context with a PAC that fails them is refused). SunJGSS does not verify PACs: a
 * PAC from a SunJGSS context is only decoded.
 */
public final class GssPac {
    private GssPac() {}

    /**
     * The PAC of {@code acceptor}'s ticket; empty when the ticket has none. Throws the context's GSSException
     * (UNAVAILABLE on an initiator, NO_CONTEXT before establishment) or DEFECTIVE_TOKEN for a malformed PAC.
     */
    public static Optional<Pac> of(GSSContext acceptor) throws GSSException {
        if (!(acceptor instanceof ExtendedGSSContext extended)) {
            throw GssErrors.of(
                    GSSException.UNAVAILABLE,
                    "not an ExtendedGSSContext: " + acceptor.getClass().getName());
        }
        AuthorizationDataEntry[] entries =
                (AuthorizationDataEntry[]) extended.inquireSecContext(InquireType.KRB5_GET_AUTHZ_DATA);
        if (entries == null) {
            return Optional.empty();
        }
        List<org.jnegotiate.krb5.tokens.AuthorizationDataEntry> ours = new ArrayList<>(entries.length);
        for (AuthorizationDataEntry e : entries) {
            ours.add(new org.jnegotiate.krb5.tokens.AuthorizationDataEntry(e.getType(), e.getData()));
        }
        try {
            Optional<byte[]> encoded = Pac.find(ours);
            return encoded.isEmpty() ? Optional.empty() : Optional.of(Pac.decode(encoded.get()));
        } catch (NegotiateException e) {
            throw GssErrors.of(e);
        }
    }
}
