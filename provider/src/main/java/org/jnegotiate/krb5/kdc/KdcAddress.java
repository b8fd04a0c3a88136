package org.jnegotiate.krb5.kdc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * A KDC's host and port, reached directly (UDP and TCP), or through an MS-KKDCP proxy ({@link #proxy()} present:
 * host and port are then the proxy's).
 */
public record KdcAddress(String host, int port, Optional<Proxy> proxy) {
    public static final int DEFAULT_PORT = 88;
    private static final int HTTPS_PORT = 443;

    /**
     * A KDC proxy (MS-KKDCP): Kerberos messages for {@code realm} are POSTed to {@code url} over HTTPS.
     *
     * @param anchors the realm's krb5.conf {@code http_anchors} ({@code FILE:ca.pem}, {@code DIR:certs}): the CAs
     *                trusted to certify the proxy; empty for the JVM's default trust store
     */
    public record Proxy(URI url, String realm, List<String> anchors) {
        public Proxy {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(realm, "realm");
            anchors = List.copyOf(anchors);
        }
    }

    public KdcAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(proxy, "proxy");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad KDC address " + host + ":" + port);
        }
    }

    /** A KDC reached directly. */
    public KdcAddress(String host, int port) {
        this(host, port, Optional.empty());
    }

    /** Whether the value of a krb5.conf {@code kdc} line names a KDC proxy ({@code https://...}), as MIT reads it. */
    public static boolean isProxyUrl(String text) {
        return text.strip().toLowerCase(Locale.ROOT).startsWith("https://");
    }

    /**
     * Parses a krb5.conf {@code kdc = https://host[:port]/path} line of {@code realm}.
     *
     * @throws NegotiateException INVALID_PARAMETER for a URL without a host, with user information, a query or a
     *                            fragment
     */
    public static KdcAddress proxy(String text, String realm, List<String> anchors) throws NegotiateException {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw bad(text);
        }
        if (!"https".equalsIgnoreCase(url.getScheme())
                || url.getHost() == null
                || url.getRawUserInfo() != null
                || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw bad(text);
        }
        String host = url.getHost().startsWith("[")
                ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        return new KdcAddress(
                host, url.getPort() < 0 ? HTTPS_PORT : url.getPort(), Optional.of(new Proxy(url, realm, anchors)));
    }

    /**
     * Parses a krb5.conf {@code kdc} value: {@code host}, {@code host:port}, {@code [v6]:port}, {@code v6addr},
     * optionally prefixed with {@code udp/}, {@code tcp/} (the prefix is ignored: both are tried).
     */
    public static KdcAddress parse(String text) throws NegotiateException {
        String t = text.strip();
        if (t.startsWith("tcp/") || t.startsWith("udp/")) {
            t = t.substring(4);
        }
        String host = t;
        int port = DEFAULT_PORT;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) {
                throw bad(text);
            }
            host = t.substring(1, end);
            String rest = t.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text);
                }
                port = port(rest.substring(1), text);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = port(t.substring(t.indexOf(':') + 1), text);
        }
        if (host.isEmpty() || host.contains(" ")) {
            throw bad(text);
        }
        return new KdcAddress(host, port);
    }

    private static int port(String s, String text) throws NegotiateException {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw bad(text);
            }
            return p;
        } catch (NumberFormatException e) {
            throw bad(text);
        }
    }

    private static NegotiateException bad(String text) {
        return new NegotiateException(Failure.INVALID_PARAMETER, "malformed KDC address in krb5.conf: '" + text + "'");
    }

    @Override
    public String toString() {
        if (proxy.isPresent()) {
            return proxy.get().url().toString();
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
