package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.testing.Corpus;
import org.junit.jupiter.api.Test;

/**
 * The copy-free paths the contexts use: {@link ContextToken#locate} gives what the copying {@link ContextToken#decode}
 * gives and fails the same way; the {@code decode(der, offset, length)} readers give what an independent decoder
 * (Kerby's typed classes, {@link KerbyTypedDecode}) reads from the same message; and the one-array encoders
 * ({@link ApRepMessage#encodeToken}, {@link ApReqMessage#encodeToken}, {@link KrbErrorMessage#encodeToken}) write
 * the bytes of {@code ContextToken.inner(id, m)}, m the message encoded independently ({@link KerbyEncoding}).
 */
class InPlaceCodingTest {
    private static final KerberosName SERVER = KerberosName.hostbasedService("HTTP", "www.example.com", "EXAMPLE.COM");
    private static final byte[] AP_REQ = Corpus.pyspnego("initial_context_token_krb_ap_req.bin");
    private static final byte[] AP_REP = Corpus.pyspnego("initial_context_token_krb_ap_rep.bin");

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The inner (unframed) token of a framed corpus token. */
    private static byte[] bare(byte[] framed) throws NegotiateException {
        ContextToken t = ContextToken.decode(framed);
        return ContextToken.inner(t.id(), t.message());
    }

    private static byte[] message(ContextToken.Located l) {
        return Arrays.copyOfRange(l.bytes(), l.offset(), l.offset() + l.length());
    }

    // ---------------------------------------------------------------- locate

    @Test
    void locate_bareToken_pointsIntoTheCallersArray() throws Exception {
        byte[] bare = bare(AP_REQ);
        ContextToken.Located l = ContextToken.locate(bare);
        assertSame(bare, l.bytes());
        assertEquals(ContextTokenId.AP_REQ, l.id());
        assertEquals(2, l.offset());
        assertEquals(bare.length - 2, l.length());
        assertArrayEquals(ContextToken.decode(bare).message(), message(l));
    }

    /** The contexts locate what their carrier unframed: the same message as decode finds in the framed token. */
    @Test
    void locate_unframedTokens_sameMessageAsDecode() throws Exception {
        for (byte[] framed : List.of(AP_REQ, AP_REP, GssFraming.wrap(MechOid.MS_KERBEROS, bare(AP_REP)))) {
            ContextToken decoded = ContextToken.decode(framed);
            ContextToken.Located l = ContextToken.locate(GssFraming.unwrap(framed, MechOid.KERBEROS));
            assertEquals(decoded.id(), l.id());
            assertArrayEquals(decoded.message(), message(l));
            NegotiateException e = assertThrows(NegotiateException.class, () -> ContextToken.locate(framed));
            assertEquals(Failure.INVALID_TOKEN, e.failure(), "the contexts take bare tokens only");
        }
    }

