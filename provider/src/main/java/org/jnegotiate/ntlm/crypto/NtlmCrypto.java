package org.jnegotiate.ntlm.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.jnegotiate.ntlm.messages.NegotiateFlags;

/**
 * The functions of MS-NLMP's pseudo-code, named as there, for NTLMv2 with extended session security.
 * Every function is pure: byte arrays in, a fresh byte array out. NTLMv1 and LM are deliberately
 * absent (the policy rejects them).
 *
 * @see <a href="https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/">MS-NLMP</a>
 */
public final class NtlmCrypto {
    /** Which side's keys (MS-NLMP 3.4.5.2/3.4.5.3 "Mode"). */
    public enum Mode {
        CLIENT,
        SERVER
    }

    private static final byte[] CLIENT_SIGN_MAGIC = magic("session key to client-to-server signing key magic constant");
    private static final byte[] SERVER_SIGN_MAGIC = magic("session key to server-to-client signing key magic constant");
    private static final byte[] CLIENT_SEAL_MAGIC = magic("session key to client-to-server sealing key magic constant");
    private static final byte[] SERVER_SEAL_MAGIC = magic("session key to server-to-client sealing key magic constant");

    public static final int SIGNATURE_LENGTH = 16;

    private NtlmCrypto() {}

    private static byte[] magic(String s) {
        byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(ascii, ascii.length + 1); // the constants include the terminating NUL
    }

    /** MD4 (RFC 1320), from BouncyCastle: the JDK has none. */
    public static byte[] md4(byte[] data) {
        MD4Digest d = new MD4Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[16];
        d.doFinal(out, 0);
        return out;
    }

