package org.jnegotiate.krb5.tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.mech.NegotiateException;

/**
 * One element of AuthorizationData (RFC 4120 section 5.2.6): {@code SEQUENCE { ad-type [0] Int32, ad-data [1]
 * OCTET STRING }}. The ticket's are kept as they came, for the application (GSS {@code KRB5_GET_AUTHZ_DATA}) and
 * for the PAC (AD-WIN2K-PAC inside AD-IF-RELEVANT).
 */
public record AuthorizationDataEntry(int type, byte[] data) {
    /** AD-IF-RELEVANT: ad-data is itself a DER AuthorizationData. */
    public static final int AD_IF_RELEVANT = 1;
    /** AD-WIN2K-PAC (MS-PAC): ad-data is a PAC. */
    public static final int AD_WIN2K_PAC = 128;

    public AuthorizationDataEntry {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** AuthorizationData ::= SEQUENCE OF SEQUENCE { ad-type [0] Int32, ad-data [1] OCTET STRING }. */
    static List<AuthorizationDataEntry> decode(DerElement item, String what) throws NegotiateException {
        List<AuthorizationDataEntry> entries = new ArrayList<>();
        for (DerElement element : Asn1Tree.sequenceOf(item, what)) {
            DerElement[] f = Asn1Tree.fields(element, 2, what);
            entries.add(new AuthorizationDataEntry(
                    Asn1Tree.int32(f[0], what + " ad-type"), Asn1Tree.octets(f[1], what + " ad-data")));
        }
        return List.copyOf(entries);
    }

    /** The elements of a DER AuthorizationData (the ad-data of AD-IF-RELEVANT). */
    public static List<AuthorizationDataEntry> decode(byte[] der, String what) throws NegotiateException {
        return Asn1Tree.bind(der, what, root -> decode(root, what));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthorizationDataEntry e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthorizationDataEntry[type " + type + ", " + data.length + " bytes]";
    }
}
