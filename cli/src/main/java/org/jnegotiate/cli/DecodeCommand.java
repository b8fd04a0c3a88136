package org.jnegotiate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code jnegotiate decode TOKEN}: pretty-prints a SPNEGO, Kerberos or NTLM token. TOKEN is base64, hex, an
 * HTTP header value ({@code Negotiate <base64>}, {@code Authorization: NTLM <base64>}), {@code @file} for a
 * binary file, or {@code -} to read the text from standard input.
 */
final class DecodeCommand {
    private final PrintStream out;
    private final InputStream in;

    DecodeCommand(PrintStream out, InputStream in) {
        this.out = out;
        this.in = in;
    }

    int run(String[] args) throws Main.UsageException, IOException {
        if (args.length != 1) {
            throw new Main.UsageException("usage: jnegotiate decode <base64 | hex | 'Negotiate <base64>' | @file | ->");
        }
        byte[] token = read(args[0]);
        TokenPrinter.describe(token).forEach(out::println);
        return 0;
    }

    private byte[] read(String arg) throws Main.UsageException, IOException {
        if (arg.startsWith("@")) {
            Path p = Path.of(arg.substring(1));
            if (!Files.isRegularFile(p)) {
                throw new Main.UsageException("no such file: " + p);
            }
            if (Files.size(p) > 1 << 20) {
                throw new Main.UsageException(p + " is larger than 1 MiB: not a token");
            }
            return Files.readAllBytes(p);
        }
        String text = arg.equals("-") ? new String(in.readNBytes(4 << 20), StandardCharsets.US_ASCII) : arg;
        return parseText(text);
    }

    static byte[] parseText(String raw) throws Main.UsageException {
        String text = raw.trim();
        int colon = text.indexOf(':');
        if (colon > 0
                && text.substring(0, colon)
                        .toLowerCase(Locale.ROOT)
                        .matches("(www-|proxy-)?authenticate|authorization|proxy-authorization")) {
            text = text.substring(colon + 1).trim();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("negotiate ") || lower.startsWith("ntlm ") || lower.startsWith("kerberos ")) {
            text = text.substring(text.indexOf(' ') + 1).trim();
        }
        text = text.replaceAll("\\s+", "");
        if (text.isEmpty()) {
            throw new Main.UsageException("empty token");
        }
        if (text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
            return HexFormat.of().parseHex(text);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("the token is neither hex nor base64: " + e.getMessage());
        }
    }
}
