package org.jnegotiate.krb5.kdc;

import java.util.Objects;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** A KDC's host and port. */
public record KdcAddress(String host, int port) {
    public static final int DEFAULT_PORT = 88;

    public KdcAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad KDC address " + host + ":" + port);
        }
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
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
