package org.jnegotiate.krb5.crypto;

/**
 * The n-fold function of RFC 3961 section 5.1: stretches or folds a constant to a cipher's block
 * size. Only used while deriving keys (inputs of a few bytes), so it works bit by bit for clarity.
 */
final class NFold {
    private NFold() {
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
