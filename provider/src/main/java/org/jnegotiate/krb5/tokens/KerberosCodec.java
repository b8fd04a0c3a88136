package org.jnegotiate.krb5.tokens;

import org.apache.kerby.asn1.type.Asn1Type;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.KrbException;

/**
 * Encoding of the Kerberos messages this project sends, with Kerby's types. Nothing is decoded through Kerby: what
 * a peer or a KDC sends is read by the project's DER reader ({@link org.jnegotiate.asn1.Asn1Tree}), which is
 * bounded where Kerby's parser is not.
 */
public final class KerberosCodec {
    private KerberosCodec() {}

    /** Encodes a value built by this project; a failure here is a programming error. */
    public static byte[] encode(Asn1Type value) {
        try {
            return KrbCodec.encode(value);
        } catch (KrbException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
