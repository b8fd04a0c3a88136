package org.jnegotiate.ntlm;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SequenceWindow;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.jnegotiate.ntlm.crypto.Rc4;
import org.jnegotiate.ntlm.messages.NegotiateFlags;

/**
 * NTLM session security for a connection-oriented context with extended session security (MS-NLMP
 * section 3.4): a signing key, a sealing key, one RC4 handle and one sequence number per direction.
 *
 * <p>Tokens: {@link #getMic} returns the 16-byte NTLMSSP_MESSAGE_SIGNATURE; {@link #wrap} returns the
 * signature followed by the sealed message, the layout gss-ntlmssp uses for gss_wrap. When SEAL was
 * negotiated every wrap token is sealed, whatever the caller asked.
 *
 * <p>Ordering, honestly: the RC4 keystream of a direction advances with every sealed message (and,
 * with key exchange, with every signature), so a receiver can only process those tokens in the order
 * they were produced. A token whose sequence number is below the next expected one is refused with
 * {@link Failure#REPLAYED_TOKEN} and one above it (a loss) with {@link Failure#OUT_OF_SEQUENCE}, both
 * without touching the keystream, so the context survives a replay. A token that fails its integrity
 * check has consumed keystream: the receiving direction is then desynchronised and refuses every
 * further token with {@link Failure#MESSAGE_ALTERED}, as Windows does. Only signatures without key
 * exchange can be verified out of order; for those the {@link SequenceWindow} reports duplicates and gaps.
 */
final class NtlmProtector implements MessageProtector {
    private static final int SIG = NtlmCrypto.SIGNATURE_LENGTH;

    /** One direction of the session: keys, RC4 handle, sequence number. */
    private static final class Direction {
        final byte[] signKey;
        final byte[] sealKey;
        /** HmacMD5 keyed with signKey, kept: one JCA lookup per context, not per message. */
        final Mac hmac;

        Rc4 rc4;
        /** Next number to send, or (receiving) one past the highest accepted. */
        int seq;

        boolean desynchronised;

        Direction(byte[] signKey, byte[] sealKey) {
            this.signKey = signKey;
            this.sealKey = sealKey;
            this.hmac = NtlmCrypto.signingMac(signKey);
            this.rc4 = Rc4.init(sealKey);
        }

        void resetRc4() {
            rc4.destroy();
            rc4 = Rc4.init(sealKey);
        }

        void destroy() {
            Arrays.fill(signKey, (byte) 0);
            Arrays.fill(sealKey, (byte) 0);
            hmac.reset(); // the JCA cannot zero the key inside a Mac; dropping the context drops it
            rc4.destroy();
        }
    }

    private final boolean seal;
    private final boolean keyExch;
    private final Direction out;
    private final Direction in;
    private final SequenceWindow window;
    private volatile boolean disposed;

    NtlmProtector(
            int negotiatedFlags,
            byte[] exportedSessionKey,
            boolean initiator,
            boolean replayDetection,
            boolean sequenceDetection) {
        this.seal = NegotiateFlags.has(negotiatedFlags, NegotiateFlags.NEGOTIATE_SEAL);
        this.keyExch = NegotiateFlags.has(negotiatedFlags, NegotiateFlags.NEGOTIATE_KEY_EXCH);
        NtlmCrypto.Mode mine = initiator ? NtlmCrypto.Mode.CLIENT : NtlmCrypto.Mode.SERVER;
        NtlmCrypto.Mode theirs = initiator ? NtlmCrypto.Mode.SERVER : NtlmCrypto.Mode.CLIENT;
        this.out = new Direction(
                NtlmCrypto.signKey(exportedSessionKey, mine),
                NtlmCrypto.sealKey(negotiatedFlags, exportedSessionKey, mine));
        this.in = new Direction(
                NtlmCrypto.signKey(exportedSessionKey, theirs),
                NtlmCrypto.sealKey(negotiatedFlags, exportedSessionKey, theirs));
        this.window = new SequenceWindow(0, 32, replayDetection, sequenceDetection);
    }

