package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.jnegotiate.mech.NegotiateException;

/**
 * Coverage-guided fuzzing of the KDC proxy's reply (MS-KKDCP), the bytes an HTTPS server sends back. The
 * properties: only {@link NegotiateException} escapes, and what is accepted is the message that encoding it again
 * (with a target domain) carries. {@link #main} writes the seeds.
 */
class KdcProxyMessageFuzzTest {

    @FuzzTest
    void decodeReply(byte[] in) {
        try {
            byte[] message = KdcProxyMessage.decodeReply(in);
            assertArrayEquals(message, KdcProxyMessage.decodeReply(KdcProxyMessage.encode(message, "R.TEST")));
        } catch (NegotiateException expected) {
            // the property is that nothing else leaves the decoder
        }
    }

    /** Writes the seeds: replies as python-kdcproxy frames them, with and without the optional fields. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(
                "provider/src/test/resources/org/jnegotiate/krb5/kdc/KdcProxyMessageFuzzTestInputs/decodeReply");
        Files.createDirectories(dir);
        HexFormat hex = HexFormat.of();
        Files.write(
                dir.resolve("seed-krb-error"),
                KdcProxyMessage.encode(hex.parseHex("7e0b3009a003020105a1020500"), "JNEGOTIATE.TEST"));
        Files.write(dir.resolve("seed-no-domain"), hex.parseHex("300ba009040700000003" + "6b0100"));
        Files.write(dir.resolve("seed-hint"), hex.parseHex("3010a009040700000003" + "6d0100" + "a203020101"));
        Files.write(dir.resolve("seed-bad-prefix"), hex.parseHex("300ba009040700000009" + "6d0100"));
    }
}
