package org.jnegotiate.conformance.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jnegotiate.conformance.fixtures.JavaChild;

/**
 * A running {@link NegotiateHttpServer} child JVM: its port, the provider it put first and its
 * stderr (the provider's debug log) so far. Closing it closes the child's stdin, which ends it.
 */
final class NegotiateHttpServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** How long a line the child wrote may take to reach {@link #drainStderr}'s thread. */
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);

    private final Process process;
    private final StringBuffer stderr = new StringBuffer();
    private final int port;
    private final String firstProvider;

    private NegotiateHttpServerProcess(Process process) {
        this.process = process;
        Thread drain = new Thread(this::drainStderr, "server-stderr");
        drain.setDaemon(true);
        drain.start();
        BufferedReader stdout =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String[]> announced = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return new String[] {stdout.readLine(), stdout.readLine()};
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                runnable -> new Thread(runnable, "server-stdout").start());
        String[] lines;
        try {
            lines = announced.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "the server did not announce its port within " + START_TIMEOUT + ":\n" + stderr, e);
        }
        if (lines[1] == null || !lines[0].startsWith("first-provider=") || !lines[1].startsWith("port=")) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start: " + lines[0] + " / " + lines[1] + "\n" + stderr);
        }
        this.firstProvider = lines[0].substring("first-provider=".length());
        this.port = Integer.parseInt(lines[1].substring("port=".length()));
    }

    /** Starts the server for {@code principal} with its {@code keytab}, configured by {@code child}. */
    static NegotiateHttpServerProcess start(JavaChild child, String principal, String keytab) {
        return new NegotiateHttpServerProcess(child.args(principal, keytab).start());
    }

    private void drainStderr() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                stderr.append(line).append('\n');
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    int port() {
        return port;
    }

    String firstProvider() {
        return firstProvider;
    }

    /** Everything the server printed on stderr so far. */
    String log() {
        return stderr.toString();
    }

    /** Where the log is now: {@link #awaitLog} reads what the server printed after it. */
    int logMark() {
        return stderr.length();
    }

    /**
     * What the server printed after {@code mark}, once it contains every one of {@code expected} (or after
     * {@link #LOG_WAIT}: the caller's assertion then fails with it). The server logs before it answers, but this JVM
     * reads the child's stderr on another thread, so a line may still be on its way when the response is in.
     */
    String awaitLog(int mark, String... expected) {
        long deadline = System.nanoTime() + LOG_WAIT.toNanos();
        String since = stderr.substring(mark);
        while (!containsAll(since, expected) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            since = stderr.substring(mark);
        }
        return since;
    }

    private static boolean containsAll(String log, String... expected) {
        for (String line : expected) {
            if (!log.contains(line)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
