package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;
import org.jnegotiate.testing.Bytes;
import org.junit.jupiter.api.Test;

/** One randomness policy: the world's. The striped generators reach the code only as the real world's randomness. */
class KerberosWorldTest {

    @Test
    void real_handsInTheStripedGenerators() {
        assertSame(StripedSecureRandom.asSecureRandom(), KerberosWorld.real().random());
    }

    @Test
    void stripedGenerators_namedByNoMainClassButTheRealWorld() throws Exception {
        Path classes = Path.of(KerberosWorld.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        byte[] name = StripedSecureRandom.class.getName().replace('.', '/').getBytes(StandardCharsets.UTF_8);
        List<String> users;
        try (Stream<Path> files = Files.walk(classes)) {
            users = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !f.getFileName().toString().startsWith("StripedSecureRandom"))
                    .filter(f -> Bytes.indexOf(read(f), name) >= 0)
                    .map(f -> classes.relativize(f).toString())
                    .toList();
        }
        assertEquals(List.of("org/jnegotiate/krb5/KerberosWorld.class"), users);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
