package org.jnegotiate.ntlm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SecretBytes;

/**
 * NTLM users of a Windows domain, validated by the domain controller through Samba's winbind on a domain-joined
 * host: {@code ntlm_auth --helper-protocol=ntlm-server-1} is given the server challenge and the client's NTLMv2
 * response, asks a DC over NETLOGON (the DC holds the password hashes; this host never sees them) and answers with
 * the user session key, which for NTLMv2 is the SessionBaseKey: so signing, sealing and the MIC work as with the
 * users file.
 *
 * <p>One helper process per logon, with a time limit; its output is read line by line and bounded. Hex and
 * {@code key: value} lines only: a user or domain name holding a line break is refused before the helper sees it.
 *
 * <p>Use it by giving it to the NTLM mechanism: {@code new NtlmMechanism(config, new WinbindNtlmUserDatabase(),
 * null, new SecureRandom(), Clock.systemUTC())}, and that mechanism to {@code Engine.of}.
 */
public final class WinbindNtlmUserDatabase implements NtlmUserDatabase {
    /** What runs by default: winbind's helper from PATH. */
    public static final List<String> DEFAULT_COMMAND = List.of("ntlm_auth", "--helper-protocol=ntlm-server-1");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_LINES = 64;
    private static final int MAX_LINE = 4096;

    private final List<String> command;

    /** {@link #DEFAULT_COMMAND}. */
    public WinbindNtlmUserDatabase() {
        this(DEFAULT_COMMAND);
    }

    /** {@code command} speaks ntlm-server-1 on its standard input and output (e.g. with {@code --configfile=}). */
    public WinbindNtlmUserDatabase(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** No hashes here: the domain controller has them. */
    @Override
    public Optional<SecretBytes> ntHash(String domain, String user) {
        return Optional.empty();
    }

    @Override
    public byte[] verifyNtlmv2(Ntlmv2Logon logon) throws NegotiateException {
        for (String field : new String[] {logon.domain(), logon.user()}) {
            if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                throw new NegotiateException(Failure.LOGON_DENIED, "an NTLM user or domain name with a line break");
            }
        }
        HexFormat hex = HexFormat.of();
        String request = "LANMAN-Challenge: " + hex.formatHex(logon.serverChallenge()) + "\n"
                + "NT-Response: " + hex.formatHex(logon.ntChallengeResponse()) + "\n"
                + "Username: " + logon.user() + "\n"
                + "NT-Domain: " + logon.domain() + "\n"
                + "Request-User-Session-Key: Yes\n"
                + ".\n";
        List<String> answer = ask(request);
        String authenticated = value(answer, "Authenticated");
        if (!"Yes".equalsIgnoreCase(authenticated)) {
            String error =
                    Optional.ofNullable(value(answer, "Authentication-Error")).orElse(String.join("; ", answer));
            throw new NegotiateException(
                    Failure.LOGON_DENIED, "the domain refused the NTLM logon of " + logon.who() + ": " + error);
        }
        String key = value(answer, "User-Session-Key");
        if (key == null || key.length() != 32) {
            throw new NegotiateException(
                    Failure.INTERNAL_ERROR,
                    "winbind authenticated " + logon.who() + " without a 16-byte user session key: " + answer);
        }
        try {
            return hex.parseHex(key);
        } catch (IllegalArgumentException e) {
            throw new NegotiateException(Failure.INTERNAL_ERROR, "winbind's user session key is not hex", e);
        }
    }

    private List<String> ask(String request) throws NegotiateException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY,
                    "cannot run " + command + " (winbind's ntlm_auth, package winbind): " + e.getMessage(),
                    e);
        }
        // a helper that hangs is killed: the read below then ends
        java.util.concurrent.CompletableFuture.delayedExecutor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .execute(process::destroyForcibly);
        try (OutputStream in = process.getOutputStream();
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(request.getBytes(StandardCharsets.UTF_8));
            in.flush();
            return reply(out);
        } catch (IOException e) {
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY, "talking to " + command.get(0) + ": " + e.getMessage(), e);
        } finally {
            end(process);
        }
    }

    /** The helper's answer up to its "." line, bounded in lines and length. */
    private List<String> reply(BufferedReader out) throws IOException, NegotiateException {
        List<String> lines = new java.util.ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals(".")) {
            if (lines.size() == MAX_LINES || line.length() > MAX_LINE) {
                throw new NegotiateException(
                        Failure.NO_AUTHENTICATING_AUTHORITY,
                        command.get(0) + " answered more than an ntlm-server-1 reply");
            }
            lines.add(line);
        }
        if (line == null) {
            throw new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY,
                    command.get(0) + " ended without an answer (is winbindd running and the host joined?): " + lines);
        }
        return lines;
    }

    /** One helper per logon: it is stopped, and killed if it does not stop within two seconds. */
    private static void end(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The value of {@code key: value} among the lines, or null. */
    private static String value(List<String> lines, String key) {
        String prefix = key + ": ";
        for (String line : lines) {
            if (line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return line.substring(prefix.length()).trim();
            }
        }
        return null;
    }
}
