package org.jnegotiate.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.sspi.CredHandle;
import org.jnegotiate.sspi.CtxtHandle;
import org.jnegotiate.sspi.IntByReference;
import org.jnegotiate.sspi.SecBuffer;
import org.jnegotiate.sspi.SecBufferDesc;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.Sspi;

/**
 * Writes the seeds of {@link SspiDoorFuzzTest} from real JNegotiate handshakes (Negotiate over NTLM and raw NTLM):
 * run from {@code provider/} with the test class path (the command is in the README beside the inputs); the files
 * are committed. Not a test.
 */
public final class SeedWriter {
    private static final Path DIR = Path.of("src/test/resources/org/jnegotiate/fuzz/SspiDoorFuzzTestInputs");

    private SeedWriter() {}

    public static void main(String[] args) throws IOException {
        Path users = Files.createTempFile("seed-users", "");
        Files.writeString(users, "TEST:alice:alice-secret\n");
        Sspi sspi = new Sspi(Engine.create(NegotiateConfig.builder()
                .ntlmUserFile(users)
                .environment(Map.of())
                .mechanisms(List.of(MechOid.NTLM))
                .build()));
        for (String pkg : List.of("Negotiate", "NTLM")) {
            List<byte[]> legs = handshake(sspi, pkg);
            String p = pkg.toLowerCase();
            if (pkg.equals("Negotiate")) {
                write("negotiateAcceptorFirstLeg", p + "-leg1.bin", legs.get(0));
                write("negotiateAcceptorSecondLeg", p + "-leg3.bin", legs.get(2));
                // the last leg on a fresh context (a server that opens one per request: NTLM resumed)
                write("negotiateAcceptorFirstLeg", p + "-leg3-on-a-fresh-context.bin", legs.get(2));
                write("negotiateInitiatorReply", p + "-leg2.bin", legs.get(1));
            } else {
                write("negotiateAcceptorFirstLeg", "raw-ntlm-negotiate.bin", legs.get(0));
                write("ntlmAcceptorAuthenticate", "raw-ntlm-authenticate.bin", legs.get(2));
                write("negotiateAcceptorFirstLeg", "raw-ntlm-authenticate-on-a-fresh-context.bin", legs.get(2));
                write("ntlmInitiatorChallenge", "raw-ntlm-challenge.bin", legs.get(1));
            }
        }
        Files.delete(users);
        writeDecryptedParts();
    }

    /** Seeds of {@code CodecFuzzTest#kerberosDecryptedParts}: a selector byte, then the plaintext. */
    private static void writeDecryptedParts() throws IOException {
        Path dir = DIR.resolveSibling("CodecFuzzTestInputs").resolve("kerberosDecryptedParts");
        Files.createDirectories(dir);
        java.time.Instant now = java.time.Instant.parse("2026-01-10T10:00:00Z");
        org.jnegotiate.krb5.crypto.Krb5Key key = new org.jnegotiate.krb5.crypto.Krb5Key(
                org.jnegotiate.krb5.crypto.EncryptionType.AES256_CTS_HMAC_SHA1_96, new byte[32]);
        org.jnegotiate.krb5.names.KerberosName alice = new org.jnegotiate.krb5.names.KerberosName(
                org.jnegotiate.krb5.names.KerberosName.NT_PRINCIPAL, List.of("alice"), "EXAMPLE.COM");
        byte[] ticketPart = new org.jnegotiate.krb5.tokens.TicketPart(
                        key,
                        alice,
                        org.jnegotiate.krb5.tokens.TicketPart.FORWARDABLE,
                        now,
                        java.util.Optional.of(now),
                        now.plusSeconds(36_000),
                        java.util.Optional.empty())
                .encode();
        org.jnegotiate.krb5.tokens.GssChecksum checksum =
                new org.jnegotiate.krb5.tokens.GssChecksum(new byte[16], 0x3E, java.util.Optional.empty());
        byte[] authenticator = new org.jnegotiate.krb5.tokens.AuthenticatorPart(
                        alice,
                        java.util.Optional.of(
                                new org.jnegotiate.krb5.tokens.AuthenticatorPart.Checksum(0x8003, checksum.encode())),
                        now,
                        123_456,
                        java.util.Optional.of(key),
                        java.util.OptionalLong.of(0x12345678L))
                .encode();
        byte[] apRepPart = new org.jnegotiate.krb5.tokens.ApRepMessage.Part(
                        now, 123_456, java.util.Optional.of(key), java.util.OptionalLong.of(0x7654321L))
                .encode();
        Files.write(dir.resolve("enc-ticket-part.bin"), prefixed(0, ticketPart));
        Files.write(dir.resolve("authenticator.bin"), prefixed(1, authenticator));
        Files.write(dir.resolve("enc-ap-rep-part.bin"), prefixed(2, apRepPart));
        Files.write(dir.resolve("gss-checksum.bin"), prefixed(3, checksum.encode()));
    }

