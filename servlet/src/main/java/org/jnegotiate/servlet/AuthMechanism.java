package org.jnegotiate.servlet;

import org.jnegotiate.mech.MechOid;

/** The mechanism that authenticated a user: what the application may base decisions on (Kerberos proves more). */
public enum AuthMechanism {
    /** Kerberos v5 (either Kerberos OID), directly or inside SPNEGO. */
    KERBEROS,
    /** NTLM (NTLMv2 only: JNegotiate refuses v1 and LM), raw, inside SPNEGO, or through the {@code NTLM} scheme. */
    NTLM;

    static AuthMechanism of(MechOid oid) {
        if (oid.isKerberos()) {
            return KERBEROS;
        }
        if (oid == MechOid.NTLM) {
            return NTLM;
        }
        throw new IllegalArgumentException("not an authenticating mechanism: " + oid);
    }
}