    public static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is mandatory in every JDK", e);
        }
    }

    /** HMAC_MD5(K, M) of MS-NLMP section 6, over the concatenation of {@code parts}. */
    public static byte[] hmacMd5(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is mandatory in every JDK", e);
        }
    }

    /** RC4K(K, D) of MS-NLMP section 6: RC4 with a fresh key over one message. */
    public static byte[] rc4k(byte[] key, byte[] data) {
        Rc4 rc4 = Rc4.init(key);
        try {
            return rc4.update(data);
        } finally {
            rc4.destroy();
        }
    }

    /**
     * The NT hash, MD4(UNICODE(Passwd)): NTOWFv1 of MS-NLMP section 3.3.1, and the key NTOWFv2 starts
     * from (section 3.3.2).
     */
    public static byte[] ntowfV1(char[] password) {
        java.nio.ByteBuffer unicode = StandardCharsets.UTF_16LE.encode(java.nio.CharBuffer.wrap(password));
        byte[] exact = new byte[unicode.remaining()];
        unicode.get(exact);
        try {
            return md4(exact);
        } finally {
            Arrays.fill(unicode.array(), (byte) 0);
            Arrays.fill(exact, (byte) 0);
        }
    }

    /**
     * NTOWFv2(Passwd, User, UserDom) = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(ConcatenationOf(Uppercase(User),
     * UserDom))), MS-NLMP section 3.3.2. Takes the NT hash rather than the password, so that an acceptor
     * (or a pass-the-hash credential) never needs the password. The domain is used exactly as given.
     */
    public static byte[] ntowfV2(byte[] ntHash, String user, String userDom) {
        byte[] name = (user.toUpperCase(Locale.ROOT) + userDom).getBytes(StandardCharsets.UTF_16LE);
        return hmacMd5(ntHash, name);
    }

    /** LMOWFv2 of MS-NLMP section 3.3.2: identical to NTOWFv2. */
    public static byte[] lmowfV2(byte[] ntHash, String user, String userDom) {
        return ntowfV2(ntHash, user, userDom);
    }

    /**
     * NTProofStr = HMAC_MD5(ResponseKeyNT, ConcatenationOf(CHALLENGE_MESSAGE.ServerChallenge, temp)),
     * MS-NLMP section 3.3.2, where {@code temp} is the encoded NTLMv2_CLIENT_CHALLENGE.
     */
    public static byte[] ntProofStr(byte[] responseKeyNt, byte[] serverChallenge, byte[] temp) {
        return hmacMd5(responseKeyNt, serverChallenge, temp);
    }

    /** NtChallengeResponse = ConcatenationOf(NTProofStr, temp), MS-NLMP section 3.3.2. */
    public static byte[] ntlmv2Response(byte[] ntProofStr, byte[] temp) {
        byte[] out = Arrays.copyOf(ntProofStr, ntProofStr.length + temp.length);
        System.arraycopy(temp, 0, out, ntProofStr.length, temp.length);
        return out;
    }

    /**
     * LmChallengeResponse = ConcatenationOf(HMAC_MD5(ResponseKeyLM, ConcatenationOf(ServerChallenge,
     * ClientChallenge)), ClientChallenge), MS-NLMP section 3.3.2 (the LMv2 response, 24 bytes).
     */
    public static byte[] lmv2Response(byte[] responseKeyLm, byte[] serverChallenge, byte[] clientChallenge) {
        byte[] out = Arrays.copyOf(hmacMd5(responseKeyLm, serverChallenge, clientChallenge), 24);
        System.arraycopy(clientChallenge, 0, out, 16, 8);
        return out;
    }

    /** SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr), MS-NLMP section 3.3.2. */
    public static byte[] sessionBaseKey(byte[] responseKeyNt, byte[] ntProofStr) {
        return hmacMd5(responseKeyNt, ntProofStr);
    }

    /** KXKEY for NTLMv2 (MS-NLMP section 3.4.5.1): the KeyExchangeKey is the SessionBaseKey. */
    public static byte[] kxKey(byte[] sessionBaseKey) {
        return sessionBaseKey.clone();
    }

    /**
     * SIGNKEY(NegFlg, ExportedSessionKey, Mode), MS-NLMP section 3.4.5.2, with extended session security:
     * MD5(ConcatenationOf(ExportedSessionKey, the client-to-server or server-to-client signing constant)).
     */
    public static byte[] signKey(byte[] exportedSessionKey, Mode mode) {
        return md5(exportedSessionKey, mode == Mode.CLIENT ? CLIENT_SIGN_MAGIC : SERVER_SIGN_MAGIC);
    }

    /**
     * SEALKEY(NegFlg, ExportedSessionKey, Mode), MS-NLMP section 3.4.5.3, with extended session security:
     * the session key cut to 16, 7 or 5 bytes by NEGOTIATE_128/NEGOTIATE_56, then hashed with the sealing
     * constant of {@code mode}.
     */
    public static byte[] sealKey(int negotiateFlags, byte[] exportedSessionKey, Mode mode) {
        int len = NegotiateFlags.has(negotiateFlags, NegotiateFlags.NEGOTIATE_128)
                ? 16
                : NegotiateFlags.has(negotiateFlags, NegotiateFlags.NEGOTIATE_56) ? 7 : 5;
        byte[] key = Arrays.copyOf(exportedSessionKey, len);
        try {
            return md5(key, mode == Mode.CLIENT ? CLIENT_SEAL_MAGIC : SERVER_SEAL_MAGIC);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * MAC(Handle, SigningKey, SeqNum, Message) with extended session security, MS-NLMP section 3.4.4.2:
     * Version 1, the first 8 bytes of HMAC_MD5(SigningKey, ConcatenationOf(SeqNum, Message)), RC4-encrypted
     * with {@code handle} when key exchange was negotiated ({@code handle} non-null), and SeqNum.
     */
    public static byte[] mac(Rc4 handle, byte[] signingKey, int seqNum, byte[] message, int off, int len) {
        return mac(handle, signingMac(signingKey), seqNum, message, off, len);
    }

    /**
     * An HmacMD5 instance keyed with {@code signingKey}, for {@link #mac(Rc4, Mac, int, byte[], int, int)}: session
     * security keeps one per direction instead of looking the algorithm up for every message.
     */
    public static Mac signingMac(byte[] signingKey) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(signingKey, "HmacMD5"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is mandatory in every JDK", e);
        }
    }

    /**
     * {@link #mac(Rc4, byte[], int, byte[], int, int) MAC} with a kept {@code signingMac} (from
     * {@link #signingMac}); the instance is reset by its use. Not thread-safe: callers serialise use per instance.
     */
    public static byte[] mac(Rc4 handle, Mac signingMac, int seqNum, byte[] message, int off, int len) {
        byte[] seq = le32(seqNum);
        signingMac.update(seq);
        signingMac.update(message, off, len);
        byte[] checksum = Arrays.copyOf(signingMac.doFinal(), 8);
        if (handle != null) {
            checksum = handle.update(checksum);
        }
        byte[] sig = new byte[SIGNATURE_LENGTH];
        sig[0] = 1;
        System.arraycopy(checksum, 0, sig, 4, 8);
        System.arraycopy(seq, 0, sig, 12, 4);
        return sig;
    }

    /**
     * The AUTHENTICATE_MESSAGE MIC, MS-NLMP section 3.1.5.1.2: HMAC_MD5(ExportedSessionKey,
     * ConcatenationOf(NEGOTIATE_MESSAGE, CHALLENGE_MESSAGE, AUTHENTICATE_MESSAGE with a zero MIC)).
     */
    public static byte[] mic(
            byte[] exportedSessionKey, byte[] negotiate, byte[] challenge, byte[] authenticateZeroMic) {
        return hmacMd5(exportedSessionKey, negotiate, challenge, authenticateZeroMic);
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
