package org.jnegotiate.mech;

/**
 * Where a per-message token stands in the sequence: the GSS supplementary status of RFC 2743
 * section 1.2.3 (reported in {@code MessageProp}) and SSPI's SEC_E_OUT_OF_SEQUENCE.
 */
public enum TokenOrder {
    IN_ORDER,
    /** Seen before: a replay (GSS_S_DUPLICATE_TOKEN). */
    DUPLICATE,
    /** Too old to tell whether it is a replay (GSS_S_OLD_TOKEN). */
    OLD,
    /** Earlier than expected, not seen before (GSS_S_UNSEQ_TOKEN). */
    UNSEQUENCED,
    /** Later than expected: tokens were skipped (GSS_S_GAP_TOKEN). */
    GAP
}
