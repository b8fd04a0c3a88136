package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jnegotiate.testing.FakeMechanism;
import org.junit.jupiter.api.Test;

/** EncryptMessage/DecryptMessage/MakeSignature/VerifySignature and their buffer layouts. */
class SspiMessageTest {
    private static final String SPN = "HTTP/server.example";
    private static final int REQ = IscReq.ISC_REQ_MUTUAL_AUTH
            | IscReq.ISC_REQ_CONFIDENTIALITY
            | IscReq.ISC_REQ_INTEGRITY
            | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_SEQUENCE_DETECT;
    private static final int AREQ =
            AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_REPLAY_DETECT | AscReq.ASC_REQ_SEQUENCE_DETECT;
    private static final byte[] HELLO = "hello, sealed world".getBytes(StandardCharsets.UTF_8);

    private final Harness h = new Harness(2);

    @Test
    void encrypt_splitsTokenAndData_dataKeepsItsLength_decryptRestores() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone());
        SecBuffer padding = new SecBuffer(SecBuffer.SECBUFFER_PADDING, 16);
        assertEquals(SecStatus.SEC_E_OK, h.sspi.encryptMessage(p[0], 0, new SecBufferDesc(token, data, padding), 0));
        assertEquals(FakeMechanism.OVERHEAD, token.cbBuffer());
        assertEquals(HELLO.length, data.cbBuffer());
        assertEquals(0, padding.cbBuffer());
        assertTrue(!java.util.Arrays.equals(HELLO, data.getBytes()), "sealed");

        IntByReference qop = new IntByReference(-1);
        assertEquals(SecStatus.SEC_E_OK, h.sspi.decryptMessage(p[1], new SecBufferDesc(token, data, padding), 0, qop));
        assertArrayEquals(HELLO, data.getBytes());
        assertEquals(0, qop.getValue());
    }

    @Test
    void wrapNoEncrypt_qopReportedBack() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone());
        assertEquals(
                SecStatus.SEC_E_OK,
                h.sspi.encryptMessage(p[0], Sspi.SECQOP_WRAP_NO_ENCRYPT, new SecBufferDesc(token, data), 0));
        assertArrayEquals(HELLO, data.getBytes(), "integrity only: the data stays readable");
        IntByReference qop = new IntByReference();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.decryptMessage(p[1], new SecBufferDesc(token, data), 0, qop));
        assertEquals(Sspi.SECQOP_WRAP_NO_ENCRYPT, qop.getValue());
    }

    @Test
    void unknownQop_qopNotSupported() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        SecBufferDesc m = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64), new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone()));
        assertEquals(SecStatus.SEC_E_QOP_NOT_SUPPORTED, h.sspi.encryptMessage(p[0], 7, m, 0));
        assertEquals(SecStatus.SEC_E_QOP_NOT_SUPPORTED, h.sspi.makeSignature(p[0], 7, m, 0));
    }

    @Test
    void encrypt_withoutNegotiatedConfidentiality_unsupportedFunction() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, IscReq.ISC_REQ_INTEGRITY, 0);
        SecBufferDesc m = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64), new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone()));
        assertEquals(SecStatus.SEC_E_UNSUPPORTED_FUNCTION, h.sspi.encryptMessage(p[0], 0, m, 0));
        assertEquals(SecStatus.SEC_E_OK, h.sspi.encryptMessage(p[0], Sspi.SECQOP_WRAP_NO_ENCRYPT, m, 0));
    }

    @Test
    void tamperedMessage_messageAltered() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        byte[] wire = Messages.encrypt(h.sspi, p[0], HELLO);
        wire[wire.length - 1] ^= 1;
        SecBufferDesc m = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_STREAM, wire), new SecBuffer(SecBuffer.SECBUFFER_DATA));
        assertEquals(SecStatus.SEC_E_MESSAGE_ALTERED, h.sspi.decryptMessage(p[1], m, 0, null));
    }

    @Test
    void replayedMessage_outOfSequence() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        byte[] wire = Messages.encrypt(h.sspi, p[0], HELLO);
        assertArrayEquals(HELLO, Messages.decrypt(h.sspi, p[1], wire));
        SecBufferDesc again = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_STREAM, wire), new SecBuffer(SecBuffer.SECBUFFER_DATA));
        assertEquals(SecStatus.SEC_E_OUT_OF_SEQUENCE, h.sspi.decryptMessage(p[1], again, 0, null));
    }

    @Test
    void makeAndVerifySignature_roundTrip_andTamper() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 32);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone());
        assertEquals(SecStatus.SEC_E_OK, h.sspi.makeSignature(p[0], 0, new SecBufferDesc(token, data), 0));
        assertEquals(FakeMechanism.MIC_SIZE, token.cbBuffer());
        IntByReference qop = new IntByReference(-1);
        assertEquals(SecStatus.SEC_E_OK, h.sspi.verifySignature(p[1], new SecBufferDesc(token, data), 0, qop));
        assertEquals(0, qop.getValue());

        SecBuffer t2 = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 32);
        assertEquals(SecStatus.SEC_E_OK, h.sspi.makeSignature(p[0], 0, new SecBufferDesc(t2, data), 0));
        SecBuffer other = new SecBuffer(SecBuffer.SECBUFFER_DATA, "other".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                SecStatus.SEC_E_MESSAGE_ALTERED, h.sspi.verifySignature(p[1], new SecBufferDesc(t2, other), 0, null));
    }

    @Test
    void readOnlyBuffers_unsupportedFunction() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        SecBufferDesc m = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64),
                new SecBuffer(SecBuffer.SECBUFFER_DATA, HELLO.clone()),
                new SecBuffer(SecBuffer.SECBUFFER_DATA | SecBuffer.SECBUFFER_READONLY_WITH_CHECKSUM, new byte[4]));
        assertEquals(SecStatus.SEC_E_UNSUPPORTED_FUNCTION, h.sspi.encryptMessage(p[0], 0, m, 0));
    }

    @Test
    void missingTokenBuffer_invalidToken() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ, AREQ);
        assertEquals(
                SecStatus.SEC_E_INVALID_TOKEN,
                h.sspi.encryptMessage(p[0], 0, new SecBufferDesc(SecBuffer.SECBUFFER_DATA, HELLO.clone()), 0));
    }

    @Test
    void streamForm_recordRoundTrip_withExtraBytes() {
        int req = REQ | IscReq.ISC_REQ_STREAM;
        CtxtHandle[] p = h.establish("Negotiate", SPN, req, AREQ | AscReq.ASC_REQ_STREAM);
        SecPkgContext.StreamSizes sizes = new SecPkgContext.StreamSizes();
        assertEquals(SecStatus.SEC_E_OK, h.sspi.queryContextAttributes(p[0], Sspi.SECPKG_ATTR_STREAM_SIZES, sizes));
        assertEquals(4 + FakeMechanism.OVERHEAD, sizes.cbHeader);
        assertEquals(0, sizes.cbTrailer);
        assertEquals(4, sizes.cBuffers);

        byte[] record = streamEncrypt(p[0], HELLO);
        byte[] next = streamEncrypt(p[0], "second".getBytes(StandardCharsets.UTF_8));
        byte[] wire = concat(record, next);

        SecBufferDesc in = fourBuffers(wire);
        assertEquals(SecStatus.SEC_E_OK, h.sspi.decryptMessage(p[1], in, 0, null));
        assertEquals(SecBuffer.SECBUFFER_STREAM_HEADER, in.get(0).type());
        assertEquals(SecBuffer.SECBUFFER_DATA, in.get(1).type());
        assertArrayEquals(HELLO, in.get(1).getBytes());
        assertEquals(SecBuffer.SECBUFFER_STREAM_TRAILER, in.get(2).type());
        assertEquals(SecBuffer.SECBUFFER_EXTRA, in.get(3).type());
        assertArrayEquals(next, in.get(3).getBytes());

        SecBufferDesc in2 = fourBuffers(in.get(3).getBytes());
        assertEquals(SecStatus.SEC_E_OK, h.sspi.decryptMessage(p[1], in2, 0, null));
        assertEquals("second", new String(in2.get(1).getBytes(), StandardCharsets.UTF_8));
        assertEquals(SecBuffer.SECBUFFER_EMPTY, in2.get(3).type());
    }

    @Test
    void streamForm_shortInput_incompleteMessage_withMissingCount() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ | IscReq.ISC_REQ_STREAM, AREQ | AscReq.ASC_REQ_STREAM);
        byte[] record = streamEncrypt(p[0], HELLO);

        SecBufferDesc partial = fourBuffers(java.util.Arrays.copyOf(record, record.length - 5));
        assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, h.sspi.decryptMessage(p[1], partial, 0, null));
        assertEquals(SecBuffer.SECBUFFER_MISSING, partial.get(1).type());
        assertEquals(5, partial.get(1).cbBuffer());

        SecBufferDesc tiny = fourBuffers(new byte[] {0, 0});
        assertEquals(SecStatus.SEC_E_INCOMPLETE_MESSAGE, h.sspi.decryptMessage(p[1], tiny, 0, null));
        assertEquals(SecBuffer.SECBUFFER_MISSING, tiny.get(1).type());

        assertEquals(
                SecStatus.SEC_E_OK,
                h.sspi.decryptMessage(p[1], fourBuffers(record), 0, null),
                "after more bytes arrived the whole record decrypts");
    }

    @Test
    void streamForm_absurdRecordLength_insufficientMemory() {
        CtxtHandle[] p = h.establish("Negotiate", SPN, REQ | IscReq.ISC_REQ_STREAM, AREQ | AscReq.ASC_REQ_STREAM);
        SecBufferDesc in = fourBuffers(new byte[] {(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
        assertEquals(SecStatus.SEC_E_INSUFFICIENT_MEMORY, h.sspi.decryptMessage(p[1], in, 0, null));
    }

    private byte[] streamEncrypt(CtxtHandle ctx, byte[] plain) {
        SecBuffer header = new SecBuffer(SecBuffer.SECBUFFER_STREAM_HEADER, 0);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, plain.clone());
        SecBuffer trailer = new SecBuffer(SecBuffer.SECBUFFER_STREAM_TRAILER, 0);
        assertEquals(
                SecStatus.SEC_E_OK,
                h.sspi.encryptMessage(
                        ctx, 0, new SecBufferDesc(header, data, trailer, new SecBuffer(SecBuffer.SECBUFFER_EMPTY)), 0));
        return concat(concat(header.getBytes(), data.getBytes()), trailer.getBytes());
    }

    private static SecBufferDesc fourBuffers(byte[] received) {
        return new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_DATA, received),
                new SecBuffer(SecBuffer.SECBUFFER_EMPTY),
                new SecBuffer(SecBuffer.SECBUFFER_EMPTY),
                new SecBuffer(SecBuffer.SECBUFFER_EMPTY));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
