package org.jnegotiate.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import org.jnegotiate.mech.ChannelBindings;

/**
 * The {@code tls-server-end-point} channel binding of RFC 5929 section 4: the hash of the server's certificate, with
 * the hash function of the certificate's signature algorithm, except that MD5 and SHA-1 are replaced by SHA-256. The
 * GSS-API channel bindings carry {@code "tls-server-end-point:"} followed by that hash as application data, with no
 * addresses (what Windows' HTTP.sys and IIS Extended Protection, and the JDK's {@code jdk.https.negotiate.cbt},
 * compute).
 */
public final class TlsServerEndPoint {
    private static final byte[] PREFIX = "tls-server-end-point:".getBytes(StandardCharsets.US_ASCII);

    private TlsServerEndPoint() {
    }

    /** The channel bindings of a TLS connection whose server presented {@code certificate} (the leaf). */
    public static ChannelBindings bindings(Certificate certificate) throws CertificateEncodingException {
        byte[] hash = hash(certificate);
        byte[] data = new byte[PREFIX.length + hash.length];
        System.arraycopy(PREFIX, 0, data, 0, PREFIX.length);
        System.arraycopy(hash, 0, data, PREFIX.length, hash.length);
        return ChannelBindings.ofApplicationData(data);
    }

    /** The server's leaf certificate of a TLS session, null when there is no session or it showed none. */
    public static Certificate leafOf(javax.net.ssl.SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : chain[0];
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The certificate's hash as RFC 5929 section 4.1 defines it. */
    public static byte[] hash(Certificate certificate) throws CertificateEncodingException {
        if (!(certificate instanceof X509Certificate x509)) {
            throw new CertificateEncodingException("tls-server-end-point needs an X.509 certificate, not "
                    + certificate.getType());
        }
        try {
            return MessageDigest.getInstance(digestOf(x509.getSigAlgName())).digest(x509.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateEncodingException("no hash for the certificate's signature algorithm "
                    + x509.getSigAlgName(), e);
        }
    }

    /**
     * The JCA digest for a signature algorithm name such as {@code SHA384withECDSA}: its hash, SHA-256 for MD5 and
     * SHA-1, and SHA-256 for algorithms without a separate hash (Ed25519, RSASSA-PSS whose parameters name it are
     * read as SHA-256 too: RFC 5929 leaves them open, and Windows uses SHA-256).
     */
    static String digestOf(String sigAlgName) {
        String name = sigAlgName.toUpperCase(Locale.ROOT);
        int with = name.indexOf("WITH");
        String hash = with > 0 ? name.substring(0, with) : "";
        switch (hash) {
            case "SHA384":
            case "SHA3-384":
                return hash.equals("SHA384") ? "SHA-384" : "SHA3-384";
            case "SHA512":
                return "SHA-512";
            case "SHA3-256":
                return "SHA3-256";
            case "SHA3-512":
                return "SHA3-512";
            default:
                return "SHA-256";
        }
    }
}
