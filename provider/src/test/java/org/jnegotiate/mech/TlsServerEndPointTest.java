package org.jnegotiate.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 5929 {@code tls-server-end-point} against the JDK's own implementation (the one its LDAP client sends,
 * {@code sun.security.util.TlsChannelBinding}), over certificates keytool signed with SHA-1, SHA-256, SHA-384 and
 * SHA-512: the same application data, and the hash RFC 5929 section 4.1 names.
 */
class TlsServerEndPointTest {
    @ParameterizedTest
    @CsvSource({"SHA1withRSA, SHA-256", "SHA256withRSA, SHA-256", "SHA384withRSA, SHA-384", "SHA512withECDSA, SHA-512"})
    void bindings_sameAsJdk_hashOfSignatureAlgorithm(String sigAlg, String digest) throws Exception {
        X509Certificate cert = certificate(sigAlg);
        assertEquals(sigAlg, cert.getSigAlgName());
        ChannelBindings b = TlsServerEndPoint.bindings(cert);

        assertArrayEquals(jdkBinding(cert), b.applicationData());
        byte[] expected = MessageDigest.getInstance(digest).digest(cert.getEncoded());
        assertArrayEquals(expected, TlsServerEndPoint.hash(cert));
        assertEquals(ChannelBindings.AF_UNSPEC, b.initiatorAddressType());
    }

    @ParameterizedTest
    @CsvSource({
        "MD5withRSA, SHA-256",
        "SHA1withDSA, SHA-256",
        "SHA224withRSA, SHA-224",
        "SHA3-384withECDSA, SHA3-384",
        "SHA3-512withRSA, SHA3-512",
        "SHA384withECDSA, SHA-384",
        "Ed25519, SHA-256",
        "RSASSA-PSS, SHA-256",
        "SHA256withECDSA, SHA-256"
    })
    void digestOf_rfc5929Rules(String sigAlg, String digest) {
        assertEquals(digest, TlsServerEndPoint.digestOf(sigAlg));
    }

    @org.junit.jupiter.api.Test
    void notX509_certificateEncodingException() {
        Certificate other = new Certificate("PGP") {
            @Override
            public byte[] getEncoded() {
                return new byte[0];
            }

            @Override
            public void verify(java.security.PublicKey key) {}

            @Override
            public void verify(java.security.PublicKey key, String sigProvider) {}

            @Override
            public String toString() {
                return "PGP";
            }

            @Override
            public java.security.PublicKey getPublicKey() {
                return null;
            }
        };
        assertThrows(CertificateEncodingException.class, () -> TlsServerEndPoint.bindings(other));
    }

    private static byte[] jdkBinding(X509Certificate cert) throws Exception {
        Class<?> c = Class.forName("sun.security.util.TlsChannelBinding");
        Object binding = c.getMethod("create", X509Certificate.class).invoke(null, cert);
        return (byte[]) c.getMethod("getData").invoke(binding);
    }

    /** A certificate made once by keytool (self-signed, CN=tls.jnegotiate.test), kept under certificates/. */
    private static X509Certificate certificate(String sigAlg) throws Exception {
        try (InputStream in = TlsServerEndPointTest.class.getResourceAsStream("certificates/" + sigAlg + ".der")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
