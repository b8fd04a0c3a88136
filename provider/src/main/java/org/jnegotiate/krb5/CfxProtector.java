package org.jnegotiate.krb5;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.tokens.CfxHeader;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.SequenceWindow;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;

/**
 * RFC 4121 section 4.2 per-message tokens (MIC 04 04, wrap 05 04) for one established Kerberos context.
 *
 * <p>The key is chosen once by the context (acceptor subkey if the AP-REP carried one, else the initiator's
 * subkey, else the ticket session key) and held here as one {@link Krb5Cipher}, whose derived keys for the
 * usages 22-25 are cached inside it. Send sequence numbers are 64-bit and atomic, so several threads may wrap
 * at once; receive numbers go through a {@link SequenceWindow} honouring the replay/sequence flags.
 *
 * <p>Key usages: wrap tokens use the SEAL usage (22/24) with and without confidentiality, MIC tokens the SIGN
 * usage (23/25), as RFC 4121 section 2 assigns them and as MIT and the JDK do (checked against SunJGSS).
 *
 * <p>Sent tokens use EC 0 and RRC 0 (as MIT does); received tokens may use any RRC (Windows sends 28) and any EC.
 * A token whose SentByAcceptor flag says it came from our own side (a reflection) or whose AcceptorSubkey flag
 * disagrees with the key in use fails with {@link Failure#MESSAGE_ALTERED}, as MIT reports GSS_S_BAD_SIG for it.
 *
 * <p>rc4-hmac contexts are refused: RFC 4757 uses RFC 1964-style tokens, which are not implemented.
 */
public final class CfxProtector implements MessageProtector {
    /** RFC 4121 section 2: KG-USAGE-ACCEPTOR-SEAL. */
    static final int ACCEPTOR_SEAL = 22;

    static final int ACCEPTOR_SIGN = 23;
    static final int INITIATOR_SEAL = 24;
    static final int INITIATOR_SIGN = 25;

    private final Krb5Cipher cipher;
    private final boolean initiator;
    private final boolean acceptorSubkey;
    private final AtomicLong sendSequence;
    private final SequenceWindow receiveWindow;
    private final int checksumLength;

