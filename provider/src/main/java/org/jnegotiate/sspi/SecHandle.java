package org.jnegotiate.sspi;

/**
 * SSPI {@code SecHandle}: opaque. A handle refers to an object of the {@link Sspi} instance that filled
 * it in; a handle never filled in, freed/deleted, or filled in by another {@code Sspi} is rejected with
 * SEC_E_INVALID_HANDLE. {@link #dwLower()}/{@link #dwUpper()} are an identifier for logs and equality,
 * not an address.
 */
public abstract class SecHandle {
    private Object target;
    private Sspi owner;
    private long dwLower = -1;
    private long dwUpper = -1;

    SecHandle() {}

    /** True until a successful call fills the handle in (JNA's {@code isNull()}; SecIsValidHandle inverted). */
    public boolean isNull() {
        return target == null;
    }

    public long dwLower() {
        return dwLower;
    }

    public long dwUpper() {
        return dwUpper;
    }

    void bind(Sspi owner, Object target, long id) {
        this.owner = owner;
        this.target = target;
        this.dwLower = id;
        this.dwUpper = System.identityHashCode(owner);
    }

    /** Clears the handle (SecInvalidateHandle). */
    void invalidate() {
        target = null;
        owner = null;
        dwLower = -1;
        dwUpper = -1;
    }

    Object target(Sspi caller) {
        return owner == caller ? target : null;
    }

    /** Copies another handle's value (phNewContext may be a different object than phContext). */
    void copyFrom(SecHandle other) {
        this.owner = other.owner;
        this.target = other.target;
        this.dwLower = other.dwLower;
        this.dwUpper = other.dwUpper;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + (isNull() ? "[null]" : "[" + Long.toHexString(dwLower) + "]");
    }
}
