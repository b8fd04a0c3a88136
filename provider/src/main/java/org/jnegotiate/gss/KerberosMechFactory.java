package org.jnegotiate.gss;

import org.jnegotiate.mech.MechOid;
import sun.security.jgss.GSSCaller;

/** The JDK framework's factory for JNegotiate's Kerberos v5 (1.2.840.113554.1.2.2). */
public final class KerberosMechFactory extends EngineMechFactory {
    public KerberosMechFactory(GSSCaller caller) {
        super(caller, MechOid.KERBEROS);
    }
}