    private static byte[] prefixed(int selector, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) selector;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static void write(String target, String name, byte[] bytes) throws IOException {
        Files.createDirectories(DIR.resolve(target));
        Files.write(DIR.resolve(target).resolve(name), bytes);
    }

    /** The tokens of one full handshake in order; for Negotiate the last entry is a sealed message too. */
    private static List<byte[]> handshake(Sspi sspi, String pkg) throws IOException {
        CredHandle c = new CredHandle();
        CredHandle s = new CredHandle();
        sspi.acquireCredentialsHandle(
                null,
                pkg,
                Sspi.SECPKG_CRED_OUTBOUND,
                null,
                new SecWinntAuthIdentity("alice", "TEST", "alice-secret".toCharArray()),
                null,
                null,
                c,
                null);
        sspi.acquireCredentialsHandle(null, pkg, Sspi.SECPKG_CRED_INBOUND, null, null, null, null, s, null);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        List<byte[]> legs = new java.util.ArrayList<>();
        byte[] token = null;
        int cs = SecStatus.SEC_I_CONTINUE_NEEDED;
        while (cs == SecStatus.SEC_I_CONTINUE_NEEDED) {
            SecBufferDesc o = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
            cs = sspi.initializeSecurityContext(
                    c,
                    client.isNull() ? null : client,
                    "HTTP/localhost",
                    0x10010,
                    0,
                    Sspi.SECURITY_NATIVE_DREP,
                    token == null ? null : new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, token),
                    0,
                    client,
                    o,
                    new IntByReference(),
                    null);
            if (o.getBytes().length == 0) {
                break;
            }
            legs.add(o.getBytes());
            SecBufferDesc so = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
            sspi.acceptSecurityContext(
                    s,
                    server.isNull() ? null : server,
                    new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, o.getBytes()),
                    0x10,
                    Sspi.SECURITY_NATIVE_DREP,
                    server,
                    so,
                    new IntByReference(),
                    null);
            token = so.getBytes();
            if (token.length > 0) {
                legs.add(token);
            }
        }
        SecBuffer t = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64);
        SecBuffer d = new SecBuffer(SecBuffer.SECBUFFER_DATA, "a message".getBytes());
        if (sspi.encryptMessage(client, 0, new SecBufferDesc(t, d), 0) == SecStatus.SEC_E_OK) {
            byte[] msg = new byte[1 + t.cbBuffer() + d.cbBuffer()];
            msg[0] = 16; // token/data split at 16 bytes, DecryptMessage on the server
            System.arraycopy(t.getBytes(), 0, msg, 1, t.cbBuffer());
            System.arraycopy(d.getBytes(), 0, msg, 1 + t.cbBuffer(), d.cbBuffer());
            write("ntlmMessageProtection", pkg.toLowerCase() + "-sealed.bin", msg);
        }
        return legs;
    }
}
