package org.jnegotiate.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SequenceWindow;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;

/**
 * The per-message protection of a {@link FakeMechanism} context, under the context's key. A wrap token is
 * {@code tag conf seq(4) mac(8) body} (the tag is the mechanism's initial, so a test sees whose protector made it;
 * the body XOR 0x5A when sealed; the MAC binds the direction and the number, which the receiver checks for the
 * replay and sequence detection the request asked for). A MIC is a keyed hash of the message alone, the same from
 * either side and every time, so that SPNEGO tests can compute and compare mechListMICs.
 */
final class FakeProtector implements MessageProtector {
    static final int OVERHEAD = 14;
    static final int MIC_SIZE = 12;
    private static final int MAC_SIZE = 8;

    /** The context's key; refused once the context is disposed. */
    interface Key {
        byte[] get() throws NegotiateException;
    }

    private final byte tag;
    private final boolean initiator;
    private final Key key;
    private final Supplier<RuntimeException> bug;
    private final SequenceWindow window;
    private int sendSeq;

    /** {@code bug}: when it supplies an exception, unwrap and verifyMic throw it (a bug inside a mechanism). */
    FakeProtector(char tag, boolean initiator, ContextRequest request, Key key, Supplier<RuntimeException> bug) {
        this.tag = (byte) tag;
        this.initiator = initiator;
        this.key = key;
        this.bug = bug;
        this.window = new SequenceWindow(
                0, 32, request.has(ContextFlag.REPLAY_DETECTION), request.has(ContextFlag.SEQUENCE_DETECTION));
    }

    @Override
    public synchronized byte[] wrap(byte[] message, int offset, int length, boolean confidential)
            throws NegotiateException {
        byte[] body = Arrays.copyOfRange(message, offset, offset + length);
        if (confidential) {
            seal(body);
        }
        int seq = sendSeq++;
        return ByteBuffer.allocate(OVERHEAD + length)
                .put(tag)
                .put((byte) (confidential ? 1 : 0))
                .putInt(seq)
                .put(mac(initiator, seq, body))
                .put(body)
                .array();
    }

    @Override
    public Unwrapped unwrap(byte[] token, int offset, int length) throws NegotiateException {
        throwBug();
        if (length < OVERHEAD || token[offset] != tag) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "not a fake wrap token");
        }
        ByteBuffer b = ByteBuffer.wrap(token, offset + 1, length - 1);
        boolean confidential = b.get() == 1;
        int seq = b.getInt();
        byte[] mac = new byte[MAC_SIZE];
        b.get(mac);
        byte[] body = new byte[b.remaining()];
        b.get(body);
        if (!MessageDigest.isEqual(mac, mac(!initiator, seq, body))) {
            throw new NegotiateException(Failure.MESSAGE_ALTERED, "fake MAC mismatch");
        }
        TokenOrder order = window.accept(seq);
        if (confidential) {
            seal(body);
        }
        return new Unwrapped(body, confidential, order);
    }

    @Override
    public byte[] getMic(byte[] message, int offset, int length) throws NegotiateException {
        return hmac(key.get(), Arrays.copyOfRange(message, offset, offset + length), MIC_SIZE);
    }

    @Override
    public TokenOrder verifyMic(byte[] token, int tokenOffset, int tokenLength, byte[] message, int offset, int length)
            throws NegotiateException {
        throwBug();
        if (tokenLength != MIC_SIZE) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "not a fake MIC");
        }
        if (!MessageDigest.isEqual(
                Arrays.copyOfRange(token, tokenOffset, tokenOffset + tokenLength), getMic(message, offset, length))) {
            throw new NegotiateException(Failure.MESSAGE_ALTERED, "fake MIC mismatch");
        }
        return TokenOrder.IN_ORDER;
    }

    @Override
    public int wrapSizeLimit(int maxTokenSize, boolean confidential) {
        return maxTokenSize - OVERHEAD;
    }

    @Override
    public boolean confidentialityAvailable() {
        return true;
    }

    /** HMAC-SHA256 of {@code message} under {@code key}, cut to {@code length} bytes. */
    static byte[] hmac(byte[] key, byte[] message, int length) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(m.doFinal(message), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void throwBug() {
        RuntimeException e = bug.get();
        if (e != null) {
            throw e;
        }
    }

    private static void seal(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            body[i] ^= 0x5A;
        }
    }

    private byte[] mac(boolean fromInitiator, int seq, byte[] body) throws NegotiateException {
        byte[] signed = ByteBuffer.allocate(5 + body.length)
                .put((byte) (fromInitiator ? 0 : 1))
                .putInt(seq)
                .put(body)
                .array();
        return hmac(key.get(), signed, MAC_SIZE);
    }
}
