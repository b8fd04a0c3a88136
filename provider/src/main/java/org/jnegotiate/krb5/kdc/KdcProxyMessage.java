package org.jnegotiate.krb5.kdc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.mech.NegotiateException;

/**
 * The MS-KKDCP message (section 2.2.2) that carries a Kerberos message over HTTPS:
 * <pre>
 * KDC-PROXY-MESSAGE ::= SEQUENCE {
 *     kerb-message   [0] OCTET STRING,       -- the message with its RFC 4120 7.2.2 four-byte length prefix
 *     target-domain  [1] KERB-REALM OPTIONAL, -- the realm whose KDC should receive it
 *     dclocator-hint [2] INTEGER OPTIONAL }
 * </pre>
 * The client sends the target domain (a proxy such as python-kdcproxy needs it to find the KDC) and no hint. The
 * proxy's reply is read by the project's DER reader and must carry exactly one length-prefixed message.
 */
final class KdcProxyMessage {
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int GENERAL_STRING = 0x1B;
    private static final int CONTEXT_0 = 0xA0;
    private static final int CONTEXT_1 = 0xA1;

    private KdcProxyMessage() {}

    /** The KDC-PROXY-MESSAGE for {@code kdcRequest} (unframed DER) to {@code realm}. */
    static byte[] encode(byte[] kdcRequest, String realm) {
        byte[] framed = new byte[4 + kdcRequest.length];
        framed[0] = (byte) (kdcRequest.length >>> 24);
        framed[1] = (byte) (kdcRequest.length >>> 16);
        framed[2] = (byte) (kdcRequest.length >>> 8);
        framed[3] = (byte) kdcRequest.length;
        System.arraycopy(kdcRequest, 0, framed, 4, kdcRequest.length);
        byte[] message = tlv(CONTEXT_0, tlv(OCTET_STRING, framed));
        byte[] domain = tlv(CONTEXT_1, tlv(GENERAL_STRING, realm.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream body = new ByteArrayOutputStream(message.length + domain.length);
        body.writeBytes(message);
        body.writeBytes(domain);
        return tlv(SEQUENCE, body.toByteArray());
    }

    /**
     * The Kerberos message (unframed) inside a proxy's reply.
     *
     * @throws NegotiateException INVALID_TOKEN when the reply is not one DER KDC-PROXY-MESSAGE, or its kerb-message
     *                            is not exactly a four-byte length and that many bytes
     */
    static byte[] decodeReply(byte[] reply) throws NegotiateException {
        return Asn1Tree.bind(reply, "KDC-PROXY-MESSAGE", root -> {
            DerElement[] f = Asn1Tree.fields(root, 3, "KDC-PROXY-MESSAGE");
            byte[] framed = Asn1Tree.octets(Asn1Tree.required(f[0], "kerb-message"), "kerb-message");
            if (f[1] != null) {
                Asn1Tree.generalString(f[1], "target-domain");
            }
            if (f[2] != null) {
                Asn1Tree.integer(f[2], "dclocator-hint");
            }
            if (framed.length < 4) {
                throw Asn1Tree.invalid("malformed KDC-PROXY-MESSAGE: a kerb-message of " + framed.length
                        + " bytes has no length prefix");
            }
            long length = ((framed[0] & 0xFFL) << 24)
                    | ((framed[1] & 0xFF) << 16)
                    | ((framed[2] & 0xFF) << 8)
                    | (framed[3] & 0xFF);
            if (length != framed.length - 4L || length == 0) {
                throw Asn1Tree.invalid("malformed KDC-PROXY-MESSAGE: the kerb-message announces " + length
                        + " bytes and holds " + (framed.length - 4));
            }
            return Arrays.copyOfRange(framed, 4, framed.length);
        });
    }

    /** A DER element: identifier, definite length in its shortest form, contents. */
    private static byte[] tlv(int identifier, byte[] contents) {
        int n = contents.length;
        int lengthOctets = n < 0x80 ? 0 : n <= 0xFF ? 1 : n <= 0xFFFF ? 2 : n <= 0xFFFFFF ? 3 : 4;
        byte[] out = new byte[2 + lengthOctets + n];
        out[0] = (byte) identifier;
        if (lengthOctets == 0) {
            out[1] = (byte) n;
        } else {
            out[1] = (byte) (0x80 | lengthOctets);
            for (int i = 0; i < lengthOctets; i++) {
                out[2 + i] = (byte) (n >>> (8 * (lengthOctets - 1 - i)));
            }
        }
        System.arraycopy(contents, 0, out, 2 + lengthOctets, n);
        return out;
    }
}
