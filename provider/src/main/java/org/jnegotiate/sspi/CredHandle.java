package org.jnegotiate.sspi;

/** SSPI {@code CredHandle}: filled in by {@link Sspi#acquireCredentialsHandle}. */
public final class CredHandle extends SecHandle {
    public CredHandle() {}
}
