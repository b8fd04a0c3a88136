package org.jnegotiate.sspi;

import java.util.Locale;
import java.util.Optional;
import org.jnegotiate.mech.MechOid;

/**
 * The SSPI packages this door serves and the engine mechanism behind each. Names are matched without
 * regard to case, as Windows does. wRPCID values are the RPC_C_AUTHN_* constants of rpcdce.h
 * (GSS_NEGOTIATE 9, WINNT 10, GSS_KERBEROS 16). The capability bits say what this implementation does,
 * not what Windows' own packages advertise.
 */
public enum SecurityPackage {
    NEGOTIATE("Negotiate", MechOid.SPNEGO, (short) 9, "JNegotiate SPNEGO (Kerberos, NTLM)", true),
    KERBEROS("Kerberos", MechOid.KERBEROS, (short) 16, "JNegotiate Kerberos v5", true),
    NTLM("NTLM", MechOid.NTLM, (short) 10, "JNegotiate NTLMv2", false);

    private final String packageName;
    private final MechOid mechanism;
    private final short rpcId;
    private final String comment;
    private final boolean mutualAuth;

    SecurityPackage(String packageName, MechOid mechanism, short rpcId, String comment, boolean mutualAuth) {
        this.packageName = packageName;
        this.mechanism = mechanism;
        this.rpcId = rpcId;
        this.comment = comment;
        this.mutualAuth = mutualAuth;
    }

    /** The SSPI name: "Negotiate", "Kerberos" or "NTLM". */
    public String packageName() {
        return packageName;
    }

    public MechOid mechanism() {
        return mechanism;
    }

    short rpcId() {
        return rpcId;
    }

    String comment() {
        return comment;
    }

    int capabilities() {
        int caps = SecPkgInfo.SECPKG_FLAG_INTEGRITY
                | SecPkgInfo.SECPKG_FLAG_PRIVACY
                | SecPkgInfo.SECPKG_FLAG_CONNECTION
                | SecPkgInfo.SECPKG_FLAG_STREAM
                | SecPkgInfo.SECPKG_FLAG_GSS_COMPATIBLE
                | SecPkgInfo.SECPKG_FLAG_ACCEPT_WIN32_NAME;
        if (this != NEGOTIATE) {
            caps |= SecPkgInfo.SECPKG_FLAG_NEGOTIABLE;
        }
        if (this != NTLM) {
            caps |= SecPkgInfo.SECPKG_FLAG_EXTENDED_ERROR; // SPNEGO reject tokens, Kerberos KRB-ERROR tokens
        }
        if (mutualAuth) {
            caps |= SecPkgInfo.SECPKG_FLAG_MUTUAL_AUTH | SecPkgInfo.SECPKG_FLAG_DELEGATION;
        }
        return caps;
    }

    /** The package of an SSPI name ("negotiate" finds NEGOTIATE). */
    public static Optional<SecurityPackage> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (SecurityPackage p : values()) {
            if (p.packageName.toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The package a mechanism negotiated under Negotiate stands for (both Kerberos OIDs are "Kerberos"). */
    static SecurityPackage ofMechanism(MechOid oid) {
        if (oid.isKerberos()) {
            return KERBEROS;
        }
        return oid == MechOid.NTLM ? NTLM : NEGOTIATE;
    }
}