    @Test
    void locate_malformedTokens_invalidTokenAsDecode() {
        byte[] otherMech = GssFraming.wrap(MechOid.NTLM, new byte[] {1, 0});
        for (byte[] t : new byte[][] {
            null,
            {},
            {1},
            {0x60},
            {4, 4, 0, 0},
            {1, 1, 0x30, 0},
            otherMech,
            {0x60, (byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            {0x60, (byte) 0x80, 6, 0},
            {0x60, 3, 6, 9, 1},
            GssFraming.wrap(MechOid.KERBEROS, new byte[] {1})
        }) {
            NegotiateException located = assertThrows(NegotiateException.class, () -> ContextToken.locate(t));
            NegotiateException decoded = assertThrows(NegotiateException.class, () -> ContextToken.decode(t));
            assertEquals(Failure.INVALID_TOKEN, located.failure());
            assertEquals(Failure.INVALID_TOKEN, decoded.failure());
        }
    }

    // ---------------------------------------------------------------- decode in place

    @Test
    void apReqDecodedInPlace_sameAsCopyingDecode() throws Exception {
        byte[] bare = bare(AP_REQ);
        ContextToken.Located l = ContextToken.locate(bare);
        ApReqMessage inPlace = ApReqMessage.decode(l.bytes(), l.offset(), l.length());
        ApReqMessage reference =
                KerbyTypedDecode.apReq(ContextToken.decode(AP_REQ).message());
        KerbyTypedDecode.assertSame(reference, inPlace);
        assertEquals(reference.toString(), inPlace.toString());
    }

    @Test
    void apRepDecodedInPlace_sameAsCopyingDecode() throws Exception {
        byte[] bare = bare(AP_REP);
        ApRepMessage inPlace = ApRepMessage.decode(bare, 2, bare.length - 2);
        ApRepMessage reference =
                KerbyTypedDecode.apRep(ContextToken.decode(AP_REP).message());
        assertEquals(reference.etype(), inPlace.etype());
        assertArrayEquals(reference.encryptedPart(), inPlace.encryptedPart());
    }

    @Test
    void krbErrorDecodedInPlace_sameAsCopyingDecode() throws Exception {
        byte[] token = KrbErrorMessage.encodeToken(
                KrbErrorMessage.KRB_AP_ERR_SKEW,
                SERVER.toKerby(),
                SERVER.realm(),
                Instant.parse("2026-01-10T10:00:00.123456Z"));
        KrbErrorMessage inPlace = KrbErrorMessage.decode(token, 2, token.length - 2);
        assertEquals(KerbyTypedDecode.krbError(Arrays.copyOfRange(token, 2, token.length)), inPlace);
        assertEquals(KrbErrorMessage.KRB_AP_ERR_SKEW, inPlace.errorCode());
    }

    @Test
    void decodeInPlace_readsOnlyItsRange() throws Exception {
        byte[] message = ContextToken.decode(AP_REQ).message();
        // the message in the middle of a larger array, with garbage on both sides
        byte[] padded = new byte[message.length + 7];
        Arrays.fill(padded, (byte) 0x30);
        System.arraycopy(message, 0, padded, 3, message.length);
        KerbyTypedDecode.assertSame(KerbyTypedDecode.apReq(message), ApReqMessage.decode(padded, 3, message.length));
        // a range one byte short, or one byte long, is refused although the array holds the whole message
        for (int length : new int[] {message.length - 1, message.length + 1}) {
            NegotiateException e = assertThrows(NegotiateException.class, () -> ApReqMessage.decode(padded, 3, length));
            assertEquals(Failure.INVALID_TOKEN, e.failure());
        }
        assertEquals(
                Failure.INVALID_TOKEN,
                assertThrows(NegotiateException.class, () -> ApReqMessage.decode(padded, 3, 0))
                        .failure());
    }

    @Test
    void decodeInPlace_everyTruncationOfTheBareToken_invalidToken() throws Exception {
        byte[] bare = bare(AP_REQ);
        for (int len = 0; len < bare.length; len++) {
            byte[] cut = Arrays.copyOf(bare, len);
            NegotiateException e = assertThrows(NegotiateException.class, () -> {
                ContextToken.Located l = ContextToken.locate(cut);
                ApReqMessage.decode(l.bytes(), l.offset(), l.length());
            });
            assertEquals(Failure.INVALID_TOKEN, e.failure(), "length " + len);
        }
    }

    @Test
    void decodeInPlace_garbledBytes_invalidTokenOnly() throws Exception {
        byte[] bare = bare(AP_REQ);
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] garbled = bare.clone();
            garbled[2 + random.nextInt(garbled.length - 2)] = (byte) random.nextInt(256);
            try {
                ContextToken.Located l = ContextToken.locate(garbled);
                ApReqMessage.decode(l.bytes(), l.offset(), l.length());
            } catch (NegotiateException e) {
                assertEquals(Failure.INVALID_TOKEN, e.failure());
            }
        }
    }

    // ---------------------------------------------------------------- no shared arrays, decryption in place

    @Test
    void decodedMessage_doesNotAliasTheInput() throws Exception {
        byte[] bare = bare(AP_REQ);
        ApReqMessage m = ApReqMessage.decode(bare, 2, bare.length - 2);
        byte[] ticket = m.ticketCipher();
        byte[] authenticator = m.encryptedAuthenticator();
        Arrays.fill(bare, (byte) 0);
        assertArrayEquals(ticket, m.ticketCipher());
        assertArrayEquals(authenticator, m.encryptedAuthenticator());
        assertNotSame(m.ticketCipher(), m.ticketCipher());
    }

    @Test
    void publicConstructors_copyTheirArrays() {
        byte[] cipher = bytes(40, 3);
        ApReqMessage req = new ApReqMessage(0, SERVER, 18, null, cipher, 18, cipher);
        ApRepMessage rep = new ApRepMessage(18, cipher);
        byte[] original = cipher.clone();
        Arrays.fill(cipher, (byte) 0);
        assertArrayEquals(original, req.ticketCipher());
        assertArrayEquals(original, req.encryptedAuthenticator());
        assertArrayEquals(original, rep.encryptedPart());
    }

