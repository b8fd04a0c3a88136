package org.jnegotiate.gss;

import org.jnegotiate.mech.MechOid;
import sun.security.jgss.GSSCaller;

/** The JDK framework's factory for JNegotiate's SPNEGO (1.3.6.1.5.5.2). */
public final class SpnegoMechFactory extends EngineMechFactory {
    public SpnegoMechFactory(GSSCaller caller) {
        super(caller, MechOid.SPNEGO);
    }
}
