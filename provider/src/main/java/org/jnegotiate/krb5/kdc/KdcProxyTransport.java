package org.jnegotiate.krb5.kdc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jnegotiate.mech.NegotiateException;

/**
 * Kerberos over HTTPS through a KDC proxy (MS-KKDCP), as MIT's library sends it for a {@code kdc = https://...}
 * line: one POST of a {@link KdcProxyMessage} ({@code Content-Type: application/kerberos}) per request, the reply a
 * KDC-PROXY-MESSAGE around the KDC's answer.
 *
 * <p>The proxy is authenticated as any HTTPS server: its certificate must chain to a trusted CA and name the host
 * of the URL (the JDK's hostname check, which is never switched off here). The CAs are the realm's
 * {@code http_anchors} when krb5.conf names any ({@code FILE:} a PEM file of certificates, {@code DIR:} a directory
 * of them), else the JVM's default trust store ({@code javax.net.ssl.trustStore}, else {@code cacerts}). No
 * redirect is followed. The reply body is bounded by {@code maxReplySize} before it is read: a larger
 * {@code Content-Length} is refused unread, and an unannounced body is read only up to the bound.
 */
final class KdcProxyTransport {
    private static final System.Logger LOG = System.getLogger(KdcProxyTransport.class.getName());
    private static final String CONTENT_TYPE = "application/kerberos";

    private final int maxReplySize;
    /** The trust of each http_anchors list, built once (reading and parsing certificates per request is waste). */
    private final Map<List<String>, SSLSocketFactory> factories = new ConcurrentHashMap<>();

    KdcProxyTransport(int maxReplySize) {
        this.maxReplySize = maxReplySize;
    }

    /** Sends {@code request} (an unframed KDC-REQ) through the proxy; the KDC's reply, unframed. */
    byte[] exchange(KdcAddress.Proxy proxy, byte[] request, Duration timeout) throws IOException {
        byte[] body = KdcProxyMessage.encode(request, proxy.realm());
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        URLConnection opened = proxy.url().toURL().openConnection();
        if (!(opened instanceof HttpsURLConnection https)) {
            throw new IOException("not an HTTPS URL: " + proxy.url());
        }
        if (!proxy.anchors().isEmpty()) {
            https.setSSLSocketFactory(socketFactory(proxy.anchors()));
        }
        try {
            https.setConnectTimeout(millis);
            https.setReadTimeout(millis);
            https.setInstanceFollowRedirects(false);
            https.setUseCaches(false);
            https.setDoOutput(true);
            https.setRequestMethod("POST");
            https.setRequestProperty("Content-Type", CONTENT_TYPE);
            https.setRequestProperty("Accept", CONTENT_TYPE);
            https.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = https.getOutputStream()) {
                out.write(body);
            }
            int status = https.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("KDC proxy " + proxy.url() + " answered HTTP " + status
                        + (https.getResponseMessage() == null ? "" : " " + https.getResponseMessage()));
            }
            long announced = https.getContentLengthLong();
            if (announced > maxReplySize) {
                throw new IOException("KDC proxy " + proxy.url() + " announces a " + announced
                        + "-byte reply, more than the " + maxReplySize + "-byte limit");
            }
            byte[] reply;
            try (InputStream in = https.getInputStream()) {
                reply = readBounded(in, proxy);
            }
            try {
                return KdcProxyMessage.decodeReply(reply);
            } catch (NegotiateException e) {
                throw new IOException("KDC proxy " + proxy.url() + " sent " + e.getMessage(), e);
            }
        } finally {
            https.disconnect();
        }
    }

    private byte[] readBounded(InputStream in, KdcAddress.Proxy proxy) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf, 0, Math.min(buf.length, maxReplySize + 1 - out.size()))) > 0) {
            out.write(buf, 0, n);
            if (out.size() > maxReplySize) {
                throw new IOException(
                        "KDC proxy " + proxy.url() + " sent more than the " + maxReplySize + "-byte limit");
            }
        }
        return out.toByteArray();
    }

    private SSLSocketFactory socketFactory(List<String> anchors) throws IOException {
        SSLSocketFactory known = factories.get(anchors);
        if (known != null) {
            return known;
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate ca : anchorCertificates(anchors)) {
                trusted.setCertificateEntry("anchor-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            LOG.log(System.Logger.Level.DEBUG, "KDC proxy trust: {0} certificates of http_anchors {1}", i, anchors);
            SSLSocketFactory made = tls.getSocketFactory();
            factories.putIfAbsent(anchors, made);
            return made;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use http_anchors " + anchors + ": " + e.getMessage(), e);
        }
    }

    /** The certificates of {@code FILE:path} and {@code DIR:path} anchors (MIT's forms; ENV: is not supported). */
    static List<Certificate> anchorCertificates(List<String> anchors) throws IOException, GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<Certificate> out = new ArrayList<>();
        for (String anchor : anchors) {
            List<Path> files = new ArrayList<>();
            if (anchor.startsWith("FILE:")) {
                files.add(Path.of(anchor.substring(5)));
            } else if (anchor.startsWith("DIR:")) {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(anchor.substring(4)))) {
                    dir.forEach(p -> {
                        if (Files.isRegularFile(p)) {
                            files.add(p);
                        }
                    });
                }
                files.sort(null);
            } else {
                throw new IOException("http_anchors entry '" + anchor + "' is neither FILE:path nor DIR:path");
            }
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    out.addAll(x509.generateCertificates(in));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("http_anchors " + anchors + " hold no certificate");
        }
        return out;
    }
}
