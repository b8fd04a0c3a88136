package org.jnegotiate.sspi;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;

/**
 * EncryptMessage, DecryptMessage, MakeSignature and VerifySignature over SecBuffers, on the engine's
 * {@link MessageProtector}.
 *
 * <h2>Buffer layout (this door's design)</h2>
 * <ul>
 * <li><b>Connection form</b> (the default): EncryptMessage takes a TOKEN, one DATA and an optional PADDING
 * buffer. The protector's wrap token W of a DATA of n bytes is split: TOKEN receives the first
 * {@code |W| - n} bytes, DATA the last n bytes (so DATA keeps its length, as SSPI callers expect), PADDING is
 * emptied (cbBlockSize is 1). For NTLM this is exactly Windows' layout (16-byte signature, sealed data).
 * DecryptMessage concatenates TOKEN, DATA and PADDING back into W, unwraps it and puts the message in DATA.
 * DecryptMessage also takes the Kerberos-style pair [STREAM = the whole W, DATA = output].</li>
 * <li><b>Stream form</b> (contexts with ISC_REQ_STREAM/ASC_REQ_STREAM): a record is a 4-byte big-endian length
 * followed by W. EncryptMessage takes [STREAM_HEADER, DATA, STREAM_TRAILER, (EMPTY)]: the header receives the
 * length and the first {@code |W| - n} bytes, DATA the last n, the trailer stays empty; the caller sends
 * header, data and trailer in that order. DecryptMessage takes [DATA = received bytes, EMPTY, EMPTY, EMPTY]
 * and returns [STREAM_HEADER, DATA = message, STREAM_TRAILER, EXTRA = bytes after the record]; when the input
 * holds less than one record it returns SEC_E_INCOMPLETE_MESSAGE and turns the second buffer into MISSING,
 * whose cbBuffer is the number of bytes still needed (or 0 when even the length is incomplete).</li>
 * </ul>
 * fQOP is 0 or SECQOP_WRAP_NO_ENCRYPT; buffers flagged READONLY (sign-only data) are refused with
 * SEC_E_UNSUPPORTED_FUNCTION, since the engine's protector has no sign-only regions; MessageSeqNo is
 * ignored (connection-oriented contexts keep their own sequence numbers).
 */
final class MessageSecurity {
    static final int RECORD_LENGTH_SIZE = 4;
    private static final byte[] NONE = new byte[0];

    private MessageSecurity() {}