    /**
     * @param cipher         the cipher of the protection key (owned by the context, which destroys it)
     * @param initiator      whether this side initiated the context
     * @param acceptorSubkey whether the key is the acceptor's subkey (sets and expects the AcceptorSubkey flag)
     * @param sendSequence   this side's first sequence number
     * @param receiveSequence the peer's first sequence number
     */
    public CfxProtector(
            Krb5Cipher cipher,
            boolean initiator,
            boolean acceptorSubkey,
            long sendSequence,
            long receiveSequence,
            boolean replayDetection,
            boolean sequenceDetection)
            throws NegotiateException {
        if (cipher.type() == EncryptionType.RC4_HMAC) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "per-message tokens for rc4-hmac contexts "
                            + "(RFC 4757, RFC 1964-style) are not implemented; use an AES enctype");
        }
        this.cipher = cipher;
        this.initiator = initiator;
        this.acceptorSubkey = acceptorSubkey;
        this.sendSequence = new AtomicLong(sendSequence);
        this.receiveWindow = new SequenceWindow(receiveSequence, 64, replayDetection, sequenceDetection);
        this.checksumLength = cipher.type().checksumLength();
    }

    private int ownFlags() {
        return (initiator ? 0 : CfxHeader.SENT_BY_ACCEPTOR) | (acceptorSubkey ? CfxHeader.ACCEPTOR_SUBKEY : 0);
    }

    private int sealUsage(boolean mine) {
        return initiator == mine ? INITIATOR_SEAL : ACCEPTOR_SEAL;
    }

    private int signUsage(boolean mine) {
        return initiator == mine ? INITIATOR_SIGN : ACCEPTOR_SIGN;
    }

    @Override
    public byte[] wrap(byte[] message, int offset, int length, boolean confidential) throws NegotiateException {
        checkRange(message, offset, length);
        long seq = sendSequence.getAndIncrement();
        if (confidential) {
            CfxHeader header = new CfxHeader(CfxHeader.Kind.WRAP, ownFlags() | CfxHeader.SEALED, 0, 0, seq);
            // E(data | filler(EC = 0) | header with RRC 0)
            byte[] plain = new byte[length + CfxHeader.LENGTH];
            System.arraycopy(message, offset, plain, 0, length);
            header.writeTo(plain, length);
            byte[] encrypted = cipher.encrypt(sealUsage(true), plain, 0, plain.length);
            Arrays.fill(plain, (byte) 0);
            byte[] token = new byte[CfxHeader.LENGTH + encrypted.length];
            header.writeTo(token, 0);
            System.arraycopy(encrypted, 0, token, CfxHeader.LENGTH, encrypted.length);
            return token;
        }
        CfxHeader header = new CfxHeader(CfxHeader.Kind.WRAP, ownFlags(), 0, 0, seq);
        byte[] signed = new byte[length + CfxHeader.LENGTH];
        System.arraycopy(message, offset, signed, 0, length);
        header.writeTo(signed, length); // checksum over data | header with EC = RRC = 0
        // the SEAL usage, not SIGN, also for wrap tokens without confidentiality (RFC 4121 section 2; MIT, JDK)
        byte[] mac = cipher.checksum(sealUsage(true), signed, 0, signed.length);
        byte[] token = new byte[CfxHeader.LENGTH + length + mac.length];
        header.with(mac.length, 0).writeTo(token, 0);
        System.arraycopy(message, offset, token, CfxHeader.LENGTH, length);
        System.arraycopy(mac, 0, token, CfxHeader.LENGTH + length, mac.length);
        return token;
    }

    @Override
    public Unwrapped unwrap(byte[] token, int offset, int length) throws NegotiateException {
        CfxHeader header = CfxHeader.parse(token, offset, length, CfxHeader.Kind.WRAP);
        checkOrigin(header);
        int bodyOffset = offset + CfxHeader.LENGTH;
        int bodyLength = length - CfxHeader.LENGTH;
        byte[] body = token;
        if (header.rrc() != 0) {
            body = CfxHeader.unrotate(token, bodyOffset, bodyLength, header.rrc());
            bodyOffset = 0;
        }
        byte[] message = header.has(CfxHeader.SEALED)
                ? openSealed(header, body, bodyOffset, bodyLength)
                : verifySigned(header, body, bodyOffset, bodyLength);
        TokenOrder order = receiveWindow.accept(header.sequence());
        return new Unwrapped(message, header.has(CfxHeader.SEALED), order);
    }

    /** The message of a sealed wrap token's body: decrypted, and its encrypted header copy checked. */
    private byte[] openSealed(CfxHeader header, byte[] body, int bodyOffset, int bodyLength) throws NegotiateException {
        byte[] plain = cipher.decrypt(sealUsage(false), body, bodyOffset, bodyLength);
        int messageLength = plain.length - header.ec() - CfxHeader.LENGTH;
        if (messageLength < 0) {
            throw new NegotiateException(Failure.MESSAGE_ALTERED, "sealed wrap token too short for its EC");
        }
        byte[] expected = header.with(header.ec(), 0).encode();
        if (!MessageDigest.isEqual(
                expected, Arrays.copyOfRange(plain, plain.length - CfxHeader.LENGTH, plain.length))) {
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED, "the encrypted header copy of a wrap token does not match its header");
        }
        byte[] message = Arrays.copyOf(plain, messageLength);
        Arrays.fill(plain, (byte) 0);
        return message;
    }

    /** The message of a signed-only wrap token's body, once its checksum (EC bytes at the end) verifies. */
    private byte[] verifySigned(CfxHeader header, byte[] body, int bodyOffset, int bodyLength)
            throws NegotiateException {
        if (header.ec() != checksumLength || bodyLength < checksumLength) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "wrap token checksum length " + header.ec() + " (expected " + checksumLength
                            + ") or token too short");
        }
        int messageLength = bodyLength - checksumLength;
        byte[] signed = new byte[messageLength + CfxHeader.LENGTH];
        System.arraycopy(body, bodyOffset, signed, 0, messageLength);
        header.with(0, 0).writeTo(signed, messageLength);
        byte[] mac = Arrays.copyOfRange(body, bodyOffset + messageLength, bodyOffset + bodyLength);
        cipher.verifyChecksum(sealUsage(false), signed, 0, signed.length, mac);
        return Arrays.copyOf(signed, messageLength);
    }

    @Override
    public byte[] getMic(byte[] message, int offset, int length) throws NegotiateException {
        checkRange(message, offset, length);
        CfxHeader header = new CfxHeader(CfxHeader.Kind.MIC, ownFlags(), 0, 0, sendSequence.getAndIncrement());
        byte[] signed = new byte[length + CfxHeader.LENGTH];
        System.arraycopy(message, offset, signed, 0, length);
        header.writeTo(signed, length);
        byte[] mac = cipher.checksum(signUsage(true), signed, 0, signed.length);
        byte[] token = new byte[CfxHeader.LENGTH + mac.length];
        header.writeTo(token, 0);
        System.arraycopy(mac, 0, token, CfxHeader.LENGTH, mac.length);
        return token;
    }

    @Override
    public TokenOrder verifyMic(byte[] token, int tokenOffset, int tokenLength, byte[] message, int offset, int length)
            throws NegotiateException {
        checkRange(message, offset, length);
        CfxHeader header = CfxHeader.parse(token, tokenOffset, tokenLength, CfxHeader.Kind.MIC);
        checkOrigin(header);
        if (tokenLength - CfxHeader.LENGTH != checksumLength) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "MIC token checksum of " + (tokenLength - CfxHeader.LENGTH) + " bytes, expected " + checksumLength);
        }
        byte[] signed = new byte[length + CfxHeader.LENGTH];
        System.arraycopy(message, offset, signed, 0, length);
        System.arraycopy(token, tokenOffset, signed, length, CfxHeader.LENGTH);
        byte[] mac = Arrays.copyOfRange(token, tokenOffset + CfxHeader.LENGTH, tokenOffset + tokenLength);
        cipher.verifyChecksum(signUsage(false), signed, 0, signed.length, mac);
        return receiveWindow.accept(header.sequence());
    }

    @Override
    public int wrapSizeLimit(int maxTokenSize, boolean confidential) {
        int overhead =
                CfxHeader.LENGTH + (confidential ? cipher.encryptionOverhead() + CfxHeader.LENGTH : checksumLength);
        return Math.max(0, maxTokenSize - overhead);
    }

    @Override
    public boolean confidentialityAvailable() {
        return true;
    }

    private void checkOrigin(CfxHeader header) throws NegotiateException {
        if (header.has(CfxHeader.SENT_BY_ACCEPTOR) != initiator) {
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED,
                    "the token was sent by this side of the context " + "(direction flag): a reflected token");
        }
        if (header.has(CfxHeader.ACCEPTOR_SUBKEY) != acceptorSubkey) {
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED,
                    acceptorSubkey
                            ? "token not protected with the acceptor's subkey"
                            : "token claims an acceptor subkey that was " + "never agreed");
        }
    }

    private static void checkRange(byte[] b, int offset, int length) throws NegotiateException {
        if (b == null || offset < 0 || length < 0 || offset > b.length - length) {
            throw new NegotiateException(Failure.INVALID_PARAMETER, "offset/length outside the message array");
        }
    }
}
