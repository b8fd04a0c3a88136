package org.jnegotiate.conformance.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An unmodified client application, run in a child JVM: GETs a URL with the JDK's
 * {@link HttpURLConnection}, which answers {@code WWW-Authenticate: Negotiate} through
 * {@code GSSManager.getInstance()} on its own. Nothing here names JNegotiate: whatever provider the
 * JVM flags put first serves the GSS context.
 *
 * <p>Prints {@code status=N}, {@code x-remote-user=...} and {@code body=...} on stdout.
 */
public final class HttpUrlConnectionClient {

    private HttpUrlConnectionClient() {}

    public static void main(String[] args) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(args[0]).toURL().openConnection(Proxy.NO_PROXY);
        int status = connection.getResponseCode();
        System.out.println("status=" + status);
        System.out.println("x-remote-user=" + connection.getHeaderField("X-Remote-User"));
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            System.out.println("body=" + text.strip());
        }
    }
}