    static int encrypt(SecurityContext ctx, int fQop, SecBufferDesc message) throws SspiException {
        boolean conf = confidentialRequested(fQop);
        MessageProtector p = protector(ctx);
        if (conf && (!p.confidentialityAvailable() || !ctx.granted().contains(ContextFlag.CONFIDENTIALITY))) {
            throw new SspiException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "confidentiality was not negotiated: use SECQOP_WRAP_NO_ENCRYPT or ask for ISC_REQ_CONFIDENTIALITY");
        }
        refuseReadOnly(message);
        SecBuffer data = require(message, SecBuffer.SECBUFFER_DATA);
        byte[] plain = data.getBytes();
        byte[] wrapped = wrap(p, plain, conf);
        int split = wrapped.length - plain.length;
        byte[] head = Arrays.copyOfRange(wrapped, 0, split);
        byte[] tail = Arrays.copyOfRange(wrapped, split, wrapped.length);
        if (ctx.stream()) {
            SecBuffer header = require(message, SecBuffer.SECBUFFER_STREAM_HEADER);
            SecBuffer trailer = require(message, SecBuffer.SECBUFFER_STREAM_TRAILER);
            header.setBytes(ByteBuffer.allocate(RECORD_LENGTH_SIZE + head.length)
                    .putInt(wrapped.length)
                    .put(head)
                    .array());
            trailer.setBytes(NONE);
        } else {
            require(message, SecBuffer.SECBUFFER_TOKEN).setBytes(head);
            SecBuffer padding = message.first(SecBuffer.SECBUFFER_PADDING);
            if (padding != null) {
                padding.setBytes(NONE);
            }
        }
        data.setBytes(tail);
        return SecStatus.SEC_E_OK;
    }

    static int decrypt(SecurityContext ctx, SecBufferDesc message, IntByReference pfQop) throws SspiException {
        MessageProtector p = protector(ctx);
        refuseReadOnly(message);
        SecBuffer streamBuf = message.first(SecBuffer.SECBUFFER_STREAM);
        if (streamBuf != null) {
            SecBuffer data = require(message, SecBuffer.SECBUFFER_DATA);
            return deliver(p, streamBuf.getBytes(), data, pfQop);
        }
        if (ctx.stream()) {
            return decryptRecord(ctx, p, message, pfQop);
        }
        SecBuffer token = require(message, SecBuffer.SECBUFFER_TOKEN);
        SecBuffer data = require(message, SecBuffer.SECBUFFER_DATA);
        SecBuffer padding = message.first(SecBuffer.SECBUFFER_PADDING);
        byte[] pad = padding == null ? NONE : padding.getBytes();
        byte[] wrapped = concat(token.getBytes(), data.getBytes(), pad);
        return deliver(p, wrapped, data, pfQop);
    }

    private static int decryptRecord(
            SecurityContext ctx, MessageProtector p, SecBufferDesc message, IntByReference pfQop) throws SspiException {
        if (message.cBuffers() < 4) {
            throw new SspiException(
                    Failure.INVALID_PARAMETER,
                    "a stream DecryptMessage takes four buffers: DATA (the received bytes) and three EMPTY");
        }
        SecBuffer in = message.get(0);
        if (in.type() != SecBuffer.SECBUFFER_DATA) {
            throw new SspiException(Failure.INVALID_PARAMETER, "the first buffer must be DATA (the received bytes)");
        }
        byte[] received = in.getBytes();
        if (received.length < RECORD_LENGTH_SIZE) {
            missing(message, 0);
            return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
        }
        long length = Integer.toUnsignedLong(
                ByteBuffer.wrap(received, 0, RECORD_LENGTH_SIZE).getInt());
        if (length > ctx.maxTokenSize()) {
            throw new SspiException(
                    Failure.INSUFFICIENT_MEMORY,
                    "a stream record of " + length + " bytes is larger than the configured maximum of "
                            + ctx.maxTokenSize());
        }
        long total = RECORD_LENGTH_SIZE + length;
        if (received.length < total) {
            missing(message, (int) (total - received.length));
            return SecStatus.SEC_E_INCOMPLETE_MESSAGE;
        }
        byte[] wrapped = Arrays.copyOfRange(received, RECORD_LENGTH_SIZE, (int) total);
        Unwrapped u = unwrap(p, wrapped);
        byte[] extra = Arrays.copyOfRange(received, (int) total, received.length);
        int headerLength = RECORD_LENGTH_SIZE + wrapped.length - u.message().length;
        in.setBytes(Arrays.copyOfRange(received, 0, Math.max(RECORD_LENGTH_SIZE, headerLength)));
        in.setBufferType(SecBuffer.SECBUFFER_STREAM_HEADER);
        message.get(1).setBufferType(SecBuffer.SECBUFFER_DATA);
        message.get(1).setBytes(u.message());
        message.get(2).setBufferType(SecBuffer.SECBUFFER_STREAM_TRAILER);
        message.get(2).setBytes(NONE);
        if (extra.length > 0) {
            message.get(3).setBufferType(SecBuffer.SECBUFFER_EXTRA);
            message.get(3).setBytes(extra);
        }
        setQop(pfQop, u);
        return SecStatus.SEC_E_OK;
    }

    private static void missing(SecBufferDesc message, int count) {
        SecBuffer b = message.get(1);
        b.setBufferType(SecBuffer.SECBUFFER_MISSING);
        b.setMissing(count);
    }

    static int makeSignature(SecurityContext ctx, int fQop, SecBufferDesc message) throws SspiException {
        if (fQop != 0) {
            throw new SspiException(SecStatus.SEC_E_QOP_NOT_SUPPORTED, "MakeSignature takes fQOP 0");
        }
        MessageProtector p = protector(ctx);
        refuseReadOnly(message);
        SecBuffer data = require(message, SecBuffer.SECBUFFER_DATA);
        SecBuffer token = require(message, SecBuffer.SECBUFFER_TOKEN);
        try {
            token.setBytes(p.getMic(data.getBytes(), 0, data.cbBuffer()));
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
        return SecStatus.SEC_E_OK;
    }

    static int verifySignature(SecurityContext ctx, SecBufferDesc message, IntByReference pfQop) throws SspiException {
        MessageProtector p = protector(ctx);
        refuseReadOnly(message);
        SecBuffer data = require(message, SecBuffer.SECBUFFER_DATA);
        SecBuffer token = require(message, SecBuffer.SECBUFFER_TOKEN);
        TokenOrder order;
        try {
            order = p.verifyMic(token.getBytes(), 0, token.cbBuffer(), data.getBytes(), 0, data.cbBuffer());
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
        checkOrder(order);
        if (pfQop != null) {
            pfQop.setValue(0);
        }
        return SecStatus.SEC_E_OK;
    }

    static void sizes(SecurityContext ctx, SecPkgContext.Sizes out) throws SspiException {
        MessageProtector p = protector(ctx);
        int max = ctx.maxTokenSize();
        boolean conf = p.confidentialityAvailable();
        out.cbMaxToken = max;
        out.cbSecurityTrailer = max - p.wrapSizeLimit(max, conf);
        out.cbMaxSignature = max - p.wrapSizeLimit(max, false);
        out.cbBlockSize = 1;
    }

    static void streamSizes(SecurityContext ctx, SecPkgContext.StreamSizes out) throws SspiException {
        MessageProtector p = protector(ctx);
        int max = ctx.maxTokenSize();
        boolean conf = p.confidentialityAvailable();
        out.cbHeader = RECORD_LENGTH_SIZE + max - p.wrapSizeLimit(max, conf);
        out.cbTrailer = 0;
        out.cbMaximumMessage = p.wrapSizeLimit(max, conf);
        out.cBuffers = 4;
        out.cbBlockSize = 1;
    }

    // ---- helpers ----

    private static boolean confidentialRequested(int fQop) throws SspiException {
        if (fQop == 0) {
            return true;
        }
        if (fQop == Sspi.SECQOP_WRAP_NO_ENCRYPT) {
            return false;
        }
        throw new SspiException(
                SecStatus.SEC_E_QOP_NOT_SUPPORTED,
                String.format("fQOP 0x%08X: only 0 and SECQOP_WRAP_NO_ENCRYPT are supported", fQop));
    }

    private static MessageProtector protector(SecurityContext ctx) throws SspiException {
        MechContext m = ctx.establishedContext();
        try {
            return m.protector();
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }

    private static SecBuffer require(SecBufferDesc desc, int type) throws SspiException {
        SecBuffer b = desc == null ? null : desc.first(type);
        if (b == null) {
            throw new SspiException(Failure.INVALID_TOKEN, "no SecBuffer of type " + type + " was given");
        }
        return b;
    }

    private static void refuseReadOnly(SecBufferDesc desc) throws SspiException {
        if (desc == null) {
            throw new SspiException(Failure.INVALID_PARAMETER, "no SecBufferDesc was given");
        }
        for (int i = 0; i < desc.cBuffers(); i++) {
            if (desc.get(i).isReadOnly()) {
                throw new SspiException(
                        Failure.UNSUPPORTED_FUNCTION, "read-only (sign-only) buffers are not supported");
            }
        }
    }

    private static byte[] wrap(MessageProtector p, byte[] plain, boolean conf) throws SspiException {
        try {
            return p.wrap(plain, 0, plain.length, conf);
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }

    private static Unwrapped unwrap(MessageProtector p, byte[] wrapped) throws SspiException {
        Unwrapped u;
        try {
            u = p.unwrap(wrapped, 0, wrapped.length);
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
        checkOrder(u.order());
        return u;
    }

    private static int deliver(MessageProtector p, byte[] wrapped, SecBuffer data, IntByReference pfQop)
            throws SspiException {
        Unwrapped u = unwrap(p, wrapped);
        data.setBytes(u.message());
        setQop(pfQop, u);
        return SecStatus.SEC_E_OK;
    }

    private static void setQop(IntByReference pfQop, Unwrapped u) {
        if (pfQop != null) {
            pfQop.setValue(u.confidential() ? 0 : Sspi.SECQOP_WRAP_NO_ENCRYPT);
        }
    }

    private static void checkOrder(TokenOrder order) throws SspiException {
        if (order != TokenOrder.IN_ORDER) {
            throw new SspiException(
                    order == TokenOrder.DUPLICATE ? Failure.REPLAYED_TOKEN : Failure.OUT_OF_SEQUENCE,
                    "the message is " + order + " in the sequence");
        }
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
