package org.jnegotiate.spnego.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.MechOid;

/**
 * A MechTypeList: the OIDs in order (dotted, unknown ones included) and its DER exactly as received or
 * sent, because the mechListMIC (RFC 4178 section 5) is computed over those bytes and nothing else.
 */
public final class MechTypeList {
    private final List<String> oids;
    private final byte[] der;
    /** The mechanism at each position, null where unknown: looked up once, asked on every handshake. */
    private final MechOid[] mechs;

    MechTypeList(List<String> oids, byte[] der) {
        this.oids = List.copyOf(oids);
        this.der = der.clone();
        this.mechs = new MechOid[this.oids.size()];
        for (int i = 0; i < mechs.length; i++) {
            mechs[i] = MechOid.ofDotted(this.oids.get(i)).orElse(null);
        }
    }

    /** Encodes a list of known mechanisms. */
    public static MechTypeList of(List<MechOid> mechs) {
        List<String> dotted = new ArrayList<>(mechs.size());
        for (MechOid m : mechs) {
            dotted.add(m.dotted());
        }
        return ofDotted(dotted);
    }

    /** Encodes a list of dotted OIDs (for tests and for lists that name mechanisms JNegotiate does not know). */
    public static MechTypeList ofDotted(List<String> dotted) {
        return new MechTypeList(dotted, SpnegoAsn1.encodeMechTypes(dotted));
    }

    /** The OIDs, dotted, in the sender's order of preference. */
    public List<String> oids() {
        return oids;
    }

    public int size() {
        return oids.size();
    }

    public boolean isEmpty() {
        return oids.isEmpty();
    }

    /** The mechanism at {@code index}, when JNegotiate knows it. */
    public Optional<MechOid> mechanism(int index) {
        return Optional.ofNullable(mechs[index]);
    }

    /** The known mechanisms in order, unknown OIDs left out. */
    public List<MechOid> known() {
        List<MechOid> out = new ArrayList<>(mechs.length);
        for (MechOid m : mechs) {
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    public boolean contains(MechOid m) {
        return oids.contains(m.dotted());
    }

    /** The DER of the list (SEQUENCE OF OBJECT IDENTIFIER), exactly as received or sent. */
    public byte[] der() {
        return der.clone();
    }

    /** The DER itself, not copied: for the encoder, which only reads it. */
    byte[] encoded() {
        return der;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MechTypeList other && oids.equals(other.oids) && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oids, Arrays.hashCode(der));
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (String s : oids) {
            names.add(MechOid.ofDotted(s).map(MechOid::name).orElse(s));
        }
        return names.toString();
    }
}
