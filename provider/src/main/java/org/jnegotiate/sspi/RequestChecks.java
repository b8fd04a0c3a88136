package org.jnegotiate.sspi;

import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;

/**
 * What Windows refuses in an InitializeSecurityContext/AcceptSecurityContext call before (and, for delegation,
 * right after) the first token: ISC_REQ bits this implementation does not serve, a call without the token it
 * needs. "The ISC page" is Microsoft's InitializeSecurityContext (Negotiate) documentation.
 */
final class RequestChecks {
    private RequestChecks() {}

    /** A token no larger than the configured maximum; an acceptor's call with one. */
    static void checkToken(byte[] token, int maxTokenSize, boolean initiator) throws SspiException {
        if (token.length > maxTokenSize) {
            throw new SspiException(
                    Failure.INSUFFICIENT_MEMORY,
                    "the input token has " + token.length + " bytes, more than the configured maximum of "
                            + maxTokenSize);
        }
        if (!initiator && token.length == 0) {
            throw new SspiException(Failure.INVALID_TOKEN, "AcceptSecurityContext needs the client's token");
        }
    }

    /**
     * The ISC_REQ bits of an initiator's call: no prompt, no user-to-user/DCE/datagram contexts, DELEGATE only where
     * Kerberos can run, USE_SUPPLIED_CREDS with an identity when it opens an exchange ({@code opening}).
     */
    static void checkInitiator(SecurityContext.StepInput in, SecurityPackage pkg, Engine engine, boolean opening)
            throws SspiException {
        int f = in.flags();
        if ((f & IscReq.ISC_REQ_PROMPT_FOR_CREDS) != 0) {
            throw new SspiException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "ISC_REQ_PROMPT_FOR_CREDS is not valid for " + pkg.packageName() + ": there is no user to prompt");
        }
        if ((f & (IscReq.ISC_REQ_USE_SESSION_KEY | IscReq.ISC_REQ_USE_DCE_STYLE | IscReq.ISC_REQ_DATAGRAM)) != 0) {
            throw new SspiException(
                    Failure.UNSUPPORTED_FUNCTION, "user-to-user, DCE style and datagram contexts are not implemented");
        }
        if ((f & IscReq.ISC_REQ_DELEGATE) != 0 && !kerberosConfigured(pkg, engine)) {
            throw new SspiException(
                    Failure.UNSUPPORTED_FUNCTION, "ISC_REQ_DELEGATE needs Kerberos, and only NTLM is possible here");
        }
        if ((f & IscReq.ISC_REQ_USE_SUPPLIED_CREDS) != 0 && in.suppliedIdentity() == null && opening) {
            throw new SspiException(
                    Failure.NO_CREDENTIALS,
                    "ISC_REQ_USE_SUPPLIED_CREDS without a SECBUFFER_PKG_PARAMS buffer holding an identity");
        }
    }

    /** Whether the package can run Kerberos at all by its configuration (the credential is looked at later). */
    private static boolean kerberosConfigured(SecurityPackage pkg, Engine engine) {
        switch (pkg) {
            case NTLM:
                return false;
            case KERBEROS:
                return true;
            default:
                return engine.find(MechOid.KERBEROS).isPresent()
                        && engine.config().mechanisms().stream().anyMatch(MechOid::isKerberos);
        }
    }

    /**
     * ISC_REQ_DELEGATE is valid for Kerberos only (the ISC page: SEC_E_UNSUPPORTED_FUNCTION otherwise). Under Negotiate
     * the first call decides whether Kerberos can run at all: it does not when Kerberos has no credential (no ticket
     * cache, keytab or Subject credential, or Kerberos not configured), when it cannot start (no KDC, unknown SPN, an
     * IP address: the local fallback) or when an acceptor that spoke first offers NTLM only. Then the NegTokenInit of
     * that call carries NTLM, and the call fails instead of handing it out. An acceptor that later chooses NTLM over
     * the offered Kerberos is an outcome, not an invalid request: the context completes without ISC_RET_DELEGATE.
     */
    static void checkDelegationPossible(int flags, SecurityPackage pkg, MechContext opened) throws NegotiateException {
        if ((flags & IscReq.ISC_REQ_DELEGATE) == 0 || pkg != SecurityPackage.NEGOTIATE) {
            return;
        }
        if (opened.negotiatedMechanism().orElse(null) == MechOid.NTLM) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "ISC_REQ_DELEGATE needs Kerberos, and only "
                            + "NTLM can run here (no usable Kerberos credential, or Kerberos cannot start)");
        }
    }
}
