package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the KDC replies through the {@link KdcTransport} seam: a forged KDC answers every AS
 * and TGS request with the fuzzer's bytes. The reply keys are fixed (alice's password key; a TGT session key of
 * zeros, {@link ForgedKdc}), so saved replies decrypt in every run. The property: the exchange ends in a ticket or
 * a {@link NegotiateException}, nothing else. {@link #main} writes the seeds.
 */
class KdcReplyFuzzTest {
    private static final KerberosName HTTP = KerberosName.hostbasedService("HTTP", "www.r.test", ForgedKdc.REALM);

    private static KdcClient answering(byte[] reply) throws NegotiateException {
        return KdcClient.of(Krb5Config.parse(ForgedKdc.CONF), (k, request, tcp, timeout) -> reply.clone());
    }

    @FuzzTest
    void asExchange(byte[] reply) throws NegotiateException {
        KdcClient kdc = answering(reply);
        try {
            new AsExchange(KdcContexts.of(kdc, false))
                    .requestTgt(
                            ForgedKdc.ALICE,
                            ClientKeys.password(ForgedKdc.PASSWORD.toCharArray()),
                            TicketOptions.fromConfig(kdc.config()));
        } catch (NegotiateException expected) {
            // the property is that nothing else leaves the exchange
        }
    }

    /** One TGT for every run: its AS exchange derives alice's key from her password (PBKDF2), milliseconds each. */
    private static ServiceTicket sharedTgt;

    private static synchronized ServiceTicket sharedTgt() throws NegotiateException {
        if (sharedTgt == null) {
            sharedTgt = ForgedKdc.tgt();
        }
        return sharedTgt;
    }

    @FuzzTest
    void tgsExchange(byte[] reply) throws NegotiateException {
        ServiceTicket tgt = sharedTgt();
        KdcClient kdc = answering(reply);
        try {
            new TgsExchange(KdcContexts.of(kdc, false)).request(tgt, HTTP, TicketOptions.fromConfig(kdc.config()));
        } catch (NegotiateException expected) {
            // the property is that nothing else leaves the exchange
        }
    }

    /** The saved AS-REP still decrypts with alice's key: only its nonce (of another request) is wrong. */
    @Test
    void savedAsRep_decryptsAndFailsOnlyOnTheNonce() throws Exception {
        byte[] reply = Files.readAllBytes(Path.of(
                "src/test/resources/org/jnegotiate/krb5/kdc/KdcReplyFuzzTestInputs/" + "asExchange/as-rep.bin"));
        KdcClient kdc = answering(reply);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new AsExchange(KdcContexts.of(kdc, false))
                        .requestTgt(
                                ForgedKdc.ALICE,
                                ClientKeys.password(ForgedKdc.PASSWORD.toCharArray()),
                                TicketOptions.fromConfig(kdc.config())));
        assertTrue(e.getMessage().contains("nonce"), e.getMessage());
    }

    /** Writes the seeds (run from {@code provider/} with the test class path); not part of the tests. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of("src/test/resources/org/jnegotiate/krb5/kdc/KdcReplyFuzzTestInputs");
        byte[][] asRequest = new byte[1][];
        KdcClient capture = KdcClient.of(Krb5Config.parse(ForgedKdc.CONF), (k, request, tcp, timeout) -> {
            asRequest[0] = request;
            throw new java.io.IOException("captured");
        });
        try {
            new AsExchange(KdcContexts.of(capture, false))
                    .requestTgt(
                            ForgedKdc.ALICE,
                            ClientKeys.password(ForgedKdc.PASSWORD.toCharArray()),
                            TicketOptions.fromConfig(capture.config()));
        } catch (NegotiateException expected) {
            // the request is what was wanted
        }
        write(dir.resolve("asExchange"), "as-rep.bin", ForgedKdc.asRep(asRequest[0], UnaryOperator.identity()));
        write(
                dir.resolve("asExchange"),
                "preauth-required.bin",
                ForgedKdc.error(25, ForgedKdc.methodData("R.TESTalice")));
        write(
                dir.resolve("tgsExchange"),
                "tgs-rep.bin",
                ForgedKdc.tgsRep(
                        asRequest[0], HTTP, new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, new byte[32])));
        write(dir.resolve("tgsExchange"), "krb-error.bin", ForgedKdc.error(7, null));
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
