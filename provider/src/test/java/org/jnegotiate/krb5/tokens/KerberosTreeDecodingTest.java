package org.jnegotiate.krb5.tokens;

import static org.jnegotiate.asn1.Der.app;
import static org.jnegotiate.asn1.Der.ctx;
import static org.jnegotiate.asn1.Der.flags;
import static org.jnegotiate.asn1.Der.generalString;
import static org.jnegotiate.asn1.Der.integer;
import static org.jnegotiate.asn1.Der.octets;
import static org.jnegotiate.asn1.Der.seq;
import static org.jnegotiate.asn1.Der.time;
import static org.jnegotiate.asn1.Der.tlv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.NameType;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.asn1.Der;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The Kerberos messages decoded from Kerby's parse tree give what the Kerby-typed decoders gave
 * ({@link KerbyTypedDecode}) on real, self-encoded and hand-built messages, and reject malformed ones with
 * INVALID_TOKEN and nothing else.
 */
class KerberosTreeDecodingTest {
    private static final KerberosName CLIENT =
            new KerberosName(KerberosName.NT_PRINCIPAL, List.of("alice"), "EXAMPLE.COM");
    private static final KerberosName SERVER = KerberosName.hostbasedService("HTTP", "www.example.com", "EXAMPLE.COM");
    private static final Instant T = Instant.parse("2026-01-10T10:00:00Z");
    private static final byte[] CIPHER = bytes(200, 7);

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Krb5Key key() {
        return new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, bytes(32, 1));
    }

    private static byte[] corpusMessage(String name) throws NegotiateException {
        return ContextToken.decode(Corpus.pyspnego(name)).message();
    }

    private static NegotiateException assertInvalid(Decoder decoder, byte[] der) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> decoder.decode(der));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        return e;
    }

    @FunctionalInterface
    private interface Decoder {
        Object decode(byte[] der) throws NegotiateException;
    }

    // ---------------------------------------------------------------- hand-built messages

    private static byte[] principal(int type, String... names) {
        byte[][] strings = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            strings[i] = generalString(names[i]);
        }
        return seq(ctx(0, integer(type)), ctx(1, seq(strings)));
    }

    private static byte[] encData(int etype, Long kvno, byte[] cipher) {
        return kvno == null
                ? seq(ctx(0, integer(etype)), ctx(2, octets(cipher)))
                : seq(ctx(0, integer(etype)), ctx(1, integer(kvno)), ctx(2, octets(cipher)));
    }

    private static byte[] ticket(byte[] sname, byte[] encPart) {
        return app(1, seq(ctx(0, integer(5)), ctx(1, generalString("EXAMPLE.COM")), ctx(2, sname), ctx(3, encPart)));
    }

    private static byte[] apReq(byte[]... fields) {
        return app(14, seq(fields));
    }

    private static byte[][] apReqFields() {
        return new byte[][] {
            ctx(0, integer(5)),
            ctx(1, integer(14)),
            ctx(2, flags(0x20000000)),
            ctx(3, ticket(principal(3, "HTTP", "www.example.com"), encData(18, 2L, CIPHER))),
            ctx(4, encData(18, null, bytes(90, 3)))
        };
    }

    private static byte[] apReq() {
        return apReq(apReqFields());
    }

    private static byte[] keyDer(int type, byte[] value) {
        return seq(ctx(0, integer(type)), ctx(1, octets(value)));
    }

    private static byte[] authorizationData() {
        return seq(seq(ctx(0, integer(1)), ctx(1, octets(bytes(40, 5)))));
    }

    private static byte[] authenticator(byte[] ctime, byte[] seqNumber) {
        return app(
                2,
                seq(
                        ctx(0, integer(5)),
                        ctx(1, generalString("EXAMPLE.COM")),
                        ctx(2, principal(1, "alice")),
                        ctx(3, seq(ctx(0, integer(0x8003)), ctx(1, octets(bytes(24, 4))))),
                        ctx(4, integer(999_999)),
                        ctx(5, ctime),
                        ctx(6, keyDer(18, bytes(32, 6))),
                        ctx(7, seqNumber),
                        ctx(8, authorizationData())));
    }

    private static byte[] ticketPart() {
        return app(
                3,
                seq(
                        ctx(0, flags(TicketPart.FORWARDABLE | TicketPart.OK_AS_DELEGATE)),
                        ctx(1, keyDer(17, bytes(16, 8))),
                        ctx(2, generalString("EXAMPLE.COM")),
                        ctx(3, principal(1, "alice")),
                        ctx(4, seq(ctx(0, integer(1)), ctx(1, octets(new byte[0])))),
                        ctx(5, time("20260110100000Z")),
                        ctx(6, time("20260110100000Z")),
                        ctx(7, time("20260110200000Z")),
                        ctx(8, time("20260117100000Z")),
                        ctx(9, seq(seq(ctx(0, integer(2)), ctx(1, octets(new byte[] {10, 0, 0, 1}))))),
                        ctx(10, authorizationData())));
    }

    // ---------------------------------------------------------------- same results as the Kerby-typed decode

    @Test
    void corpusApReq_sameAsKerbyTypedDecode() throws Exception {
        byte[] der = corpusMessage("initial_context_token_krb_ap_req.bin");
        ApReqMessage m = ApReqMessage.decode(der);
        KerbyTypedDecode.assertSame(KerbyTypedDecode.apReq(der), m);
        assertEquals(new KerberosName(3, List.of("host", "dc01"), "DOMAIN.LOCAL"), m.server());
        assertEquals(18, m.ticketEtype());
        assertTrue(m.mutualRequired());
    }

    @Test
    void corpusApRep_sameAsKerbyTypedDecode() throws Exception {
        byte[] der = corpusMessage("initial_context_token_krb_ap_rep.bin");
        KerbyTypedDecode.assertSame(KerbyTypedDecode.apRep(der), ApRepMessage.decode(der));
    }

    @Test
    void corpusKrbError_sameAsKerbyTypedDecode() throws Exception {
        // pyspnego keeps the KRB-ERROR without its [APPLICATION 30] tag: both decoders refuse that as it is
        byte[] bare = Corpus.pyspnego("krb_error.bin");
        assertInvalid(KrbErrorMessage::decode, bare);
        assertThrows(NegotiateException.class, () -> KerbyTypedDecode.krbError(bare));
        byte[] der = app(30, bare);
        KrbErrorMessage m = KrbErrorMessage.decode(der);
        assertEquals(KerbyTypedDecode.krbError(der), m);
        assertEquals(25, m.errorCode());
    }

    /** The message of a {@code TOK_ID || message} token the provider encodes for the wire. */
    private static byte[] withoutTokId(byte[] token) {
        return Arrays.copyOfRange(token, 2, token.length);
    }

    @Test
    void ownEncodings_sameAsKerbyTypedDecode() throws Exception {
        Ticket t = new Ticket();
        t.setTktKvno(5);
        t.setRealm(SERVER.realm());
        t.setSname(SERVER.toKerby());
        for (Integer kvno : new Integer[] {null, 3, -2}) {
            t.setEncryptedEncPart(KrbInts.encryptedData(18, kvno, CIPHER));
            for (boolean mutual : new boolean[] {true, false}) {
                byte[] der = ApReqMessage.encode(mutual, TicketCodec.of(t), 17, bytes(77, 2));
                ApReqMessage m = ApReqMessage.decode(der);
                KerbyTypedDecode.assertSame(KerbyTypedDecode.apReq(der), m);
                assertEquals(kvno, m.ticketKvno());
                assertEquals(SERVER, m.server());
            }
        }
        for (Optional<Krb5Key> subkey : List.of(Optional.<Krb5Key>empty(), Optional.of(key()))) {
            for (OptionalLong seq : new OptionalLong[] {
                OptionalLong.empty(),
                OptionalLong.of(0),
                OptionalLong.of(0x7FFFFFFFL),
                OptionalLong.of(0x80000000L),
                OptionalLong.of(0xFFFFFFFFL)
            }) {
                for (Optional<AuthenticatorPart.Checksum> c : List.of(
                        Optional.<AuthenticatorPart.Checksum>empty(),
                        Optional.of(new AuthenticatorPart.Checksum(0x8003, bytes(24, 9))))) {
                    byte[] a = new AuthenticatorPart(CLIENT, c, T, 123_456, subkey, seq).encode();
                    AuthenticatorPart decoded = AuthenticatorPart.decode(a);
                    KerbyTypedDecode.assertSame(KerbyTypedDecode.authenticator(a), decoded);
                    assertEquals(seq, decoded.sequenceNumber());
                }
                byte[] p = new ApRepMessage.Part(T, 0, subkey, seq).encode();
                KerbyTypedDecode.assertSame(KerbyTypedDecode.apRepPart(p), ApRepMessage.Part.decode(p));
            }
        }
        for (Optional<Instant> optional : List.of(Optional.<Instant>empty(), Optional.of(T.plusSeconds(60)))) {
            byte[] p = new TicketPart(
                            key(),
                            CLIENT,
                            TicketPart.FORWARDABLE | TicketPart.INVALID,
                            T.minusSeconds(3600),
                            optional,
                            T.plusSeconds(36_000),
                            optional)
                    .encode();
            TicketPart decoded = TicketPart.decode(p);
            KerbyTypedDecode.assertSame(KerbyTypedDecode.ticketPart(p), decoded);
            assertEquals(optional, decoded.startTime());
        }
        byte[] rep = withoutTokId(ApRepMessage.encodeToken(20, CIPHER));
        KerbyTypedDecode.assertSame(KerbyTypedDecode.apRep(rep), ApRepMessage.decode(rep));
        byte[] err = withoutTokId(KrbErrorMessage.encodeToken(
                KrbErrorMessage.KRB_AP_ERR_SKEW, SERVER.toKerby(), SERVER.realm(), T.plusNanos(123_456_789)));
        assertEquals(KerbyTypedDecode.krbError(err), KrbErrorMessage.decode(err));
    }

    @Test
    void handBuiltMessages_sameAsKerbyTypedDecode() throws Exception {
        byte[] req = apReq();
        KerbyTypedDecode.assertSame(KerbyTypedDecode.apReq(req), ApReqMessage.decode(req));

        // seq-number written unsigned in five octets, and written signed: the same number both ways
        for (byte[] seq : List.of(integer(0xFFFFFFFFL), integer(-1), integer(0x80000000L), integer(12))) {
            byte[] a = authenticator(time("19991231235959Z"), seq);
            AuthenticatorPart decoded = AuthenticatorPart.decode(a);
            KerbyTypedDecode.assertSame(KerbyTypedDecode.authenticator(a), decoded);
            assertEquals(Instant.parse("1999-12-31T23:59:59Z"), decoded.ctime());
            assertEquals(999_999, decoded.cusec());
        }

        byte[] part = ticketPart();
        TicketPart decoded = TicketPart.decode(part);
        KerbyTypedDecode.assertSame(KerbyTypedDecode.ticketPart(part), decoded);
        assertEquals(
                EncryptionType.AES128_CTS_HMAC_SHA1_96, decoded.sessionKey().type());
        assertEquals(Optional.of(Instant.parse("2026-01-17T10:00:00Z")), decoded.renewTill());

        // a kvno above 2^31 (RODC key versions), written unsigned: its 32 bits, as before
        byte[][] f = apReqFields();
        f[3] = ctx(3, ticket(principal(1, "a"), encData(23, 0x80000001L, CIPHER)));
        ApReqMessage big = ApReqMessage.decode(apReq(f));
        KerbyTypedDecode.assertSame(KerbyTypedDecode.apReq(apReq(f)), big);
        assertEquals(0x80000001, big.ticketKvno());
    }

    @Test
    void nameTypeKerbyHasNoConstantFor_keptAsSent() throws Exception {
        // Kerby's binding turned the types it has no constant for (here Windows' NT-MS-PRINCIPAL, -128,
        // MS-KILE 2.2.1) into NT-UNKNOWN (0)
        byte[][] f = apReqFields();
        f[3] = ctx(3, ticket(principal(-128, "DOMAIN\\alice"), encData(18, 2L, CIPHER)));
        byte[] der = apReq(f);
        assertEquals(-128, ApReqMessage.decode(der).server().nameType());
        assertEquals(
                NameType.NT_UNKNOWN.getValue(),
                KerbyTypedDecode.apReq(der).server().nameType());
        // and the ones it knows come out the same
        f[3] = ctx(3, ticket(principal(KerberosName.NT_ENTERPRISE, "alice@example.com"), encData(18, 2L, CIPHER)));
        assertEquals(
                KerberosName.NT_ENTERPRISE,
                ApReqMessage.decode(apReq(f)).server().nameType());
        KerbyTypedDecode.assertSame(KerbyTypedDecode.apReq(apReq(f)), ApReqMessage.decode(apReq(f)));
    }

    @Test
    void krbErrorCodeKerbyDoesNotKnow_keptAsSent() throws Exception {
        byte[] der = app(
                30,
                seq(
                        ctx(0, integer(5)),
                        ctx(1, integer(30)),
                        ctx(4, time("20260110100000Z")),
                        ctx(5, integer(0)),
                        ctx(6, integer(99)),
                        ctx(9, generalString("EXAMPLE.COM")),
                        ctx(10, principal(2, "krbtgt", "EXAMPLE.COM")),
                        ctx(11, generalString("why")),
                        ctx(12, octets(new byte[] {1}))));
        KrbErrorMessage m = KrbErrorMessage.decode(der);
        assertEquals(new KrbErrorMessage(99, Optional.of("why")), m);
        assertEquals(
                KrbErrorMessage.KRB_ERR_GENERIC, KerbyTypedDecode.krbError(der).errorCode());
        assertEquals(Failure.LOGON_DENIED, m.failure());
    }

    @Test
    void fastKerberosTime_encodesAsKerby() throws Exception {
        for (long ms : new long[] {
            0,
            1,
            999,
            1000,
            -1,
            -1001,
            1_767_225_600_123L,
            2_145_916_799_000L,
            253_402_300_799_999L,
            -12_219_292_800_000L,
            4_102_444_800_000L
        }) {
            assertArrayEquals(new KerberosTime(ms).encode(), new FastKerberosTime(ms).encode(), "at " + ms);
        }
        // out of four-digit years: left to Kerby
        long year10000 = Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli();
        assertArrayEquals(new KerberosTime(year10000).encode(), new FastKerberosTime(year10000).encode());
    }

    // ---------------------------------------------------------------- malformed input

    @Test
    void wrongApplicationTag_invalidToken() throws Exception {
        byte[] body = seq(apReqFields());
        NegotiateException e = assertInvalid(ApReqMessage::decode, app(15, body));
        assertTrue(e.getMessage().contains("AP-REQ"), e.getMessage());
        assertInvalid(ApRepMessage::decode, apReq());
        assertInvalid(AuthenticatorPart::decode, ticketPart());
        assertInvalid(TicketPart::decode, authenticator(time("20260110100000Z"), integer(1)));
        assertInvalid(ApRepMessage.Part::decode, ticketPart());
        assertInvalid(KrbErrorMessage::decode, apReq());
        byte[][] f = apReqFields();
        f[3] = ctx(3, app(2, seq(ctx(0, integer(5)))));
        assertInvalid(ApReqMessage::decode, apReq(f));
    }

    @Test
    void fieldsOutOfOrderRepeatedOrUnknown_invalidToken() {
        byte[][] f = apReqFields();
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[4], f[3]));
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[1], f[2], f[3], f[4]));
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[3], f[4], ctx(5, integer(0))));
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[3], f[4], integer(0)));
    }

    @Test
    void missingRequiredFields_invalidTokenNamingThem() {
        byte[][] f = apReqFields();
        assertTrue(assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[4]))
                .getMessage()
                .contains("missing ticket"));
        assertTrue(assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[3]))
                .getMessage()
                .contains("missing authenticator"));
        assertInvalid(ApReqMessage::decode, apReq(f[1], f[2], f[3], f[4]));
        byte[] noCipher = ctx(4, seq(ctx(0, integer(18))));
        assertTrue(assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[3], noCipher))
                .getMessage()
                .contains("missing authenticator cipher"));
        byte[] emptyName = ctx(3, ticket(seq(ctx(0, integer(1)), ctx(1, seq())), encData(18, 2L, CIPHER)));
        assertTrue(assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], emptyName, f[4]))
                .getMessage()
                .contains("empty ticket server name"));
        byte[] noCtime = app(27, seq(ctx(1, integer(0))));
        assertTrue(
                assertInvalid(ApRepMessage.Part::decode, noCtime).getMessage().contains("missing ctime"));
    }

    @Test
    void wrongVersionsOrTypes_invalidToken() {
        byte[][] f = apReqFields();
        assertTrue(assertInvalid(ApReqMessage::decode, apReq(ctx(0, integer(4)), f[1], f[2], f[3], f[4]))
                .getMessage()
                .contains("not a Kerberos 5 AP-REQ"));
        assertInvalid(ApReqMessage::decode, apReq(f[0], ctx(1, integer(15)), f[2], f[3], f[4]));
        byte[] tktVno4 = ctx(
                3,
                app(
                        1,
                        seq(
                                ctx(0, integer(4)),
                                ctx(1, generalString("R")),
                                ctx(2, principal(1, "a")),
                                ctx(3, encData(18, null, CIPHER)))));
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], tktVno4, f[4]));
        assertTrue(assertInvalid(AuthenticatorPart::decode, app(2, seq(ctx(0, integer(4)))))
                .getMessage()
                .contains("authenticator-vno is not 5"));
    }

    @Test
    void primitiveWhereConstructedAndViceVersa_invalidToken() {
        byte[][] f = apReqFields();
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], ctx(3, octets(CIPHER)), f[4]));
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[3], ctx(4, octets(CIPHER))));
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], tlv(0x82, flags(0)), f[3], f[4]));
        assertInvalid(ApReqMessage::decode, apReq(f[0], ctx(1, tlv(0x22, integer(14))), f[2], f[3], f[4]));
        byte[] octetName = ctx(
                3, ticket(seq(ctx(0, integer(1)), ctx(1, seq(octets(new byte[] {'a'})))), encData(18, null, CIPHER)));
        assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], octetName, f[4]));
    }

    @Test
    void integerTooLarge_invalidToken() {
        byte[][] f = apReqFields();
        byte[] bigEtype = ctx(4, seq(ctx(0, integer(0x80000000L)), ctx(2, octets(CIPHER))));
        assertTrue(assertInvalid(ApReqMessage::decode, apReq(f[0], f[1], f[2], f[3], bigEtype))
                .getMessage()
                .contains("Int32"));
        assertInvalid(ApReqMessage::decode, apReq(ctx(0, integer(BigInteger.TEN.pow(30))), f[1], f[2], f[3], f[4]));
        assertInvalid(AuthenticatorPart::decode, authenticator(time("20260110100000Z"), integer(0x100000000L)));
        assertInvalid(AuthenticatorPart::decode, authenticator(time("20260110100000Z"), integer(-0x80000001L)));
    }

    @Test
    void badTimes_invalidToken() {
        for (String t : new String[] {
            "2026011010000Z",
            "20260110100000.5Z",
            "2026011010000aZ",
            "20260230100000Z",
            "20261310100000Z",
            "20260110250000Z",
            "20260110100000+0000",
            ""
        }) {
            assertInvalid(AuthenticatorPart::decode, authenticator(time(t), integer(1)));
        }
        assertInvalid(AuthenticatorPart::decode, authenticator(generalString("20260110100000Z"), integer(1)));
    }

    @Test
    void cusecOutOfRange_invalidToken() {
        byte[] part = app(27, seq(ctx(0, time("20260110100000Z")), ctx(1, integer(1_000_000))));
        assertTrue(assertInvalid(ApRepMessage.Part::decode, part).getMessage().contains("cusec out of range"));
        assertInvalid(ApRepMessage.Part::decode, app(27, seq(ctx(0, time("20260110100000Z")), ctx(1, integer(-1)))));
    }

    @Test
    void unsupportedOrWrongLengthKey_invalidToken() throws Exception {
        byte[] ok = app(27, seq(ctx(0, time("20260110100000Z")), ctx(1, integer(0)), ctx(2, keyDer(18, bytes(32, 1)))));
        assertEquals(
                EncryptionType.AES256_CTS_HMAC_SHA1_96,
                ApRepMessage.Part.decode(ok).subkey().get().type());
        byte[] shortKey =
                app(27, seq(ctx(0, time("20260110100000Z")), ctx(1, integer(0)), ctx(2, keyDer(18, bytes(16, 1)))));
        assertTrue(
                assertInvalid(ApRepMessage.Part::decode, shortKey).getMessage().contains("16 bytes"));
        byte[] unknownType =
                app(27, seq(ctx(0, time("20260110100000Z")), ctx(1, integer(0)), ctx(2, keyDer(99, bytes(32, 1)))));
        assertTrue(assertInvalid(ApRepMessage.Part::decode, unknownType)
                .getMessage()
                .contains("unsupported enctype 99"));
    }

    @Test
    void skippedFieldsAreStillChecked_invalidToken() {
        byte[] badAuthData = app(
                2,
                seq(
                        ctx(0, integer(5)),
                        ctx(1, generalString("R")),
                        ctx(2, principal(1, "a")),
                        ctx(4, integer(0)),
                        ctx(5, time("20260110100000Z")),
                        ctx(8, seq(octets(new byte[0])))));
        assertInvalid(AuthenticatorPart::decode, badAuthData);
        byte[] badAddresses = app(
                3,
                seq(
                        ctx(1, keyDer(17, bytes(16, 8))),
                        ctx(2, generalString("R")),
                        ctx(3, principal(1, "a")),
                        ctx(5, time("20260110100000Z")),
                        ctx(7, time("20260110100000Z")),
                        ctx(9, octets(new byte[0]))));
        assertInvalid(TicketPart::decode, badAddresses);
        byte[] badTransited = app(
                3,
                seq(
                        ctx(1, keyDer(17, bytes(16, 8))),
                        ctx(2, generalString("R")),
                        ctx(3, principal(1, "a")),
                        ctx(4, seq(ctx(1, octets(new byte[0])))),
                        ctx(5, time("20260110100000Z")),
                        ctx(7, time("20260110100000Z"))));
        assertInvalid(TicketPart::decode, badTransited);
    }

    @Test
    void indefiniteLengthOrTrailingBytes_invalidToken() {
        byte[] der = apReq();
        // the same content under an indefinite-length outer tag
        byte[] body = seq(apReqFields());
        byte[] indefinite = Der.concat(new byte[] {0x6E, (byte) 0x80}, body, new byte[] {0, 0});
        assertInvalid(ApReqMessage::decode, indefinite);
        assertTrue(assertInvalid(ApReqMessage::decode, Arrays.copyOf(der, der.length + 2))
                .getMessage()
                .contains("2 bytes after"));
    }

    @Test
    void everyTruncation_invalidToken() throws Exception {
        List<Object[]> cases = List.of(
                new Object[] {(Decoder) ApReqMessage::decode, corpusMessage("initial_context_token_krb_ap_req.bin")},
                new Object[] {(Decoder) ApRepMessage::decode, corpusMessage("initial_context_token_krb_ap_rep.bin")},
                new Object[] {(Decoder) KrbErrorMessage::decode, app(30, Corpus.pyspnego("krb_error.bin"))},
                new Object[] {(Decoder) AuthenticatorPart::decode, authenticator(time("20260110100000Z"), integer(1))},
                new Object[] {(Decoder) TicketPart::decode, ticketPart()},
                new Object[] {
                    (Decoder) ApRepMessage.Part::decode,
                    new ApRepMessage.Part(T, 1, Optional.of(key()), OptionalLong.of(5)).encode()
                });
        for (Object[] c : cases) {
            Decoder decoder = (Decoder) c[0];
            byte[] der = (byte[]) c[1];
            decoder.decode(der);
            for (int len = 0; len < der.length; len++) {
                assertInvalid(decoder, Arrays.copyOf(der, len));
            }
        }
    }

    @Test
    void randomByteChanges_succeedOrInvalidToken_andAgreeWithKerby() throws Exception {
        fuzz(
                corpusMessage("initial_context_token_krb_ap_req.bin"),
                ApReqMessage::decode,
                4000,
                (der, m) ->
                        KerbyTypedDecode.assertSame(KerbyTypedDecode.apReq(der), withKerbyNameType((ApReqMessage) m)));
        fuzz(authenticator(time("20260110100000Z"), integer(77)), AuthenticatorPart::decode, 2000, (der, m) -> {});
        fuzz(ticketPart(), TicketPart::decode, 2000, (der, m) -> {});
    }

    @FunctionalInterface
    private interface Agreement {
        void check(byte[] der, Object decoded) throws Exception;
    }

    /**
     * Changes 1 to 3 random bytes of {@code valid}, many times with a fixed seed: each decode must succeed or
     * fail with INVALID_TOKEN, nothing else; where Kerby's typed decode also succeeds, {@code agreement} holds.
     */
    private static void fuzz(byte[] valid, Decoder decoder, int iterations, Agreement agreement) throws Exception {
        Random random = new Random(0x5EED);
        int accepted = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] der = valid.clone();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                der[random.nextInt(der.length)] = (byte) random.nextInt(256);
            }
            Object decoded;
            try {
                decoded = decoder.decode(der);
            } catch (NegotiateException e) {
                assertEquals(Failure.INVALID_TOKEN, e.failure(), "iteration " + i + ": " + e.getMessage());
                continue;
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + " threw " + t, t);
            }
            accepted++;
            try {
                agreement.check(der, decoded);
            } catch (NegotiateException kerbyRefused) {
                // the Kerby-typed decode is not the judge of what is valid, only of what valid input means
            }
        }
        assertTrue(accepted > 0, "no mutation was accepted: the fuzzing only exercised the first checks");
    }

    /** The message as Kerby's binding reported it: name types it has no constant for became 0. */
    private static ApReqMessage withKerbyNameType(ApReqMessage m) {
        KerberosName s = m.server();
        KerberosName kerby = new KerberosName(NameType.fromValue(s.nameType()).getValue(), s.components(), s.realm());
        return new ApReqMessage(
                m.apOptions(),
                kerby,
                m.ticketEtype(),
                m.ticketKvno(),
                m.ticketCipher(),
                m.authenticatorEtype(),
                m.encryptedAuthenticator());
    }
}
