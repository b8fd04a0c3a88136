package org.jnegotiate.sspi;

/** SSPI {@code CtxtHandle}: filled in by the first InitializeSecurityContext/AcceptSecurityContext call. */
public final class CtxtHandle extends SecHandle {
    public CtxtHandle() {}
}
