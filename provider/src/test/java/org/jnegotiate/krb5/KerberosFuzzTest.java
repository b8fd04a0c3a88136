package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the Kerberos contexts on the bytes a peer sends: the acceptor's AP-REQ (tickets under
 * a fixed service key, so that saved inputs decrypt in every run), the initiator's AP-REP or KRB-ERROR, and the
 * RFC 4121 per-message tokens of an established context. The property: a step or a message call ends in a result
 * or a {@link NegotiateException}, nothing else. {@link #main} writes the seeds from real handshakes.
 */
class KerberosFuzzTest {
    /** The service key of every fuzz world: fixed, so that the saved AP-REQs stay decryptable. */
    static final byte[] SERVICE_KEY = new byte[32];

    static {
        Arrays.fill(SERVICE_KEY, (byte) 0x5A);
    }

    private static Krb5Testbed bed() {
        return new Krb5Testbed(new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, SERVICE_KEY));
    }

    private static ContextRequest initRequest() {
        return ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@www.example.com"))
                .flag(ContextFlag.MUTUAL, true)
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true)
                .build();
    }

    private static KerberosInitiator initiator(Krb5Testbed bed) {
        return new KerberosInitiator(MechOid.KERBEROS, bed.tickets(), initRequest(), bed.settings());
    }

    private static KerberosAcceptor acceptor(Krb5Testbed bed) {
        return new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), ContextRequest.builder().build(), bed.settings());
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws NegotiateException;
    }

    private static void onlyNegotiateException(Call call) {
        try {
            call.run();
        } catch (NegotiateException e) {
            if (e.failure() == null || e.getMessage() == null) {
                throw new AssertionError("a NegotiateException without failure or message", e);
            }
        }
    }

    /** An acceptor's first token: an AP-REQ, framed or bare. */
    @FuzzTest
    void acceptorApReq(byte[] in) {
        Krb5Testbed bed = bed(); // a fresh replay cache: a saved AP-REQ is no replay
        KerberosAcceptor acc = acceptor(bed);
        onlyNegotiateException(() -> acc.step(in));
        acc.dispose();
    }

    /** An initiator's second step: an AP-REP, a KRB-ERROR or anything else. */
    @FuzzTest
    void initiatorReply(byte[] in) throws NegotiateException {
        KerberosInitiator init = initiator(bed());
        init.step(null);
        onlyNegotiateException(() -> init.step(in));
        init.dispose();
    }

    /** unwrap or verifyMic (the first byte chooses, and which side) on an established context. */
    @FuzzTest
    void messageTokens(byte[] in) throws NegotiateException {
        if (in.length == 0) {
            return;
        }
        Krb5Testbed bed = bed();
        KerberosInitiator init = initiator(bed);
        KerberosAcceptor acc = acceptor(bed);
        Step s = acc.step(init.step(null).token());
        init.step(s.token());
        MessageProtector p = ((in[0] & 1) == 0 ? acc : init).protector();
        byte[] token = Arrays.copyOfRange(in, 1, in.length);
        if ((in[0] & 2) == 0) {
            onlyNegotiateException(() -> p.unwrap(token, 0, token.length));
        } else {
            int split = Math.min(token.length, (in[0] & 0xFF) >>> 2);
            onlyNegotiateException(() -> p.verifyMic(token, 0, split, token, split, token.length - split));
        }
        init.dispose();
        acc.dispose();
    }

    /** The saved AP-REQ still opens in the fuzz world: the seeds reach past decryption, into the authenticator. */
    @Test
    void savedApReq_acceptedByTheFuzzWorld() throws Exception {
        byte[] apReq = Files.readAllBytes(Path.of(
                "src/test/resources/org/jnegotiate/krb5/KerberosFuzzTestInputs/" + "acceptorApReq/ap-req-mutual.bin"));
        KerberosAcceptor acc = acceptor(bed());
        assertEquals(Status.OK, acc.step(apReq).status());
        assertEquals(
                Krb5Testbed.CLIENT.toString(), acc.initiatorName().orElseThrow().name());
    }

    /** Writes the seeds (run from {@code provider/} with the test class path); not part of the tests. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of("src/test/resources/org/jnegotiate/krb5/KerberosFuzzTestInputs");
        Krb5Testbed bed = bed();
        KerberosInitiator init = initiator(bed);
        KerberosAcceptor acc = acceptor(bed);
        byte[] apReq = init.step(null).token();
        byte[] apRep = acc.step(apReq).token();
        init.step(apRep);
        write(dir.resolve("acceptorApReq"), "ap-req-mutual.bin", apReq);
        write(dir.resolve("initiatorReply"), "ap-rep.bin", apRep);
        KerberosAcceptor refusing = acceptor(bed);
        try {
            refusing.step(apReq); // a replay: the acceptor answers with a KRB-ERROR token
        } catch (NegotiateException e) {
            if (e.errorToken().isPresent()) {
                write(
                        dir.resolve("initiatorReply"),
                        "krb-error.bin",
                        e.errorToken().get());
            }
        }
        byte[] msg = "a message".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(
                dir.resolve("messageTokens"),
                "sealed-to-acceptor.bin",
                prefixed(0, init.protector().wrap(msg, 0, msg.length, true)));
        write(
                dir.resolve("messageTokens"),
                "signed-to-initiator.bin",
                prefixed(1, acc.protector().wrap(msg, 0, msg.length, false)));
        byte[] mic = init.protector().getMic(msg, 0, msg.length);
        byte[] both = new byte[mic.length + msg.length];
        System.arraycopy(mic, 0, both, 0, mic.length);
        System.arraycopy(msg, 0, both, mic.length, msg.length);
        write(dir.resolve("messageTokens"), "mic-to-acceptor.bin", prefixed(2 | (mic.length << 2), both));
    }

    private static byte[] prefixed(int first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
