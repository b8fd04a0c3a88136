package org.jnegotiate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The logging a newcomer can switch on: META-INF-templates/logging.properties lets JNegotiate's FINE records reach
 * the console, and the README section "See what Negotiate decided" names every logger the code uses.
 */
class LoggingTemplateTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void template_jnegotiateAtFine_andTheConsoleHandlerLetsFineThrough() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ROOT.resolve("META-INF-templates/logging.properties"))) {
            p.load(r);
        }
        assertTrue(p.getProperty("handlers", "").contains("java.util.logging.ConsoleHandler"));
        assertEquals("FINE", p.getProperty("org.jnegotiate.level"));
        assertEquals("FINE", p.getProperty("java.util.logging.ConsoleHandler.level"));
        assertEquals("INFO", p.getProperty(".level"));
    }

    @Test
    void readmeSection_namesEveryLoggerOfTheCode() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## See what Negotiate decided");
        assertTrue(start >= 0, "README section missing");
        int end = readme.indexOf("\n## ", start + 3);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Set<String> missing = new TreeSet<>();
        Pattern literal = Pattern.compile("System\\.getLogger\\(\"([^\"]+)\"\\)");
        Pattern byClass = Pattern.compile("System\\.getLogger\\((\\w+)\\.class\\.getName\\(\\)\\)");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                String src = Files.readString(f);
                Matcher m = literal.matcher(src);
                while (m.find()) {
                    if (!section.contains("`" + m.group(1) + "`")) {
                        missing.add(m.group(1));
                    }
                }
                Matcher c = byClass.matcher(src);
                while (c.find()) {
                    String simple = c.group(1);
                    if (!section.contains("." + simple + "`")) {
                        missing.add(f + ": " + simple);
                    }
                }
            }
        }
        assertFalse(section.isEmpty());
        assertTrue(missing.isEmpty(), "loggers the README section does not name: " + missing);
    }
}
