package org.jnegotiate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.config.NegotiateConfigReader;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.http.NegotiateAuth;
import org.jnegotiate.http.NegotiateChallenge;
import org.jnegotiate.http.NegotiateExchange;
import org.jnegotiate.http.NegotiateHttpException;
import org.jnegotiate.http.jdk.NegotiateHttpClient;

/**
 * {@code jnegotiate probe URL}: one GET with HTTP Negotiate, shown the way {@code curl --negotiate -v} would: each
 * leg's status and headers, every token decoded on one line ({@link TokenPrinter}), then the mechanism, the fallback
 * reason, whether the server's final token was verified, the final status and the user. Runs on the same exchange
 * core and java.net.http adapter as applications ({@code jnegotiate-http}). Exit status 0 only when the server
 * authenticated the client (and, with {@code --require-mutual}, the client the server).
 */
final class ProbeCommand {
    static final String USAGE = "usage: jnegotiate probe [--user DOMAIN\\user|user@REALM [--password-file FILE]]"
            + " [--spn HTTP@host] [--canonical] [--mechanisms kerberos,ntlm|!ntlm] [--channel-bindings]"
            + " [--require-mutual] [--insecure] [--krb5-conf FILE] [--ccache FILE] [--ntlm-users FILE] URL";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final PrintStream out;
    private final Map<String, String> environment;

    ProbeCommand(PrintStream out, Map<String, String> environment) {
        this.out = out;
        this.environment = environment;
    }

    /** The options, parsed. */
    private static final class Options {
        URI uri;
        String user;
        Path passwordFile;
        String spn;
        boolean canonical;
        String mechanisms;
        boolean channelBindings;
        boolean requireMutual;
        boolean insecure;
        Path krb5Conf;
        Path ccache;
        Path ntlmUsers;
    }

