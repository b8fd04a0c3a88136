package org.jnegotiate.krb5.kdc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.mech.NegotiateException;

/**
 * PA-ETYPE-INFO2 (RFC 4120 section 5.2.7.5): how the KDC salts the client's password for each enctype, found in
 * the METHOD-DATA of a KDC_ERR_PREAUTH_REQUIRED and in an AS-REP's padata. The other pre-authentication data of a
 * KDC are checked for their PA-DATA shape and not read: this client does nothing with them.
 */
final class EtypeInfo2 {
    /** padata-type of PA-ETYPE-INFO2. */
    static final int PA_ETYPE_INFO2 = 19;
    /** PA-REQ-ENC-PA-REP (RFC 6806 section 11): sent empty in an AS-REQ, returned as a checksum over it. */
    static final int PA_REQ_ENC_PA_REP = 149;

    private EtypeInfo2() {}

    /**
     * ETYPE-INFO2-ENTRY ::= SEQUENCE { etype [0] Int32, salt [1] KerberosString OPTIONAL,
     * s2kparams [2] OCTET STRING OPTIONAL }.
     *
     * @param salt      empty when the KDC leaves it out (the default salt applies)
     * @param s2kParams null when absent (what {@link ClientKeys#key} takes)
     */
    record Entry(int etype, Optional<String> salt, byte[] s2kParams) {
        Entry {
            s2kParams = s2kParams == null ? null : s2kParams.clone();
        }

        @Override
        public byte[] s2kParams() {
            return s2kParams == null ? null : s2kParams.clone();
        }
    }

    /** The entries in a METHOD-DATA (a KRB-ERROR's e-data): METHOD-DATA ::= SEQUENCE OF PA-DATA. */
    static List<Entry> fromMethodData(byte[] methodData) throws NegotiateException {
        return Asn1Tree.bind(methodData, "METHOD-DATA", EtypeInfo2::fromPadata);
    }

    /**
     * The entries of every PA-ETYPE-INFO2 in a SEQUENCE OF PA-DATA, in order; PA-DATA ::= SEQUENCE {
     * padata-type [1] Int32, padata-value [2] OCTET STRING } (the tags start at 1).
     */
    static List<Entry> fromPadata(DerElement sequenceOfPaData) throws NegotiateException {
        List<Entry> out = new ArrayList<>();
        for (DerElement pa : Asn1Tree.sequenceOf(sequenceOfPaData, "PA-DATA")) {
            DerElement[] f = Asn1Tree.fields(pa, 3, "PA-DATA");
            if (f[0] != null) {
                throw Asn1Tree.invalid("PA-DATA with a field [0]");
            }
            int type = Asn1Tree.int32(f[1], "padata-type");
            if (f[2] == null) {
                continue; // as before: a value left out is ignored, whatever its type
            }
            Asn1Tree.skipOctets(f[2], "padata-value");
            if (type == PA_ETYPE_INFO2) {
                out.addAll(Asn1Tree.bind(
                        f[2].input(), f[2].bodyStart(), f[2].bodyLength(), "ETYPE-INFO2", EtypeInfo2::entries));
            }
        }
        return out;
    }

    /**
     * The checksum of the PA-REQ-ENC-PA-REP (RFC 6806 section 11, padata-type 149) in a SEQUENCE OF PA-DATA (an
     * EncKDCRepPart's encrypted-pa-data), or null when there is none; a second one is refused.
     */
    static org.jnegotiate.krb5.tokens.AuthenticatorPart.Checksum reqEncPaRep(DerElement sequenceOfPaData)
            throws NegotiateException {
        org.jnegotiate.krb5.tokens.AuthenticatorPart.Checksum found = null;
        for (DerElement pa : Asn1Tree.sequenceOf(sequenceOfPaData, "PA-DATA")) {
            DerElement[] f = Asn1Tree.fields(pa, 3, "PA-DATA");
            if (Asn1Tree.int32(f[1], "padata-type") != PA_REQ_ENC_PA_REP || f[2] == null) {
                continue;
            }
            if (found != null) {
                throw Asn1Tree.invalid("two PA-REQ-ENC-PA-REP in the encrypted-pa-data");
            }
            Asn1Tree.skipOctets(f[2], "padata-value");
            found = Asn1Tree.bind(
                    f[2].input(),
                    f[2].bodyStart(),
                    f[2].bodyLength(),
                    "PA-REQ-ENC-PA-REP",
                    org.jnegotiate.krb5.tokens.KrbTree::checksum);
        }
        return found;
    }

    /** ETYPE-INFO2 ::= SEQUENCE SIZE (1..MAX) OF ETYPE-INFO2-ENTRY (an empty one is read as empty). */
    private static List<Entry> entries(DerElement root) throws NegotiateException {
        List<Entry> out = new ArrayList<>();
        for (DerElement e : Asn1Tree.sequenceOf(root, "ETYPE-INFO2")) {
            DerElement[] f = Asn1Tree.fields(e, 3, "ETYPE-INFO2-ENTRY");
            int etype = Asn1Tree.int32(f[0], "ETYPE-INFO2 etype");
            Optional<String> salt =
                    f[1] == null ? Optional.empty() : Optional.of(Asn1Tree.generalString(f[1], "ETYPE-INFO2 salt"));
            byte[] params = f[2] == null ? null : Asn1Tree.octets(f[2], "ETYPE-INFO2 s2kparams");
            out.add(new Entry(etype, salt, params));
        }
        return out;
    }
}
