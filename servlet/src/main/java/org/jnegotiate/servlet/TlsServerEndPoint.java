package org.jnegotiate.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import org.jnegotiate.mech.ChannelBindings;

/**
 * The {@code tls-server-end-point} channel binding (RFC 5929 section 4) of a server certificate: application data
 * {@code "tls-server-end-point:" || H(certificate DER)}, where H is the hash of the certificate's signature algorithm,
 * SHA-256 in place of MD5 and SHA-1. The addresses are absent (GSS_C_AF_UNSPEC), as Windows and the JDK's HTTP client
 * send them.
 */
public final class TlsServerEndPoint {
    private static final byte[] PREFIX = "tls-server-end-point:".getBytes(StandardCharsets.US_ASCII);

    private TlsServerEndPoint() {
    }

    /** The bindings of {@code certificate}. */
    public static ChannelBindings of(X509Certificate certificate) {
        try {
            byte[] hash = MessageDigest.getInstance(hashOf(certificate)).digest(certificate.getEncoded());
            byte[] data = new byte[PREFIX.length + hash.length];
            System.arraycopy(PREFIX, 0, data, 0, PREFIX.length);
            System.arraycopy(hash, 0, data, PREFIX.length, hash.length);
            return ChannelBindings.ofApplicationData(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot hash the server certificate " + certificate.getSubjectX500Principal()
                    + " for tls-server-end-point: " + e.getMessage(), e);
        }
    }

    /** The bindings of the first certificate of a PEM or DER file (the server's own, first in a chain file). */
    public static ChannelBindings ofFile(Path certificateFile) throws IOException {
        try (InputStream in = Files.newInputStream(certificateFile)) {
            return of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (CertificateException e) {
            throw new IOException("not an X.509 certificate: " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    /** RFC 5929 section 4.1: the signature's hash, MD5 and SHA-1 replaced by SHA-256. */
    static String hashOf(X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        if (algorithm.equals("RSASSA-PSS")) {
            AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
            try {
                params.init(certificate.getSigAlgParams());
            } catch (IOException e) {
                throw new GeneralSecurityException("bad RSASSA-PSS parameters: " + e.getMessage(), e);
            }
            algorithm = params.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm().toUpperCase(Locale.ROOT)
                    .replace("-", "");
        }
        if (algorithm.startsWith("SHA384") || algorithm.startsWith("SHA3-384")) {
            return algorithm.startsWith("SHA3-") ? "SHA3-384" : "SHA-384";
        }
        if (algorithm.startsWith("SHA512") || algorithm.startsWith("SHA3-512")) {
            return algorithm.startsWith("SHA3-") ? "SHA3-512" : "SHA-512";
        }
        if (algorithm.startsWith("SHA224")) {
            return "SHA-224";
        }
        if (algorithm.startsWith("SHA3-256")) {
            return "SHA3-256";
        }
        // SHA-256 itself, MD5 and SHA-1 by the RFC's rule, and what it leaves open (EdDSA): SHA-256, as Windows does
        return "SHA-256";
    }
}
