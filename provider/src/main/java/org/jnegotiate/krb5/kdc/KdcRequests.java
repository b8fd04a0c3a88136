package org.jnegotiate.krb5.kdc;

import java.util.ArrayList;
import java.util.List;
import org.jnegotiate.krb5.crypto.EncryptionType;

/** Conversions between the project's enctypes and Kerby's ASN.1 enum. */
final class KdcRequests {
    private KdcRequests() {
    }

    /**
     * Whether Kerby's ASN.1 types can carry this enctype number. Kerby 2.1.1's EncryptionType enum lacks
     * the RFC 8009 enctypes (19, 20), so they cannot be listed in a request built with Kerby's types.
     */
    static boolean encodable(EncryptionType t) {
        org.apache.kerby.kerberos.kerb.type.base.EncryptionType k =
                org.apache.kerby.kerberos.kerb.type.base.EncryptionType.fromValue(t.id());
        return k != null && k.getValue() == t.id();
    }

    static org.apache.kerby.kerberos.kerb.type.base.EncryptionType kerbyEtype(EncryptionType t) {
        return org.apache.kerby.kerberos.kerb.type.base.EncryptionType.fromValue(t.id());
    }

    static List<org.apache.kerby.kerberos.kerb.type.base.EncryptionType> kerbyEtypes(List<EncryptionType> list) {
        List<org.apache.kerby.kerberos.kerb.type.base.EncryptionType> out = new ArrayList<>();
        for (EncryptionType t : list) {
            if (encodable(t)) {
                out.add(kerbyEtype(t));
            }
        }
        return out;
    }
}
