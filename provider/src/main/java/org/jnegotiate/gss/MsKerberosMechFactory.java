package org.jnegotiate.gss;

import org.jnegotiate.mech.MechOid;
import sun.security.jgss.GSSCaller;

/** The JDK framework's factory for JNegotiate's the Microsoft Kerberos OID (1.2.840.48018.1.2.2). */
public final class MsKerberosMechFactory extends EngineMechFactory {
    public MsKerberosMechFactory(GSSCaller caller) {
        super(caller, MechOid.MS_KERBEROS);
    }
}
