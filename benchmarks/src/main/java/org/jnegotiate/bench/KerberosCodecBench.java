package org.jnegotiate.bench;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.krb5.tokens.ApRepMessage;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.krb5.tokens.TicketCodec;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.NegotiateException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Kerberos ASN.1 messages of one handshake, decoded and encoded alone (no crypto): where the handshake's
 * codec time and garbage go. Run with {@code -prof gc}; {@code gc.alloc.rate.norm} is the garbage per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX})
public class KerberosCodecBench {
    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private static final KerberosName CLIENT =
            new KerberosName(KerberosName.NT_PRINCIPAL, List.of("alice"), "EXAMPLE.COM");

    private TicketPart ticketPart;
    private byte[] ticketPartDer;
    private AuthenticatorPart authenticator;
    private byte[] authenticatorDer;
    private ApRepMessage.Part apRepPart;
    private byte[] apRepPartDer;
    private ApRepMessage apRep;
    private byte[] apRepDer;
    private byte[] apRepCipher;
    private Ticket ticket;
    private byte[] apReqDer;

    @Setup
    public void setUp() throws NegotiateException {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        Krb5Key sessionKey = new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, key);
        ticketPart = new TicketPart(
                sessionKey,
                CLIENT,
                TicketPart.FORWARDABLE,
                NOW,
                Optional.of(NOW),
                NOW.plusSeconds(36_000),
                Optional.empty());
        ticketPartDer = ticketPart.encode();
        byte[] checksum = new byte[24];
        authenticator = new AuthenticatorPart(
                CLIENT,
                Optional.of(new AuthenticatorPart.Checksum(0x8003, checksum)),
                NOW,
                123_456,
                Optional.of(sessionKey),
                OptionalLong.of(0x12345678L));
        authenticatorDer = authenticator.encode();
        apRepPart = new ApRepMessage.Part(NOW, 123_456, Optional.of(sessionKey), OptionalLong.of(0x7654321L));
        apRepPartDer = apRepPart.encode();
        byte[] cipher = new byte[120];
        random.nextBytes(cipher);
        apRep = new ApRepMessage(EncryptionType.AES256_CTS_HMAC_SHA1_96.id(), cipher);
        apRepCipher = cipher;
        apRepDer = java.util.Arrays.copyOfRange(encodeApRep(), 2, encodeApRep().length); // the AP-REP without TOK_ID
        ticket = new Ticket();
        ticket.setRealm("EXAMPLE.COM");
        ticket.setSname(KerberosName.hostbasedService("HTTP", "server.example.com", "EXAMPLE.COM")
                .toKerby());
        byte[] sealedTicket = new byte[ticketPartDer.length + 28];
        random.nextBytes(sealedTicket);
        ticket.setEncryptedEncPart(KrbInts.encryptedData(EncryptionType.AES256_CTS_HMAC_SHA1_96.id(), 2, sealedTicket));
        byte[] sealedAuthenticator = new byte[authenticatorDer.length + 28];
        random.nextBytes(sealedAuthenticator);
        apReqDer = ApReqMessage.encode(
                true, TicketCodec.of(ticket), EncryptionType.AES256_CTS_HMAC_SHA1_96.id(), sealedAuthenticator);
        sealedAuthenticatorCopy = sealedAuthenticator;
        encodedTicket = TicketCodec.of(ticket);
    }

    private byte[] sealedAuthenticatorCopy;
    private EncodedTicket encodedTicket;

    /** The project's own DER tree of the AP-REQ (what every decoder now binds from). */
    @Benchmark
    public Object readApReqTree() throws Exception {
        return org.jnegotiate.asn1.DerReader.read(apReqDer, 0, apReqDer.length, "AP-REQ");
    }

    @Benchmark
    public Object readTicketPartTree() throws Exception {
        return org.jnegotiate.asn1.DerReader.read(ticketPartDer, 0, ticketPartDer.length, "EncTicketPart");
    }

    /** Kerby's untyped parse tree of the same AP-REQ, for comparison (no longer used by JNegotiate). */
    @Benchmark
    public Object parseApReqTree() throws Exception {
        return org.apache.kerby.asn1.parse.Asn1Parser.parse(java.nio.ByteBuffer.wrap(apReqDer));
    }

    @Benchmark
    public Object parseTicketPartTree() throws Exception {
        return org.apache.kerby.asn1.parse.Asn1Parser.parse(java.nio.ByteBuffer.wrap(ticketPartDer));
    }

    @Benchmark
    public Object decodeApReq() throws Exception {
        return ApReqMessage.decode(apReqDer);
    }

    /** As the initiator sends it: TOK_ID and the AP-REQ in one array, the ticket's DER encoded once per ticket. */
    @Benchmark
    public Object encodeApReq() {
        return ApReqMessage.encodeToken(
                true, encodedTicket, EncryptionType.AES256_CTS_HMAC_SHA1_96.id(), sealedAuthenticatorCopy);
    }

    @Benchmark
    public Object decodeTicketPart() throws Exception {
        return TicketPart.decode(ticketPartDer);
    }

    @Benchmark
    public Object encodeTicketPart() {
        return ticketPart.encode();
    }

    @Benchmark
    public Object decodeAuthenticator() throws Exception {
        return AuthenticatorPart.decode(authenticatorDer);
    }

    @Benchmark
    public Object encodeAuthenticator() {
        return authenticator.encode();
    }

    @Benchmark
    public Object decodeApRepPart() throws Exception {
        return ApRepMessage.Part.decode(apRepPartDer);
    }

    @Benchmark
    public Object encodeApRepPart() {
        return apRepPart.encode();
    }

    @Benchmark
    public Object decodeApRep() throws Exception {
        return ApRepMessage.decode(apRepDer);
    }

    @Benchmark
    public byte[] encodeApRep() {
        return ApRepMessage.encodeToken(apRep.etype(), apRepCipher);
    }
}
