package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** EncryptMessage/DecryptMessage in the connection form, as SSPI callers write them. */
final class Messages {
    private Messages() {}

    /** Returns TOKEN || DATA, what a caller sends. */
    static byte[] encrypt(Sspi sspi, CtxtHandle ctx, byte[] plain) {
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, plain.clone());
        assertEquals(SecStatus.SEC_E_OK, sspi.encryptMessage(ctx, 0, new SecBufferDesc(token, data), 0));
        byte[] out = new byte[token.cbBuffer() + data.cbBuffer()];
        System.arraycopy(token.getBytes(), 0, out, 0, token.cbBuffer());
        System.arraycopy(data.getBytes(), 0, out, token.cbBuffer(), data.cbBuffer());
        return out;
    }

    static byte[] decrypt(Sspi sspi, CtxtHandle ctx, byte[] wire) {
        SecBuffer stream = new SecBuffer(SecBuffer.SECBUFFER_STREAM, wire);
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA);
        assertEquals(SecStatus.SEC_E_OK, sspi.decryptMessage(ctx, new SecBufferDesc(stream, data), 0, null));
        return data.getBytes();
    }
}
