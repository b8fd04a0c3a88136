package org.jnegotiate.mech;

/**
 * Receive-side sequence state for per-message tokens (RFC 2743 section 1.2.3, RFC 4121 section 4.2.6):
 * remembers the next expected number and which of the last {@value #WINDOW} numbers were seen.
 * What is reported depends on what was requested: without replay detection duplicates pass, without
 * sequence detection gaps and reordering pass. Thread-safe.
 */
public final class SequenceWindow {
    /** How many earlier sequence numbers are remembered for replay detection. */
    public static final int WINDOW = 64;

    private final boolean replayDetection;
    private final boolean sequenceDetection;
    private final long mask;
    private long next;
    /** Bit i set: number {@code next - 1 - i} was seen. */
    private long seen;

    /**
     * @param first           the first expected sequence number
     * @param bits            the width of the sequence number on the wire (32 or 64): arithmetic wraps there
     */
    public SequenceWindow(long first, int bits, boolean replayDetection, boolean sequenceDetection) {
        if (bits != 32 && bits != 64) {
            throw new IllegalArgumentException("bits must be 32 or 64");
        }
        this.mask = bits == 64 ? -1L : 0xFFFFFFFFL;
        this.next = first & mask;
        this.replayDetection = replayDetection;
        this.sequenceDetection = sequenceDetection;
    }

    /** Records {@code seq} and says where it stands. Call only after the token's integrity was verified. */
    public synchronized TokenOrder accept(long seq) {
        seq &= mask;
        long ahead = (seq - next) & mask;
        TokenOrder order;
        if (ahead == 0) {
            shift(1);
            seen |= 1;
            order = TokenOrder.IN_ORDER;
        } else if (Long.compareUnsigned(ahead, mask >>> 1) < 0) {
            // later than expected: everything between was skipped
            shift(ahead + 1);
            seen |= 1;
            order = TokenOrder.GAP;
        } else {
            long behind = (next - seq) & mask; // 1 = the last one accepted
            if (behind > WINDOW) {
                order = TokenOrder.OLD;
            } else {
                long bit = 1L << (behind - 1);
                if ((seen & bit) != 0) {
                    order = TokenOrder.DUPLICATE;
                } else {
                    seen |= bit;
                    order = TokenOrder.UNSEQUENCED;
                }
            }
        }
        return filter(order);
    }

    private void shift(long by) {
        seen = by >= 64 ? 0 : seen << by;
        next = (next + by) & mask;
    }

    private TokenOrder filter(TokenOrder order) {
        switch (order) {
            case DUPLICATE:
            case OLD:
                return replayDetection || sequenceDetection ? order : TokenOrder.IN_ORDER;
            case UNSEQUENCED:
            case GAP:
                return sequenceDetection ? order : TokenOrder.IN_ORDER;
            default:
                return order;
        }
    }
}
