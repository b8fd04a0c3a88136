package org.jnegotiate.gss;

import java.io.IOException;
import org.ietf.jgss.GSSException;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import sun.security.krb5.internal.AuthorizationData;

/**
 * The answer to KRB5_GET_AUTHZ_DATA in the type the JDK's {@code ExtendedGSSContextImpl} casts it to
 * ({@code sun.security.krb5.internal.AuthorizationData}, which it turns into
 * {@code com.sun.security.jgss.AuthorizationDataEntry[]} for the application). A class of its own so that only this
 * query links against {@code sun.security.krb5.internal}, which needs an export of its own
 * ({@link JgssAccess#krb5InternalExported()}).
 */
final class JdkAuthorizationData {
    private JdkAuthorizationData() {}

    static Object of(AuthorizationDataEntry[] entries) throws GSSException {
        sun.security.krb5.internal.AuthorizationDataEntry[] jdk =
                new sun.security.krb5.internal.AuthorizationDataEntry[entries.length];
        for (int i = 0; i < entries.length; i++) {
            jdk[i] = new sun.security.krb5.internal.AuthorizationDataEntry(entries[i].type(), entries[i].data());
        }
        try {
            return new AuthorizationData(jdk);
        } catch (IOException e) {
            throw GssErrors.of(GSSException.FAILURE, "cannot build the JDK's AuthorizationData: " + e);
        }
    }
}
