package org.jnegotiate.sspi;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * What a CredHandle stands for: the package, the direction (SECPKG_CRED_*) and the engine credential,
 * acquired eagerly so that AcquireCredentialsHandle reports SEC_E_NO_CREDENTIALS as Windows does.
 * Reference-counted like Windows credentials: FreeCredentialsHandle drops the handle's reference, and the
 * keys are zeroed only when the last context made from it is deleted too.
 *
 * <p>Default credentials (no pAuthData) are the logged-on user's, as on Windows: the caller's JAAS Subject if it
 * holds some, else the ticket cache (KRB5CCNAME, default_ccache_name), the client keytab and the NTLM users file.
 * {@code javax.security.auth.useSubjectCredsOnly} is a rule of the JDK's GSS-API and is not applied here: every
 * request of this door says so explicitly ({@link #request}), so the GSS door keeps the JGSS rule.
 */
final class Credentials {
    private final Engine engine;
    private final SecurityPackage pkg;
    private final int use;
    private final PeerName name;
    private final char[] password;
    private final Map<MechOid, MechCredential> byMech = new EnumMap<>(MechOid.class);
    private int references = 1;
    private boolean handleFreed;

    private Credentials(Engine engine, SecurityPackage pkg, int use, PeerName name, char[] password) {
        this.engine = engine;
        this.pkg = pkg;
        this.use = use;
        this.name = name;
        this.password = password;
    }

    /**
     * @param principal pszPrincipal (may be null)
     * @param identity  pAuthData (may be null): wins over {@code principal}
     */
    static Credentials acquire(
            Engine engine, SecurityPackage pkg, int use, String principal, SecWinntAuthIdentity identity)
            throws NegotiateException {
        PeerName name = identity != null
                ? nameOf(pkg, identity)
                : principal == null || principal.isEmpty() ? null : PeerName.user(principal);
        Credentials c = new Credentials(engine, pkg, use, name, identity == null ? null : identity.password());
        try {
            c.forMech(pkg.mechanism());
        } catch (NegotiateException | RuntimeException e) {
            c.dispose();
            throw e;
        }
        return c;
    }

    /**
     * The engine name of an explicit identity, as each package reads it: {@code DOMAIN\\user} for NTLM,
     * {@code user@DOMAIN} (a Kerberos principal in the upper-cased realm) otherwise; a user name that already
     * holds {@code @} or {@code \\} is taken as it is.
     */
    static PeerName nameOf(SecurityPackage pkg, SecWinntAuthIdentity id) {
        String user = id.user();
        String domain = id.domain();
        if (domain.isEmpty() || user.indexOf('@') >= 0 || user.indexOf('\\') >= 0) {
            return pkg == SecurityPackage.KERBEROS ? PeerName.principal(user) : PeerName.user(user);
        }
        switch (pkg) {
            case NTLM:
                return PeerName.user(domain + "\\" + user);
            case KERBEROS:
                return PeerName.principal(user + "@" + domain.toUpperCase(java.util.Locale.ROOT));
            default:
                return PeerName.user(user + "@" + domain);
        }
    }

    /** A credential request of the SSPI door: ambient credentials allowed, whatever useSubjectCredsOnly says. */
    static CredentialRequest request(PeerName name, MechCredential.Usage usage) {
        return CredentialRequest.of(name, usage).withSubjectCredsOnly(false);
    }

    private static MechCredential.Usage usageOf(int use) {
        switch (use) {
            case Sspi.SECPKG_CRED_INBOUND:
                return MechCredential.Usage.ACCEPT;
            case Sspi.SECPKG_CRED_OUTBOUND:
                return MechCredential.Usage.INITIATE;
            default:
                return MechCredential.Usage.BOTH;
        }
    }

    SecurityPackage pkg() {
        return pkg;
    }

    boolean outbound() {
        return (use & Sspi.SECPKG_CRED_OUTBOUND) != 0;
    }

    boolean inbound() {
        return (use & Sspi.SECPKG_CRED_INBOUND) != 0;
    }

    /** The credential for {@code mech}: the package's own, or (Negotiate acceptors) one acquired on demand. */
    synchronized MechCredential forMech(MechOid mech) throws NegotiateException {
        if (references <= 0) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the credentials were freed");
        }
        MechOid key = mech.isKerberos() ? MechOid.KERBEROS : mech;
        MechCredential c = byMech.get(key);
        if (c == null) {
            CredentialRequest r = request(name, usageOf(use));
            if (password != null) {
                r = r.withPassword(password);
            }
            c = engine.mechanism(mech).acquire(r);
            byMech.put(key, c);
        }
        return c;
    }

    synchronized Optional<Instant> expiry() {
        MechCredential c = byMech.get(pkg.mechanism());
        return c == null ? Optional.empty() : c.expiry();
    }

    synchronized boolean handleFreed() {
        return handleFreed;
    }

    synchronized void retain() {
        references++;
    }

    /** FreeCredentialsHandle: false when the handle was already freed. */
    synchronized boolean freeHandle() {
        if (handleFreed) {
            return false;
        }
        handleFreed = true;
        release();
        return true;
    }

    synchronized void release() {
        if (--references == 0) {
            dispose();
        }
    }

    private synchronized void dispose() {
        references = 0;
        for (MechCredential c : byMech.values()) {
            c.dispose();
        }
        byMech.clear();
        if (password != null) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + pkg.packageName() + ", use=" + use + ", name=" + name + "]";
    }
}
