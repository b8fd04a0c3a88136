package org.jnegotiate.spnego;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the engine logs through System.Logger (backed by java.util.logging in the tests: DEBUG is FINE,
 * TRACE is FINER), formatted, for the logging-hygiene tests. Closing restores the loggers.
 */
public final class LogCapture implements AutoCloseable {
    /** One formatted line and the System.Logger level it came from ("DEBUG", "TRACE", ...). */
    public record Line(String level, String text) {}

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Level> previous = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String text = new java.util.logging.SimpleFormatter().formatMessage(r);
            String level = r.getLevel() == Level.FINE
                    ? "DEBUG"
                    : r.getLevel() == Level.FINER ? "TRACE" : r.getLevel().getName();
            synchronized (lines) {
                lines.add(new Line(level, text));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** Starts capturing everything (TRACE and up) under each named logger prefix. */
    public LogCapture(String... loggerNames) {
        for (String name : loggerNames) {
            Logger l = Logger.getLogger(name);
            loggers.add(l);
            previous.add(l.getLevel());
            l.setLevel(Level.ALL);
            l.addHandler(handler);
        }
    }

    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(handler);
            loggers.get(i).setLevel(previous.get(i));
        }
    }
}
