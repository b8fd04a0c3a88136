package org.jnegotiate.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code jnegotiate demo | decode | probe}: the command-line front of JNegotiate. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command as the command line would, with its output on {@code out} and errors on {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            usage(err);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "demo":
                    return new DemoCommand(out).run(rest);
                case "decode":
                    return new DecodeCommand(out, System.in).run(rest);
                case "probe":
                    return new ProbeCommand(out, System.getenv()).run(rest);
                case "-h":
                case "--help":
                case "help":
                    usage(out);
                    return 0;
                default:
                    err.println("jnegotiate: unknown command '" + args[0] + "'");
                    usage(err);
                    return 2;
            }
        } catch (UsageException e) {
            err.println("jnegotiate " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("jnegotiate " + args[0] + " failed: " + e);
            return 1;
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: jnegotiate <command> [options]");
        out.println("  demo            start an embedded KDC and run full handshakes through org.ietf.jgss");
        out.println("  decode TOKEN    describe a SPNEGO, Kerberos or NTLM token (base64, hex, HTTP header value,");
        out.println("                  @file, or - for standard input)");
        out.println(
                "  probe URL       GET URL with HTTP Negotiate and show every leg, token, the mechanism, whether the");
        out.println("                  server's final token verified, the status and the user (exit 0: authenticated)");
    }

    /** A command-line mistake: printed without a stack trace, exit status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
