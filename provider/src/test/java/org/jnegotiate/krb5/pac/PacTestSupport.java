package org.jnegotiate.krb5.pac;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import org.jnegotiate.krb5.tokens.KerberosCodec;
import org.jnegotiate.mech.NegotiateException;

/** The Samba sample PAC and what tests do with it: re-sign it, wrap it as a KDC does, find its buffers. */
public final class PacTestSupport {
    private PacTestSupport() {}

    /** A PAC a Samba 4.17 AD DC issued for user {@code tampuser} (see {@code PacTest} for its facts). */
    public static byte[] sample() throws IOException {
        try (InputStream in = PacTestSupport.class.getResourceAsStream("samba-4.17-tampuser.pac")) {
            return in.readAllBytes();
        }
    }

    /** {@code pac} with its server signature computed again with {@code key} (both signatures zeroed first). */
    public static byte[] resign(byte[] pac, Krb5Cipher key) throws NegotiateException {
        Pac decoded = Pac.decode(pac);
        PacSignature server = decoded.serverSignature().orElseThrow();
        byte[] zeroed = decoded.withSignaturesZeroed();
        byte[] signature = key.checksum(PacVerifier.SIGNATURE_USAGE, zeroed, 0, zeroed.length);
        byte[] out = pac.clone();
        System.arraycopy(signature, 0, out, server.offset(), signature.length);
        return out;
    }

    /** AD-IF-RELEVANT { AD-WIN2K-PAC pac }, as a KDC puts a PAC into a ticket. */
    public static AuthorizationDataEntry ifRelevant(byte[] pac) {
        org.apache.kerby.kerberos.kerb.type.ad.AuthorizationData ad =
                new org.apache.kerby.kerberos.kerb.type.ad.AuthorizationData();
        ad.add(new org.apache.kerby.kerberos.kerb.type.ad.AuthorizationDataEntry(
                org.apache.kerby.kerberos.kerb.type.ad.AuthorizationType.AD_WIN2K_PAC, pac));
        return new AuthorizationDataEntry(AuthorizationDataEntry.AD_IF_RELEVANT, KerberosCodec.encode(ad));
    }

    /** The Offset of the first buffer of {@code type} (PACTYPE, MS-PAC 2.3). */
    public static int bufferOffset(byte[] pac, int type) {
        ByteBuffer b = ByteBuffer.wrap(pac).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < b.getInt(0); i++) {
            if (b.getInt(8 + 16 * i) == type) {
                return (int) b.getLong(8 + 16 * i + 8);
            }
        }
        throw new AssertionError("no PAC buffer of type " + type);
    }
}
