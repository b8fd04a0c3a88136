package org.jnegotiate.conformance.sspi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.jnegotiate.sspi.IntByReference;
import org.jnegotiate.sspi.SecBuffer;
import org.jnegotiate.sspi.SecBufferDesc;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.Sspi;

/**
 * EncryptMessage/DecryptMessage and MakeSignature/VerifySignature of an SSPI endpoint, checked against a GSS-API
 * peer's unwrap/wrap and verifyMIC/getMIC. On the wire an SSPI message is TOKEN || DATA (the wrap token the peer
 * unwraps); a peer's wrap token goes to DecryptMessage as [STREAM, DATA].
 */
final class SspiMessages {

    record Decrypted(int status, byte[] message, int qop) {}

    private SspiMessages() {}

    /** EncryptMessage in the connection form: returns TOKEN || DATA. */
    static byte[] encrypt(SspiEndpoint e, byte[] plain, boolean confidential) {
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 0);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, plain.clone());
        int status = e.sspi.encryptMessage(
                e.context, confidential ? 0 : Sspi.SECQOP_WRAP_NO_ENCRYPT, new SecBufferDesc(token, data), 0);
        assertEquals(SecStatus.name(SecStatus.SEC_E_OK), SecStatus.name(status), "EncryptMessage");
        assertEquals(plain.length, data.cbBuffer(), "DATA keeps its length");
        byte[] wire = new byte[token.cbBuffer() + data.cbBuffer()];
        System.arraycopy(token.getBytes(), 0, wire, 0, token.cbBuffer());
        System.arraycopy(data.getBytes(), 0, wire, token.cbBuffer(), data.cbBuffer());
        return wire;
    }

    static Decrypted decrypt(SspiEndpoint e, byte[] wire) {
        SecBuffer stream = new SecBuffer(SecBuffer.SECBUFFER_STREAM, wire.clone());
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA);
        IntByReference qop = new IntByReference();
        int status = e.sspi.decryptMessage(e.context, new SecBufferDesc(stream, data), 0, qop);
        return new Decrypted(status, data.getBytes(), qop.getValue());
    }

    /** MakeSignature: the TOKEN buffer (a GSS MIC token). */
    static byte[] sign(SspiEndpoint e, byte[] message) {
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 0);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, message.clone());
        int status = e.sspi.makeSignature(e.context, 0, new SecBufferDesc(token, data), 0);
        assertEquals(SecStatus.name(SecStatus.SEC_E_OK), SecStatus.name(status), "MakeSignature");
        return token.getBytes().clone();
    }

    static int verify(SspiEndpoint e, byte[] message, byte[] mic) {
        SecBufferDesc desc = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, mic.clone()),
                new SecBuffer(SecBuffer.SECBUFFER_DATA, message.clone()));
        return e.sspi.verifySignature(e.context, desc, 0, new IntByReference());
    }

    /**
     * Messages both ways: sealed (and, when {@code integrityOnlyWrap}, SECQOP_WRAP_NO_ENCRYPT) EncryptMessage
     * unwrapped by the peer and the peer's wrap tokens through DecryptMessage with the right pfQOP; MakeSignature
     * verified by the peer and the peer's MIC through VerifySignature; last, a tampered MIC of the peer is
     * SEC_E_MESSAGE_ALTERED.
     */
    static void assertBothWays(SspiEndpoint sspi, GssSide peer, boolean integrityOnlyWrap) throws Exception {
        for (boolean sealed : integrityOnlyWrap ? new boolean[] {true, false} : new boolean[] {true}) {
            byte[] toPeer = ("EncryptMessage, sealed " + sealed).getBytes(UTF_8);
            byte[] wire = encrypt(sspi, toPeer, sealed);
            assertEquals(
                    sealed, !contains(wire, toPeer), "plaintext visible in a sealed message or hidden in a signed one");
            GssSide.Unwrapped unwrapped = peer.unwrap(wire);
            assertArrayEquals(toPeer, unwrapped.message(), "the peer's unwrap of EncryptMessage");
            assertEquals(sealed, unwrapped.confidential(), "conf_state of the peer's unwrap");

            byte[] fromPeer = ("peer wrap, sealed " + sealed).getBytes(UTF_8);
            Decrypted d = decrypt(sspi, peer.wrap(fromPeer, sealed));
            assertEquals(
                    SecStatus.name(SecStatus.SEC_E_OK),
                    SecStatus.name(d.status()),
                    "DecryptMessage of the peer's wrap");
            assertArrayEquals(fromPeer, d.message());
            assertEquals(sealed ? 0 : Sspi.SECQOP_WRAP_NO_ENCRYPT, d.qop(), "pfQOP");
        }
        byte[] toPeer = "MakeSignature".getBytes(UTF_8);
        peer.verifyMic(toPeer, sign(sspi, toPeer));
        byte[] fromPeer = "peer getMIC".getBytes(UTF_8);
        byte[] mic = peer.getMic(fromPeer);
        assertEquals(
                SecStatus.name(SecStatus.SEC_E_OK), SecStatus.name(verify(sspi, fromPeer, mic)), "VerifySignature");

        byte[] next = "tampered after this".getBytes(UTF_8);
        byte[] nextMic = peer.getMic(next);
        next[0] ^= 1;
        assertEquals(
                SecStatus.name(SecStatus.SEC_E_MESSAGE_ALTERED),
                SecStatus.name(verify(sspi, next, nextMic)),
                "VerifySignature of a changed message");
        assertFalse(sspi.context.isNull());
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
