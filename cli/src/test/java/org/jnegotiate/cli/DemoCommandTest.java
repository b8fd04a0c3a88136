package org.jnegotiate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command: the demo must run end to end and say what it did. */
class DemoCommandTest {

    @Test
    void demo_establishesKerberosThroughJNegotiate_andProtectsMessagesBothWays() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"demo"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("served by org.jnegotiate.gss.KerberosMechFactory"), text);
        assertTrue(text.contains("client   : alice@JNEGOTIATE.DEMO"), text);
        assertTrue(text.contains("granted  : mutual=true conf=true integ=true"), text);
        assertTrue(text.contains("unwrapped \"hello from alice\" (privacy true)"), text);
        assertTrue(text.contains("unwrapped \"hello from the service\" (privacy true)"), text);
        assertTrue(text.contains("== done: KDC stopped, temporary files removed"), text);
    }

    @Test
    void unknownCommand_exitsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"frobnicate"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }
}
