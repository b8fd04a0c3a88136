package org.jnegotiate.gss;

import org.jnegotiate.mech.MechOid;
import sun.security.jgss.GSSCaller;

/** The JDK framework's factory for JNegotiate's NTLM (1.3.6.1.4.1.311.2.2.10). */
public final class NtlmMechFactory extends EngineMechFactory {
    public NtlmMechFactory(GSSCaller caller) {
        super(caller, MechOid.NTLM);
    }
}
