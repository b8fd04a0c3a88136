package org.jnegotiate.mech;

import java.util.Arrays;
import java.util.Optional;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;

/** The mechanism object identifiers JNegotiate knows, with their DER encodings. */
public enum MechOid {
    SPNEGO("1.3.6.1.5.5.2"),
    KERBEROS("1.2.840.113554.1.2.2"),
    /** The OID Windows clients put first for Kerberos (a historical encoding error kept for interop). */
    MS_KERBEROS("1.2.840.48018.1.2.2"),
    /** Kerberos user-to-user (RFC 4121 appendix); recognised in lists, never offered. */
    KERBEROS_U2U("1.2.840.113554.1.2.2.3"),
    NTLM("1.3.6.1.4.1.311.2.2.10"),
    /** NEGOEX (MS-NEGOEX); recognised in lists, never offered until implemented. */
    NEGOEX("1.3.6.1.4.1.311.2.2.30");

    /** values() copies its array on every call; the lookups below run on every handshake. */
    private static final MechOid[] ALL = values();

    private final String dotted;
    private final Oid oid;
    private final byte[] der;

    MechOid(String dotted) {
        this.dotted = dotted;
        try {
            this.oid = new Oid(dotted);
            this.der = oid.getDER();
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public String dotted() {
        return dotted;
    }

    /** The JDK's {@link Oid} for this mechanism. */
    public Oid oid() {
        return oid;
    }

    /** The full DER encoding (tag 0x06, length, value). A fresh copy. */
    public byte[] der() {
        return der.clone();
    }

    /** True for both Kerberos OIDs. */
    public boolean isKerberos() {
        return this == KERBEROS || this == MS_KERBEROS;
    }

    public static Optional<MechOid> of(Oid oid) {
        for (MechOid m : ALL) {
            if (m.oid.equals(oid)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public static Optional<MechOid> ofDotted(String dotted) {
        for (MechOid m : ALL) {
            if (m.dotted.equals(dotted)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Looks up a full DER encoding (tag, length, value). */
    public static Optional<MechOid> ofDer(byte[] der) {
        for (MechOid m : ALL) {
            if (Arrays.equals(m.der, der)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name() + "(" + dotted + ")";
    }
}