    @Override
    public byte[] wrap(byte[] message, int offset, int length, boolean confidential) throws NegotiateException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(offset, length, message.length);
        synchronized (out) {
            int seq = out.seq++;
            byte[] token = new byte[SIG + length];
            if (seal) {
                out.rc4.update(message, offset, length, token, SIG);
            } else {
                System.arraycopy(message, offset, token, SIG, length);
            }
            byte[] sig = NtlmCrypto.mac(keyExch ? out.rc4 : null, out.hmac, seq, message, offset, length);
            System.arraycopy(sig, 0, token, 0, SIG);
            return token;
        }
    }

    @Override
    public Unwrapped unwrap(byte[] token, int offset, int length) throws NegotiateException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(offset, length, token.length);
        if (length < SIG) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "NTLM wrap token is " + length + " bytes, shorter than its 16-byte signature");
        }
        int seq = signatureSeq(token, offset);
        synchronized (in) {
            boolean streamBound = seal || keyExch;
            if (streamBound) {
                checkStreamOrder(seq);
            }
            byte[] plain = seal
                    ? in.rc4.update(token, offset + SIG, length - SIG)
                    : Arrays.copyOfRange(token, offset + SIG, offset + length);
            verify(token, offset, seq, plain, 0, plain.length, streamBound);
            return new Unwrapped(plain, seal, accepted(seq));
        }
    }

    @Override
    public byte[] getMic(byte[] message, int offset, int length) throws NegotiateException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(offset, length, message.length);
        synchronized (out) {
            return NtlmCrypto.mac(keyExch ? out.rc4 : null, out.hmac, out.seq++, message, offset, length);
        }
    }

    @Override
    public TokenOrder verifyMic(byte[] token, int tokenOffset, int tokenLength, byte[] message, int offset, int length)
            throws NegotiateException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(tokenOffset, tokenLength, token.length);
        java.util.Objects.checkFromIndexSize(offset, length, message.length);
        if (tokenLength != SIG) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "an NTLM signature is 16 bytes, not " + tokenLength);
        }
        int seq = signatureSeq(token, tokenOffset);
        synchronized (in) {
            if (keyExch) {
                checkStreamOrder(seq);
            }
            verify(token, tokenOffset, seq, message, offset, length, keyExch);
            return accepted(seq);
        }
    }

    @Override
    public int wrapSizeLimit(int maxTokenSize, boolean confidential) {
        return Math.max(0, maxTokenSize - SIG);
    }

    @Override
    public boolean confidentialityAvailable() {
        return seal;
    }

    /** A sealed NTLM session seals every wrap token: the token format has no unsealed variant. */
    @Override
    public boolean wrapAlwaysSeals() {
        return seal;
    }

    /** After our SPNEGO mechListMIC: Windows restarts the outgoing RC4 keystream (sequence numbers go on). */
    void resetOutgoingSealing() {
        synchronized (out) {
            out.resetRc4();
        }
    }

    /** After verifying the peer's SPNEGO mechListMIC: restart the incoming RC4 keystream. */
    void resetIncomingSealing() {
        synchronized (in) {
            in.resetRc4();
            in.desynchronised = false;
        }
    }

    void dispose() {
        disposed = true;
        synchronized (out) {
            out.destroy();
        }
        synchronized (in) {
            in.destroy();
        }
    }

    private void checkOpen() throws NegotiateException {
        if (disposed) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the NTLM context was disposed");
        }
    }

    private static int signatureSeq(byte[] token, int off) throws NegotiateException {
        int version = le32(token, off);
        if (version != 1) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "NTLMSSP_MESSAGE_SIGNATURE version must be 1, not " + version);
        }
        return le32(token, off + 12);
    }

    /** Keystream-bound tokens must come exactly in order; refuse others before consuming keystream. */
    private void checkStreamOrder(int seq) throws NegotiateException {
        if (in.desynchronised) {
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED,
                    "an earlier NTLM token failed its integrity check and"
                            + " consumed RC4 keystream: this direction of the context cannot verify further tokens");
        }
        int cmp = Integer.compareUnsigned(seq, in.seq);
        if (cmp < 0) {
            throw new NegotiateException(
                    Failure.REPLAYED_TOKEN,
                    "NTLM token with sequence number "
                            + Integer.toUnsignedString(seq) + " was already processed (next expected "
                            + Integer.toUnsignedString(in.seq) + ")");
        }
        if (cmp > 0 && keyExch) {
            throw new NegotiateException(
                    Failure.OUT_OF_SEQUENCE,
                    "NTLM token with sequence number "
                            + Integer.toUnsignedString(seq) + " arrived while " + Integer.toUnsignedString(in.seq)
                            + " was expected: NTLM's RC4 stream cannot process tokens after a lost one");
        }
    }

    private void verify(
            byte[] token, int tokenOffset, int seq, byte[] message, int offset, int length, boolean streamBound)
            throws NegotiateException {
        byte[] expected = NtlmCrypto.mac(keyExch ? in.rc4 : null, in.hmac, seq, message, offset, length);
        byte[] actual = Arrays.copyOfRange(token, tokenOffset, tokenOffset + SIG);
        if (!MessageDigest.isEqual(expected, actual)) {
            if (streamBound) {
                in.desynchronised = true;
            }
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED,
                    "NTLM signature of message " + Integer.toUnsignedString(seq)
                            + " does not match: the message or its signature was altered");
        }
    }

    private TokenOrder accepted(int seq) {
        if (Integer.compareUnsigned(seq, in.seq) >= 0) {
            in.seq = seq + 1;
        }
        return window.accept(seq & 0xFFFFFFFFL);
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }
}