    int run(String[] args) throws Main.UsageException, IOException, InterruptedException {
        Options o = parse(args);
        NegotiateAuth auth = auth(o);
        HttpClient.Builder http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
        if (o.insecure) {
            http.sslContext(trustingEverything());
        }
        NegotiateExchange exchange = auth.begin(o.uri);
        out.println("* GET " + o.uri + ", service " + exchange.servicePrincipal()
                + (o.channelBindings ? ", channel bindings on" : "") + (o.requireMutual ? ", mutual required" : ""));
        NegotiateHttpClient client = NegotiateHttpClient.of(http.build(), auth).withObserver(this::leg);
        HttpResponse<String> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(o.uri).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8),
                    exchange);
        } catch (NegotiateHttpException e) {
            summary(exchange, -1, Optional.empty());
            out.println("* FAILED: " + e.getMessage());
            return 1;
        }
        summary(exchange, response.statusCode(), response.headers().firstValue("X-Remote-User"));
        boolean authenticated = response.statusCode() < 400
                && (exchange.result() == NegotiateExchange.Result.AUTHENTICATED_VERIFIED
                        || exchange.result() == NegotiateExchange.Result.AUTHENTICATED_UNVERIFIED);
        out.println("* " + (authenticated ? "authenticated" : "NOT authenticated"));
        return authenticated ? 0 : 1;
    }

    private void leg(HttpRequest sent, HttpResponse<?> received) {
        out.println("> " + sent.method() + " " + sent.uri().getRawPath());
        sent.headers().firstValue("Authorization").ifPresent(a -> out.println("> Authorization: " + token(a)));
        out.println("< " + received.statusCode());
        received.headers().map().forEach((name, values) -> {
            for (String v : values) {
                out.println("< " + name + ": " + (name.equalsIgnoreCase("WWW-Authenticate") ? token(v) : v));
            }
        });
    }

    /** A Negotiate header value as its scheme, size and one-line description. */
    private static String token(String value) {
        NegotiateChallenge c = NegotiateChallenge.ofField(value);
        if (c instanceof NegotiateChallenge.WithToken w) {
            byte[] t = w.token();
            return "Negotiate [" + t.length + " bytes] " + oneLine(t);
        }
        return value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }

    /** {@link TokenPrinter}'s lines joined into one: {@code NegTokenResp > negState: ... > ...}. */
    static String oneLine(byte[] token) {
        List<String> parts = new ArrayList<>();
        for (String line : TokenPrinter.describe(token)) {
            parts.add(line.strip());
        }
        return String.join(" > ", parts);
    }

    private void summary(NegotiateExchange exchange, int status, Optional<String> remoteUser) {
        out.println("* mechanism: "
                + exchange.negotiatedPackage().map(p -> p.packageName()).orElse("none"));
        out.println("* fallback: "
                + exchange.fallbackReason()
                        .map(e -> "Kerberos dropped: " + e.getMessage())
                        .orElse(exchange.negotiatedPackage()
                                .map(p -> p.packageName().equals("NTLM")
                                        ? "Kerberos not offered (no Kerberos credentials), or the server chose NTLM"
                                        : "none")
                                .orElse("none")));
        String verdict;
        switch (exchange.result()) {
            case AUTHENTICATED_VERIFIED:
                verdict = "verified (the server authenticated itself)";
                break;
            case AUTHENTICATED_UNVERIFIED:
                verdict = "NOT verified: " + exchange.reason();
                break;
            case PENDING:
                verdict = "none (the server did not ask for Negotiate)";
                break;
            default:
                verdict = exchange.result().name().toLowerCase(Locale.ROOT) + ": " + exchange.reason();
        }
        out.println("* final token: " + verdict);
        if (status >= 0) {
            out.println("* status: " + status);
        }
        out.println("* user: " + exchange.clientName().orElse("(not established)")
                + remoteUser.map(u -> ", server says " + u).orElse(""));
    }

    private NegotiateAuth auth(Options o) throws Main.UsageException, IOException {
        NegotiateConfig.Builder config =
                NegotiateConfig.fromSystem().toBuilder().useSubjectCredsOnly(false);
        Map<String, String> env = new HashMap<>(environment);
        if (o.ccache != null) {
            env.put("KRB5CCNAME", "FILE:" + o.ccache);
        }
        config.environment(env);
        if (o.mechanisms != null) {
            config.mechanisms(NegotiateConfigReader.parseMechanisms(o.mechanisms));
        }
        if (o.krb5Conf != null) {
            config.krb5Conf(o.krb5Conf);
        }
        if (o.ntlmUsers != null) {
            config.ntlmUserFile(o.ntlmUsers);
        }
        NegotiateAuth.Builder b = NegotiateAuth.builder()
                .engine(Engine.create(config.build()))
                .spn(o.spn)
                .canonicalHostName(o.canonical)
                .channelBindings(o.channelBindings)
                .requireMutualAuth(o.requireMutual);
        if (o.user != null) {
            char[] password = password(o);
            String user = o.user;
            String domain = "";
            int backslash = user.indexOf('\\');
            if (backslash > 0) {
                domain = user.substring(0, backslash);
                user = user.substring(backslash + 1);
            }
            b.identity(user, domain, password);
            java.util.Arrays.fill(password, '\0');
        }
        return b.build();
    }

    private char[] password(Options o) throws Main.UsageException, IOException {
        if (o.passwordFile != null) {
            List<String> lines = Files.readAllLines(o.passwordFile, StandardCharsets.UTF_8);
            if (lines.isEmpty()) {
                throw new Main.UsageException(o.passwordFile + " is empty");
            }
            return lines.get(0).toCharArray();
        }
        String fromEnv = environment.get("JNEGOTIATE_PASSWORD");
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        if (System.console() == null) {
            throw new Main.UsageException(
                    "--user needs a password: --password-file, $JNEGOTIATE_PASSWORD or a terminal");
        }
        return System.console().readPassword("password for %s: ", o.user);
    }

    private static Options parse(String[] args) throws Main.UsageException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--user":
                    o.user = value(args, ++i, a);
                    break;
                case "--password-file":
                    o.passwordFile = Path.of(value(args, ++i, a));
                    break;
                case "--spn":
                    o.spn = value(args, ++i, a);
                    break;
                case "--canonical":
                    o.canonical = true;
                    break;
                case "--mechanisms":
                    o.mechanisms = value(args, ++i, a);
                    break;
                case "--channel-bindings":
                    o.channelBindings = true;
                    break;
                case "--require-mutual":
                    o.requireMutual = true;
                    break;
                case "--insecure":
                    o.insecure = true;
                    break;
                case "--krb5-conf":
                    o.krb5Conf = Path.of(value(args, ++i, a));
                    break;
                case "--ccache":
                    o.ccache = Path.of(value(args, ++i, a));
                    break;
                case "--ntlm-users":
                    o.ntlmUsers = Path.of(value(args, ++i, a));
                    break;
                default:
                    if (a.startsWith("-") || o.uri != null) {
                        throw new Main.UsageException("unexpected '" + a + "'\n" + USAGE);
                    }
                    o.uri = uri(a);
            }
        }
        if (o.uri == null) {
            throw new Main.UsageException(USAGE);
        }
        return o;
    }

    private static URI uri(String text) throws Main.UsageException {
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new Main.UsageException("not an http or https URL: " + text);
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new Main.UsageException("not a URL: " + text);
        }
    }

    private static String value(String[] args, int i, String option) throws Main.UsageException {
        if (i >= args.length) {
            throw new Main.UsageException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /** --insecure: any certificate is trusted (the name is still checked by the client against the URL's host). */
    private static SSLContext trustingEverything() {
        X509TrustManager all = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // a test server's self-signed certificate, by the user's choice
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // a test server's self-signed certificate, by the user's choice
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {all}, new SecureRandom());
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }
}
