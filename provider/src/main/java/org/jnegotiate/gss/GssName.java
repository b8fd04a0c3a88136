package org.jnegotiate.gss;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.Objects;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.PeerName;
import sun.security.jgss.spi.GSSNameSpi;

/** A name of one JNegotiate mechanism as the JDK framework sees it. Immutable. */
final class GssName implements GSSNameSpi {
    /** GSS_KRB5_NT_PRINCIPAL_NAME (RFC 1964). */
    static final Oid KRB5_PRINCIPAL_NAME_TYPE = oid("1.2.840.113554.1.2.2.1");

    private final Provider provider;
    private final MechOid mech;
    private final PeerName name;

    GssName(Provider provider, MechOid mech, PeerName name) {
        this.provider = provider;
        this.mech = mech;
        this.name = Objects.requireNonNull(name);
    }

    PeerName peerName() {
        return name;
    }

    /** Reads a name given as text and a GSS name type, the way the JDK's own mechanisms do. */
    static PeerName parse(MechOid mech, String text, Oid type) throws GSSException {
        if (text == null) {
            throw GssErrors.of(GSSException.BAD_NAME, "name is null");
        }
        if (type == null || type.equals(GSSName.NT_USER_NAME) || type.equals(KRB5_PRINCIPAL_NAME_TYPE)) {
            if (type == null && mech == MechOid.KERBEROS || type != null && type.equals(KRB5_PRINCIPAL_NAME_TYPE)) {
                return PeerName.principal(text);
            }
            return mech.isKerberos() ? PeerName.principal(text) : PeerName.user(text);
        }
        if (type.equals(GSSName.NT_HOSTBASED_SERVICE)) {
            return PeerName.hostbased(text);
        }
        if (type.equals(GSSName.NT_ANONYMOUS)) {
            return new PeerName(text, PeerName.Type.ANONYMOUS);
        }
        if (type.equals(GSSName.NT_EXPORT_NAME)) {
            return parseExported(mech, text.getBytes(StandardCharsets.ISO_8859_1));
        }
        throw GssErrors.of(GSSException.BAD_NAMETYPE, "name type " + type + " is not supported by " + mech);
    }

    /** RFC 2743 section 3.2 exported name: 04 01, OID length, OID, name length, name. */
    static PeerName parseExported(MechOid mech, byte[] b) throws GSSException {
        if (b.length < 8 || b[0] != 0x04 || b[1] != 0x01) {
            throw GssErrors.of(GSSException.BAD_NAME, "not an exported name token");
        }
        int oidLen = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (4 + oidLen + 4 > b.length) {
            throw GssErrors.of(GSSException.BAD_NAME, "exported name token truncated");
        }
        byte[] der = java.util.Arrays.copyOfRange(b, 4, 4 + oidLen);
        if (!MechOid.ofDer(der)
                .map(m -> m.isKerberos() == mech.isKerberos() || m == mech)
                .orElse(false)) {
            throw GssErrors.of(GSSException.BAD_NAME, "exported name is for another mechanism");
        }
        int p = 4 + oidLen;
        long nameLen =
                ((long) (b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
        if (nameLen != b.length - p - 4L) {
            throw GssErrors.of(GSSException.BAD_NAME, "exported name length does not match the token");
        }
        String text = new String(b, p + 4, (int) nameLen, StandardCharsets.UTF_8);
        return mech.isKerberos() ? PeerName.principal(text) : PeerName.user(text);
    }

    @Override
    public Provider getProvider() {
        return provider;
    }

    @Override
    public boolean equals(GSSNameSpi other) throws GSSException {
        return other instanceof GssName o && o.mech.isKerberos() == mech.isKerberos() && o.name.equals(name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GssName o && o.mech == mech && o.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public byte[] export() throws GSSException {
        if (name.type() == PeerName.Type.HOSTBASED_SERVICE) {
            throw GssErrors.of(GSSException.NAME_NOT_MN, "a host-based name must be canonicalised before export");
        }
        byte[] der = mech.der();
        byte[] text = name.name().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x04);
        out.write(0x01);
        out.write(der.length >>> 8);
        out.write(der.length);
        out.writeBytes(der);
        out.write(text.length >>> 24);
        out.write(text.length >>> 16);
        out.write(text.length >>> 8);
        out.write(text.length);
        out.writeBytes(text);
        return out.toByteArray();
    }

    @Override
    public Oid getMechanism() {
        return mech.oid();
    }

    @Override
    public String toString() {
        return name.name();
    }

    @Override
    public Oid getStringNameType() {
        switch (name.type()) {
            case HOSTBASED_SERVICE:
                return GSSName.NT_HOSTBASED_SERVICE;
            case KERBEROS_PRINCIPAL:
                return KRB5_PRINCIPAL_NAME_TYPE;
            case ANONYMOUS:
                return GSSName.NT_ANONYMOUS;
            default:
                return GSSName.NT_USER_NAME;
        }
    }

    @Override
    public boolean isAnonymousName() {
        return name.type() == PeerName.Type.ANONYMOUS;
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
