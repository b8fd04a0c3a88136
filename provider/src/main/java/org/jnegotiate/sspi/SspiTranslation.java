package org.jnegotiate.sspi;

import com.sun.security.jgss.ExtendedGSSContext;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * The translation between the SSPI dialect and the GSS-API dialect of one security context: one table for
 * the request/return flags and one for the status codes, usable on any {@link GSSContext} (not only
 * JNegotiate's). The same tables are printed in TRANSLATION.md next to this class.
 *
 * <h2>Flags</h2>
 * <table>
 * <caption>ISC_REQ/ASC_REQ, ContextFlag and GSSContext</caption>
 * <tr><th>ContextFlag</th><th>ISC_REQ/ISC_RET</th><th>ASC_REQ/ASC_RET</th><th>GSSContext request</th>
 * <th>GSSContext state</th></tr>
 * <tr><td>MUTUAL</td><td>MUTUAL_AUTH 0x2</td><td>MUTUAL_AUTH 0x2</td><td>requestMutualAuth</td><td>getMutualAuthState</td></tr>
 * <tr><td>REPLAY_DETECTION</td><td>REPLAY_DETECT 0x4</td><td>REPLAY_DETECT 0x4</td><td>requestReplayDet</td><td>getReplayDetState</td></tr>
 * <tr><td>SEQUENCE_DETECTION</td><td>SEQUENCE_DETECT 0x8</td><td>SEQUENCE_DETECT 0x8</td><td>requestSequenceDet</td><td>getSequenceDetState</td></tr>
 * <tr><td>CONFIDENTIALITY</td><td>CONFIDENTIALITY 0x10</td><td>CONFIDENTIALITY 0x10</td><td>requestConf</td><td>getConfState</td></tr>
 * <tr><td>INTEGRITY</td><td>INTEGRITY 0x10000, unless NO_INTEGRITY 0x800000 (which asks for NO_INTEGRITY)</td><td>INTEGRITY 0x20000</td><td>requestInteg</td><td>getIntegState</td></tr>
 * <tr><td>DELEGATION + DELEGATION_POLICY</td><td>DELEGATE 0x1, only with MUTUAL_AUTH</td><td>DELEGATE 0x1</td><td>requestCredDeleg (+ requestDelegPolicy on ExtendedGSSContext)</td><td>getCredDelegState</td></tr>
 * <tr><td>ANONYMITY</td><td>NULL_SESSION 0x40000</td><td>ALLOW_NULL_SESSION / RET_NULL_SESSION 0x100000</td><td>requestAnonymity</td><td>getAnonymityState</td></tr>
 * <tr><td>IDENTIFY</td><td>IDENTIFY 0x20000</td><td>IDENTIFY 0x80000</td><td>(none)</td><td>(none)</td></tr>
 * </table>
 * Delegation follows Windows: the Context Requirements page of the SSPI documentation says DELEGATE works only
 * when MUTUAL_AUTH is set, so DELEGATE without MUTUAL_AUTH is ignored (not an error, not delegated); and the
 * Kerberos package delegates only to services trusted for delegation (the ticket's OK-AS-DELEGATE flag), which
 * is GSS's delegation policy (RFC 5896), so DELEGATE also sets DELEGATION_POLICY.
 *
 * <h2>Status codes</h2>
 * {@link #statusTable()}: each row maps a GSS major code to a SECURITY_STATUS in the direction it states.
 * A {@link GSSException} whose cause is a JNegotiate {@link NegotiateException} maps through its
 * {@link Failure} instead (exact); any other unknown code maps to SEC_E_INTERNAL_ERROR / GSS FAILURE.
 */
public final class SspiTranslation {

    /** Which way a status row translates. */
    public enum Direction {
        BOTH,
        GSS_TO_SSPI,
        SSPI_TO_GSS
    }

    /** One row of the status table. */
    public record StatusMapping(int gssMajor, int secStatus, Direction direction) {}

    /** One row of the flag table. */
    public record FlagMapping(ContextFlag flag, int iscBit, int ascBit) {}

    private static final List<FlagMapping> FLAGS = List.of(
            new FlagMapping(ContextFlag.MUTUAL, IscReq.ISC_REQ_MUTUAL_AUTH, AscReq.ASC_REQ_MUTUAL_AUTH),
            new FlagMapping(ContextFlag.REPLAY_DETECTION, IscReq.ISC_REQ_REPLAY_DETECT, AscReq.ASC_REQ_REPLAY_DETECT),
            new FlagMapping(
                    ContextFlag.SEQUENCE_DETECTION, IscReq.ISC_REQ_SEQUENCE_DETECT, AscReq.ASC_REQ_SEQUENCE_DETECT),
            new FlagMapping(
                    ContextFlag.CONFIDENTIALITY, IscReq.ISC_REQ_CONFIDENTIALITY, AscReq.ASC_REQ_CONFIDENTIALITY),
            new FlagMapping(ContextFlag.INTEGRITY, IscReq.ISC_REQ_INTEGRITY, AscReq.ASC_REQ_INTEGRITY),
            new FlagMapping(ContextFlag.DELEGATION, IscReq.ISC_REQ_DELEGATE, AscReq.ASC_REQ_DELEGATE),
            new FlagMapping(ContextFlag.ANONYMITY, IscReq.ISC_REQ_NULL_SESSION, AscReq.ASC_REQ_ALLOW_NULL_SESSION),
            new FlagMapping(ContextFlag.IDENTIFY, IscReq.ISC_REQ_IDENTIFY, AscReq.ASC_REQ_IDENTIFY));

    private static final List<StatusMapping> STATUS = List.of(
            both(GSSException.DEFECTIVE_TOKEN, SecStatus.SEC_E_INVALID_TOKEN),
            both(GSSException.NO_CRED, SecStatus.SEC_E_NO_CREDENTIALS),
            both(GSSException.DEFECTIVE_CREDENTIAL, SecStatus.SEC_E_UNKNOWN_CREDENTIALS),
            both(GSSException.BAD_NAME, SecStatus.SEC_E_TARGET_UNKNOWN),
            both(GSSException.CONTEXT_EXPIRED, SecStatus.SEC_E_CONTEXT_EXPIRED),
            both(GSSException.BAD_MIC, SecStatus.SEC_E_MESSAGE_ALTERED),
            both(GSSException.BAD_BINDINGS, SecStatus.SEC_E_BAD_BINDINGS),
            both(GSSException.NO_CONTEXT, SecStatus.SEC_E_INVALID_HANDLE),
            both(GSSException.BAD_MECH, SecStatus.SEC_E_UNSUPPORTED_FUNCTION),
            both(GSSException.UNAUTHORIZED, SecStatus.SEC_E_LOGON_DENIED),
            both(GSSException.UNSEQ_TOKEN, SecStatus.SEC_E_OUT_OF_SEQUENCE),
            both(GSSException.BAD_QOP, SecStatus.SEC_E_QOP_NOT_SUPPORTED),
            both(GSSException.FAILURE, SecStatus.SEC_E_INTERNAL_ERROR),
            toSspi(GSSException.BAD_NAMETYPE, SecStatus.SEC_E_TARGET_UNKNOWN),
            toSspi(GSSException.CREDENTIALS_EXPIRED, SecStatus.SEC_E_CONTEXT_EXPIRED),
            toSspi(GSSException.DUPLICATE_TOKEN, SecStatus.SEC_E_OUT_OF_SEQUENCE),
            toSspi(GSSException.OLD_TOKEN, SecStatus.SEC_E_OUT_OF_SEQUENCE),
            toSspi(GSSException.GAP_TOKEN, SecStatus.SEC_E_OUT_OF_SEQUENCE),
            toSspi(GSSException.UNAVAILABLE, SecStatus.SEC_E_UNSUPPORTED_FUNCTION),
            toGss(SecStatus.SEC_E_WRONG_PRINCIPAL, GSSException.BAD_NAME),
            toGss(SecStatus.SEC_E_INCOMPLETE_MESSAGE, GSSException.DEFECTIVE_TOKEN),
            toGss(SecStatus.SEC_E_SECPKG_NOT_FOUND, GSSException.BAD_MECH),
            toGss(SecStatus.SEC_E_INSUFFICIENT_MEMORY, GSSException.FAILURE),
            toGss(SecStatus.SEC_E_NO_AUTHENTICATING_AUTHORITY, GSSException.FAILURE),
            toGss(SecStatus.SEC_E_TIME_SKEW, GSSException.FAILURE),
            toGss(SecStatus.SEC_E_DOWNGRADE_DETECTED, GSSException.FAILURE),
            toGss(SecStatus.SEC_E_INVALID_PARAMETER, GSSException.FAILURE),
            toGss(SecStatus.SEC_E_MUTUAL_AUTH_FAILED, GSSException.FAILURE),
            toGss(SecStatus.SEC_E_BUFFER_TOO_SMALL, GSSException.FAILURE));

    private static final Map<Integer, Integer> GSS_TO_SSPI = new LinkedHashMap<>();
    private static final Map<Integer, Integer> SSPI_TO_GSS = new LinkedHashMap<>();

    static {
        for (StatusMapping m : STATUS) {
            if (m.direction() != Direction.SSPI_TO_GSS) {
                GSS_TO_SSPI.putIfAbsent(m.gssMajor(), m.secStatus());
            }
            if (m.direction() != Direction.GSS_TO_SSPI) {
                SSPI_TO_GSS.putIfAbsent(m.secStatus(), m.gssMajor());
            }
        }
    }

    private SspiTranslation() {}

    private static StatusMapping both(int gss, int sspi) {
        return new StatusMapping(gss, sspi, Direction.BOTH);
    }

    private static StatusMapping toSspi(int gss, int sspi) {
        return new StatusMapping(gss, sspi, Direction.GSS_TO_SSPI);
    }

    private static StatusMapping toGss(int sspi, int gss) {
        return new StatusMapping(gss, sspi, Direction.SSPI_TO_GSS);
    }

    public static List<FlagMapping> flagTable() {
        return FLAGS;
    }

    public static List<StatusMapping> statusTable() {
        return STATUS;
    }

    // ---- initiator flags ----

    /**
     * The services an ISC_REQ bitmask asks for: NO_INTEGRITY removes INTEGRITY and asks for
     * {@link ContextFlag#NO_INTEGRITY} (Kerberos then leaves the integrity and confidentiality flags out of its
     * authenticator checksum); DELEGATE counts only with
     * MUTUAL_AUTH and then also asks for DELEGATION_POLICY (see the class comment). Bits without a service
     * (ALLOCATE_MEMORY, CONNECTION, STREAM, EXTENDED_ERROR, ...) are the door's business and do not appear.
     */
    public static Set<ContextFlag> iscReqToFlags(int iscReq) {
        EnumSet<ContextFlag> flags = EnumSet.noneOf(ContextFlag.class);
        for (FlagMapping m : FLAGS) {
            if ((iscReq & m.iscBit()) != 0) {
                flags.add(m.flag());
            }
        }
        if ((iscReq & IscReq.ISC_REQ_NO_INTEGRITY) != 0) {
            flags.remove(ContextFlag.INTEGRITY);
            flags.add(ContextFlag.NO_INTEGRITY);
        }
        if (flags.contains(ContextFlag.DELEGATION)) {
            if (flags.contains(ContextFlag.MUTUAL)) {
                flags.add(ContextFlag.DELEGATION_POLICY);
            } else {
                flags.remove(ContextFlag.DELEGATION);
            }
        }
        return Collections.unmodifiableSet(flags);
    }

    /** The ISC_REQ bits for a set of services (the inverse of {@link #iscReqToFlags} for the table's rows). */
    public static int iscReqOf(Set<ContextFlag> flags) {
        return iscRetOf(flags) | (flags.contains(ContextFlag.NO_INTEGRITY) ? IscReq.ISC_REQ_NO_INTEGRITY : 0);
    }

    /** The ISC_RET bits for granted services (DELEGATION_POLICY and NO_INTEGRITY have no ISC_RET bit). */
    public static int iscRetOf(Set<ContextFlag> granted) {
        int bits = 0;
        for (FlagMapping m : FLAGS) {
            if (granted.contains(m.flag())) {
                bits |= m.iscBit();
            }
        }
        return bits;
    }

    /** A ContextRequest for an initiator from ISC_REQ bits, the target SPN and optional channel bindings. */
    public static ContextRequest toContextRequest(int iscReq, PeerName target, ChannelBindings bindings) {
        ContextRequest.Builder b =
                ContextRequest.builder().flags(iscReqToFlags(iscReq)).channelBindings(bindings);
        if (target != null) {
            b.target(target);
        }
        return b.build();
    }

    /**
     * Makes the requests of {@code iscReq} on any GSSContext before its first initSecContext: every row of
     * the table is set explicitly, true or false, so that the GSS defaults (mutual, conf and integ on) do
     * not leak in. DELEGATION_POLICY is requested only where the context supports it (ExtendedGSSContext).
     */
    public static void applyTo(GSSContext ctx, int iscReq) throws GSSException {
        Set<ContextFlag> f = iscReqToFlags(iscReq);
        ctx.requestMutualAuth(f.contains(ContextFlag.MUTUAL));
        ctx.requestReplayDet(f.contains(ContextFlag.REPLAY_DETECTION));
        ctx.requestSequenceDet(f.contains(ContextFlag.SEQUENCE_DETECTION));
        ctx.requestConf(f.contains(ContextFlag.CONFIDENTIALITY));
        ctx.requestInteg(f.contains(ContextFlag.INTEGRITY));
        ctx.requestCredDeleg(f.contains(ContextFlag.DELEGATION));
        ctx.requestAnonymity(f.contains(ContextFlag.ANONYMITY));
        if (ctx instanceof ExtendedGSSContext ext) {
            ext.requestDelegPolicy(f.contains(ContextFlag.DELEGATION_POLICY));
        }
    }

    /** The services a GSSContext reports (its getXxxState()). */
    public static Set<ContextFlag> flagsOf(GSSContext ctx) {
        EnumSet<ContextFlag> f = EnumSet.noneOf(ContextFlag.class);
        if (ctx.getMutualAuthState()) {
            f.add(ContextFlag.MUTUAL);
        }
        if (ctx.getReplayDetState()) {
            f.add(ContextFlag.REPLAY_DETECTION);
        }
        if (ctx.getSequenceDetState()) {
            f.add(ContextFlag.SEQUENCE_DETECTION);
        }
        if (ctx.getConfState()) {
            f.add(ContextFlag.CONFIDENTIALITY);
        }
        if (ctx.getIntegState()) {
            f.add(ContextFlag.INTEGRITY);
        }
        if (ctx.getCredDelegState()) {
            f.add(ContextFlag.DELEGATION);
        }
        if (ctx.getAnonymityState()) {
            f.add(ContextFlag.ANONYMITY);
        }
        return f;
    }

    /** ISC_RET bits from an established GSSContext's state. */
    public static int iscRetOf(GSSContext ctx) {
        return iscRetOf(flagsOf(ctx));
    }

    // ---- acceptor flags ----

    public static Set<ContextFlag> ascReqToFlags(int ascReq) {
        EnumSet<ContextFlag> flags = EnumSet.noneOf(ContextFlag.class);
        for (FlagMapping m : FLAGS) {
            if ((ascReq & m.ascBit()) != 0) {
                flags.add(m.flag());
            }
        }
        return Collections.unmodifiableSet(flags);
    }

    public static int ascReqOf(Set<ContextFlag> flags) {
        int bits = 0;
        for (FlagMapping m : FLAGS) {
            if (flags.contains(m.flag())) {
                bits |= m.ascBit();
            }
        }
        return bits;
    }

    /** ASC_RET bits for granted services (ASC_RET_NULL_SESSION has ASC_REQ_ALLOW_NULL_SESSION's value). */
    public static int ascRetOf(Set<ContextFlag> granted) {
        return ascReqOf(granted);
    }

    public static int ascRetOf(GSSContext ctx) {
        return ascRetOf(flagsOf(ctx));
    }

    public static ContextRequest toAcceptorRequest(int ascReq, ChannelBindings bindings) {
        return ContextRequest.builder()
                .flags(ascReqToFlags(ascReq))
                .channelBindings(bindings)
                .build();
    }

    // ---- status ----

    /** The SECURITY_STATUS for a GSS major code (unknown codes: SEC_E_INTERNAL_ERROR). */
    public static int secStatusOf(int gssMajor) {
        return GSS_TO_SSPI.getOrDefault(gssMajor, SecStatus.SEC_E_INTERNAL_ERROR);
    }

    /** The SECURITY_STATUS of a GSSException: exact when JNegotiate raised it, by the table otherwise. */
    public static int secStatusOf(GSSException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof NegotiateException n) {
                return n.failure().sspiStatus();
            }
        }
        return secStatusOf(e.getMajor());
    }

    /** The GSS major code for a SECURITY_STATUS (unknown failures: FAILURE; success codes: 0, GSS_S_COMPLETE). */
    public static int gssMajorOf(int secStatus) {
        if (SecStatus.succeeded(secStatus)) {
            return 0; // GSS_S_COMPLETE
        }
        return SSPI_TO_GSS.getOrDefault(secStatus, GSSException.FAILURE);
    }

    /** A GSSException for a SECURITY_STATUS, with the SSPI status as minor code. */
    public static GSSException toGssException(int secStatus, String message) {
        return new GSSException(gssMajorOf(secStatus), secStatus, message);
    }
}