    @Test
    void decryptMethods_openTheKeptCiphers() throws Exception {
        Krb5Key key = new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, bytes(32, 1));
        Krb5Cipher cipher = Krb5Ciphers.of(key, new SecureRandom());
        byte[] ticketPlain = bytes(100, 4);
        byte[] authPlain = bytes(60, 5);
        byte[] repPlain = bytes(30, 6);
        ApReqMessage req = new ApReqMessage(
                0,
                SERVER,
                18,
                2,
                cipher.encrypt(ApReqMessage.TICKET_USAGE, ticketPlain, 0, ticketPlain.length),
                18,
                cipher.encrypt(ApReqMessage.AUTHENTICATOR_USAGE, authPlain, 0, authPlain.length));
        ApRepMessage rep =
                new ApRepMessage(18, cipher.encrypt(ApRepMessage.ENC_PART_USAGE, repPlain, 0, repPlain.length));
        assertArrayEquals(ticketPlain, req.decryptTicket(cipher));
        assertArrayEquals(authPlain, req.decryptAuthenticator(cipher));
        assertArrayEquals(repPlain, rep.decryptPart(cipher));
        // each under its own usage: the ticket's cipher does not open as an authenticator
        ApReqMessage swapped = new ApReqMessage(0, SERVER, 18, 2, req.encryptedAuthenticator(), 18, req.ticketCipher());
        assertEquals(
                Failure.MESSAGE_ALTERED,
                assertThrows(NegotiateException.class, () -> swapped.decryptTicket(cipher))
                        .failure());
        cipher.destroy();
    }

    // ---------------------------------------------------------------- one-array encoders

    @Test
    void apRepEncodeToken_sameBytesAsInnerOfIndependentEncoding() throws Exception {
        for (int n : new int[] {0, 1, 100, 127, 128, 300, 70_000}) {
            byte[] cipher = bytes(n, n);
            assertArrayEquals(
                    ContextToken.inner(ContextTokenId.AP_REP, KerbyEncoding.apRep(20, cipher)),
                    ApRepMessage.encodeToken(20, cipher));
        }
        ContextToken corpus = ContextToken.decode(AP_REP);
        ApRepMessage rep = ApRepMessage.decode(corpus.message());
        assertArrayEquals(bare(AP_REP), ApRepMessage.encodeToken(rep.etype(), rep.encryptedPart()));
    }

    @Test
    void apReqEncodeToken_withEncodedTicket_sameBytesAsTypedEncoding() throws Exception {
        for (int cipherLength : new int[] {0, 100, 1_000, 70_000}) {
            for (Integer kvno : new Integer[] {null, 3, -2}) {
                Ticket t = new Ticket();
                t.setTktKvno(5);
                t.setRealm(SERVER.realm());
                t.setSname(SERVER.toKerby());
                t.setEncryptedEncPart(KrbInts.encryptedData(18, kvno, bytes(cipherLength, cipherLength)));
                EncodedTicket encoded = TicketCodec.of(t);
                for (boolean mutual : new boolean[] {true, false}) {
                    for (byte[] authenticator : new byte[][] {bytes(77, 2), bytes(300, 3)}) {
                        byte[] typed = ContextToken.inner(
                                ContextTokenId.AP_REQ, KerbyEncoding.apReq(mutual, t, 17, authenticator));
                        assertArrayEquals(typed, ApReqMessage.encodeToken(mutual, encoded, 17, authenticator));
                        // the PA-TGS-REQ's AP-REQ: the same message, without TOK_ID
                        assertArrayEquals(
                                Arrays.copyOfRange(typed, 2, typed.length),
                                ApReqMessage.encode(mutual, encoded, 17, authenticator));
                    }
                }
                assertArrayEquals(KerberosCodec.encode(t), encoded.der());
            }
        }
    }

    @Test
    void apReqEncodeToken_corpusTicket_reencodedByteForByte() throws Exception {
        byte[] message = ContextToken.decode(AP_REQ).message();
        org.apache.kerby.kerberos.kerb.type.ap.ApReq kerby =
                KerbyDecoding.decode(message, org.apache.kerby.kerberos.kerb.type.ap.ApReq.class, "AP-REQ");
        ApReqMessage m = ApReqMessage.decode(message);
        byte[] token = ApReqMessage.encodeToken(
                m.mutualRequired(),
                TicketCodec.of(kerby.getTicket()),
                m.authenticatorEtype(),
                m.encryptedAuthenticator());
        assertArrayEquals(bare(AP_REQ), token);
        // the ticket as received (no Kerby parse), sent again as it is
        EncodedTicket asReceived = org.jnegotiate.asn1.Asn1Tree.bind(
                message,
                "AP-REQ",
                root -> TicketCodec.bind(KrbTree.message(root, ApReqMessage.MSG_TYPE, 5, "AP-REQ")[3]));
        assertEquals(m.server(), asReceived.server());
        assertEquals(m.ticketEtype(), asReceived.etype());
        assertEquals(m.ticketKvno(), asReceived.kvno());
        assertArrayEquals(
                bare(AP_REQ),
                ApReqMessage.encodeToken(
                        m.mutualRequired(), asReceived, m.authenticatorEtype(), m.encryptedAuthenticator()));
    }

    @Test
    void krbErrorEncodeToken_sameBytesAsInnerOfIndependentEncoding() {
        Instant now = Instant.parse("2026-01-10T10:00:00.987654321Z");
        assertArrayEquals(
                ContextToken.inner(
                        ContextTokenId.KRB_ERROR,
                        KerbyEncoding.krbError(
                                KrbErrorMessage.KRB_AP_ERR_MODIFIED, SERVER.toKerby(), SERVER.realm(), now)),
                KrbErrorMessage.encodeToken(
                        KrbErrorMessage.KRB_AP_ERR_MODIFIED, SERVER.toKerby(), SERVER.realm(), now));
    }
}
