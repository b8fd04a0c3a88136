package org.jnegotiate.mech;

/** The non-failure outcomes of one context step, with their SSPI {@code SECURITY_STATUS} values. */
public enum Status {
    /** SEC_E_OK: the context is established; a non-empty output token must still be sent. */
    OK(0x00000000),
    /** SEC_I_CONTINUE_NEEDED: send the output token (possibly empty) and step again with the reply. */
    CONTINUE_NEEDED(0x00090312),
    /** SEC_I_COMPLETE_NEEDED: complete the token, then the context is established. */
    COMPLETE_NEEDED(0x00090313),
    /** SEC_I_COMPLETE_AND_CONTINUE: complete the token, send it, and step again. */
    COMPLETE_AND_CONTINUE(0x00090314);

    private final int sspiStatus;

    Status(int sspiStatus) {
        this.sspiStatus = sspiStatus;
    }

    public int sspiStatus() {
        return sspiStatus;
    }
}
