package org.jnegotiate.mech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The {@code tls-server-end-point} channel binding of RFC 5929 section 4: application data
 * {@code "tls-server-end-point:" || H(server certificate DER)}, where H is the hash of the certificate's signature
 * algorithm, SHA-256 in place of MD5 and SHA-1 (and for algorithms without a separate hash, such as EdDSA, as
 * Windows does). No addresses (GSS_C_AF_UNSPEC): what Windows' HTTP.sys and IIS Extended Protection, and the JDK's
 * {@code jdk.https.negotiate.cbt}, compute. One implementation for both sides: the HTTP clients
 * ({@code jnegotiate-http}) bind to the certificate the server showed, the servlet filter to its own.
 */
public final class TlsServerEndPoint {
    private static final byte[] PREFIX = "tls-server-end-point:".getBytes(StandardCharsets.US_ASCII);

    private TlsServerEndPoint() {}

    /** The channel bindings of a TLS connection whose server presented {@code certificate} (the leaf). */
    public static ChannelBindings bindings(Certificate certificate) throws CertificateEncodingException {
        byte[] hash = hash(certificate);
        byte[] data = new byte[PREFIX.length + hash.length];
        System.arraycopy(PREFIX, 0, data, 0, PREFIX.length);
        System.arraycopy(hash, 0, data, PREFIX.length, hash.length);
        return ChannelBindings.ofApplicationData(data);
    }

    /** The bindings of the first certificate of a PEM or DER file (the server's own, first in a chain file). */
    public static ChannelBindings ofFile(Path certificateFile) throws IOException {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            return bindings(CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (CertificateException e) {
            throw new IOException("not a usable X.509 certificate: " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    /** The server's leaf certificate of a TLS session, null when there is no session or it showed none. */
    public static Certificate leafOf(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length == 0 ? null : chain[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The certificate's hash as RFC 5929 section 4.1 defines it. */
    public static byte[] hash(Certificate certificate) throws CertificateEncodingException {
        if (!(certificate instanceof X509Certificate x509)) {
            throw new CertificateEncodingException(
                    "tls-server-end-point needs an X.509 certificate, not " + certificate.getType());
        }
        String digest = digestOf(signatureAlgorithm(x509));
        try {
            return MessageDigest.getInstance(digest).digest(x509.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new CertificateEncodingException(
                    "no " + digest + " for the certificate's signature algorithm " + x509.getSigAlgName(), e);
        }
    }

    /** The signature algorithm's name, RSASSA-PSS resolved to the hash its parameters name ("SHA384withRSA"). */
    private static String signatureAlgorithm(X509Certificate certificate) throws CertificateEncodingException {
        String name = certificate.getSigAlgName();
        if (!name.equalsIgnoreCase("RSASSA-PSS") || certificate.getSigAlgParams() == null) {
            return name;
        }
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
            params.init(certificate.getSigAlgParams());
            String hash = params.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
            // "SHA-384" -> "SHA384", "SHA3-384" stays
            return (hash.startsWith("SHA3-") ? hash : hash.replace("-", "")) + "withRSA";
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateEncodingException(
                    "bad RSASSA-PSS parameters in the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The JCA digest for a signature algorithm name such as {@code SHA384withECDSA}: its hash; SHA-256 for MD5 and
     * SHA-1 (RFC 5929 section 4.1), and for names without a separate hash (Ed25519, an RSASSA-PSS without
     * parameters), which RFC 5929 leaves open and Windows hashes with SHA-256.
     */
    static String digestOf(String signatureAlgorithm) {
        String name = signatureAlgorithm.toUpperCase(Locale.ROOT);
        int with = name.indexOf("WITH");
        String hash = with > 0 ? name.substring(0, with) : "";
        return switch (hash) {
            case "SHA224" -> "SHA-224";
            case "SHA384" -> "SHA-384";
            case "SHA512" -> "SHA-512";
            case "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512" -> hash;
            default -> "SHA-256";
        };
    }
}
