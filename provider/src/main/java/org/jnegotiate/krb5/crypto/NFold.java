package org.jnegotiate.krb5.crypto;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The n-fold function of RFC 3961 section 5.1: stretches or folds a constant to a cipher's block
 * size. It works bit by bit for clarity; key derivation goes through {@link #cached}, because its inputs
 * (usage number and key kind, "kerberos", "prf") are public constants from a small set and recomputing their
 * n-fold for every derived key was a quarter of a handshake's time.
 */
final class NFold {
    /** Bound on the cache: the project uses a few dozen (usage, kind) pairs; beyond this n-fold is just computed. */
    static final int MAX_CACHED = 1024;

    private static final ConcurrentHashMap<Input, byte[]> CACHE = new ConcurrentHashMap<>();

    /** An n-fold input and output length; the input is public (a constant), kept as a string for equality. */
    private record Input(String bytes, int outLength) {}

    private NFold() {}

    /**
     * {@link #nfold} of a public constant, computed once per (input, output length): a fresh copy the caller
     * may overwrite. Never pass secret data here (it is kept).
     */
    static byte[] cached(byte[] constant, int outLength) {
        Input key = new Input(new String(constant, StandardCharsets.ISO_8859_1), outLength);
        byte[] out = CACHE.get(key);
        if (out == null) {
            out = nfold(constant, outLength);
            if (CACHE.size() < MAX_CACHED) {
                CACHE.putIfAbsent(key, out.clone());
            }
            return out;
        }
        return out.clone();
    }

    /** For tests: how many n-folds are cached. */
    static int cachedCount() {
        return CACHE.size();
    }

    /**
     * n-fold({@code in}) to {@code outLength} bytes: the input repeated up to the least common multiple of
     * both lengths, each copy rotated 13 bits further right than the one before, then the
     * {@code outLength}-byte chunks added with one's-complement (end-around carry) addition.
     */
    static byte[] nfold(byte[] in, int outLength) {
        if (in.length == 0 || outLength <= 0) {
            throw new IllegalArgumentException("n-fold needs a non-empty input and output");
        }
        int inLength = in.length;
        int lcm = outLength / gcd(outLength, inLength) * inLength;
        int inBits = inLength * 8;
        int[] sum = new int[outLength];
        byte[] chunk = new byte[outLength];
        for (int chunkStart = 0; chunkStart < lcm; chunkStart += outLength) {
            for (int i = 0; i < outLength; i++) {
                chunk[i] = expandedByte(in, inBits, chunkStart + i);
            }
            addOnesComplement(sum, chunk);
        }
        byte[] out = new byte[outLength];
        for (int i = 0; i < outLength; i++) {
            out[i] = (byte) sum[i];
        }
        return out;
    }

    /** Byte {@code index} of the expanded string: copy {@code index / inLength} rotated right 13 bits per copy. */
    private static byte expandedByte(byte[] in, int inBits, int index) {
        int copy = index / in.length;
        int byteInCopy = index % in.length;
        int rotation = (int) ((13L * copy) % inBits);
        int value = 0;
        for (int bit = 0; bit < 8; bit++) {
            int outBit = byteInCopy * 8 + bit;
            int srcBit = Math.floorMod(outBit - rotation, inBits);
            int b = (in[srcBit >>> 3] >>> (7 - (srcBit & 7))) & 1;
            value = (value << 1) | b;
        }
        return (byte) value;
    }

    /** sum += chunk as big-endian numbers, with the carry out of the top byte added back at the bottom. */
    private static void addOnesComplement(int[] sum, byte[] chunk) {
        int carry = 0;
        for (int i = sum.length - 1; i >= 0; i--) {
            int s = sum[i] + (chunk[i] & 0xff) + carry;
            sum[i] = s & 0xff;
            carry = s >>> 8;
        }
        while (carry != 0) {
            for (int i = sum.length - 1; i >= 0 && carry != 0; i--) {
                int s = sum[i] + carry;
                sum[i] = s & 0xff;
                carry = s >>> 8;
            }
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
