package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** Every row of the translation table, in both directions where the row says so. */
class SspiTranslationTest {

    @Test
    void flagRows_iscReqToFlagsAndBack() {
        for (SspiTranslation.FlagMapping m : SspiTranslation.flagTable()) {
            int bits = m.iscBit() | (m.flag() == ContextFlag.DELEGATION ? IscReq.ISC_REQ_MUTUAL_AUTH : 0);
            Set<ContextFlag> f = SspiTranslation.iscReqToFlags(bits);
            assertTrue(f.contains(m.flag()), m.toString());
            assertEquals(bits, SspiTranslation.iscReqOf(f), m.toString());
            assertEquals(m.iscBit(), SspiTranslation.iscRetOf(EnumSet.of(m.flag())), m.toString());
        }
    }

    @Test
    void flagRows_ascReqToFlagsAndBack() {
        for (SspiTranslation.FlagMapping m : SspiTranslation.flagTable()) {
            assertEquals(EnumSet.of(m.flag()), SspiTranslation.ascReqToFlags(m.ascBit()), m.toString());
            assertEquals(m.ascBit(), SspiTranslation.ascRetOf(EnumSet.of(m.flag())), m.toString());
        }
    }

    @Test
    void flagValues_fromSspiH() {
        assertEquals(0x10000, IscReq.ISC_REQ_INTEGRITY);
        assertEquals(0x20000, AscReq.ASC_REQ_INTEGRITY);
        assertEquals(0x8000, AscReq.ASC_REQ_EXTENDED_ERROR);
        assertEquals(0x4000, IscReq.ISC_REQ_EXTENDED_ERROR);
        assertEquals(0x100000, AscRet.ASC_RET_NULL_SESSION);
        assertEquals(AscReq.ASC_REQ_ALLOW_NULL_SESSION, AscRet.ASC_RET_NULL_SESSION);
    }

    @Test
    void noIntegrity_removesIntegrity() {
        assertFalse(SspiTranslation.iscReqToFlags(IscReq.ISC_REQ_INTEGRITY | IscReq.ISC_REQ_NO_INTEGRITY)
                .contains(ContextFlag.INTEGRITY));
    }

    @Test
    void delegate_needsMutual_andAddsPolicy() {
        assertEquals(EnumSet.noneOf(ContextFlag.class), SspiTranslation.iscReqToFlags(IscReq.ISC_REQ_DELEGATE));
        assertEquals(
                EnumSet.of(ContextFlag.DELEGATION, ContextFlag.DELEGATION_POLICY, ContextFlag.MUTUAL),
                SspiTranslation.iscReqToFlags(IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH));
    }

    @Test
    void applyTo_anyGssContext_setsEveryRowExplicitly() throws Exception {
        Map<String, Boolean> calls = new LinkedHashMap<>();
        GSSContext ctx = recording(calls, Map.of());
        SspiTranslation.applyTo(
                ctx,
                IscReq.ISC_REQ_MUTUAL_AUTH
                        | IscReq.ISC_REQ_CONFIDENTIALITY
                        | IscReq.ISC_REQ_INTEGRITY
                        | IscReq.ISC_REQ_NO_INTEGRITY
                        | IscReq.ISC_REQ_DELEGATE);
        assertEquals(
                Map.of(
                        "requestMutualAuth",
                        true,
                        "requestReplayDet",
                        false,
                        "requestSequenceDet",
                        false,
                        "requestConf",
                        true,
                        "requestInteg",
                        false,
                        "requestCredDeleg",
                        true,
                        "requestAnonymity",
                        false),
                calls);
    }

    @Test
    void gssState_toIscRetAndAscRet() {
        GSSContext ctx = recording(
                new LinkedHashMap<>(),
                Map.of(
                        "getMutualAuthState",
                        true,
                        "getConfState",
                        true,
                        "getIntegState",
                        true,
                        "getSequenceDetState",
                        true));
        assertEquals(
                IscRet.ISC_RET_MUTUAL_AUTH
                        | IscRet.ISC_RET_CONFIDENTIALITY
                        | IscRet.ISC_RET_INTEGRITY
                        | IscRet.ISC_RET_SEQUENCE_DETECT,
                SspiTranslation.iscRetOf(ctx));
        assertEquals(
                AscRet.ASC_RET_MUTUAL_AUTH
                        | AscRet.ASC_RET_CONFIDENTIALITY
                        | AscRet.ASC_RET_INTEGRITY
                        | AscRet.ASC_RET_SEQUENCE_DETECT,
                SspiTranslation.ascRetOf(ctx));
    }

    @Test
    void statusRows_eachDirectionTheRowStates() {
        for (SspiTranslation.StatusMapping m : SspiTranslation.statusTable()) {
            if (m.direction() != SspiTranslation.Direction.SSPI_TO_GSS) {
                assertEquals(m.secStatus(), SspiTranslation.secStatusOf(m.gssMajor()), m.toString());
                assertEquals(m.secStatus(), SspiTranslation.secStatusOf(new GSSException(m.gssMajor())), m.toString());
            }
            if (m.direction() != SspiTranslation.Direction.GSS_TO_SSPI) {
                assertEquals(m.gssMajor(), SspiTranslation.gssMajorOf(m.secStatus()), m.toString());
                assertEquals(
                        m.gssMajor(),
                        SspiTranslation.toGssException(m.secStatus(), "x").getMajor());
                assertEquals(
                        m.secStatus(),
                        SspiTranslation.toGssException(m.secStatus(), "x").getMinor());
            }
        }
    }

    @Test
    void statusTable_agreesWithFailure_forTheFirstConstantOfEachCode() {
        Set<Integer> seen = new java.util.HashSet<>();
        for (Failure f : Failure.values()) {
            if (seen.add(f.sspiStatus())) {
                assertEquals(f.gssMajor(), SspiTranslation.gssMajorOf(f.sspiStatus()), f.name());
            }
        }
    }

    @Test
    void seedMapping_spelledOut() {
        assertEquals(SecStatus.SEC_E_INVALID_TOKEN, SspiTranslation.secStatusOf(GSSException.DEFECTIVE_TOKEN));
        assertEquals(SecStatus.SEC_E_NO_CREDENTIALS, SspiTranslation.secStatusOf(GSSException.NO_CRED));
        assertEquals(SecStatus.SEC_E_TARGET_UNKNOWN, SspiTranslation.secStatusOf(GSSException.BAD_NAMETYPE));
        assertEquals(SecStatus.SEC_E_CONTEXT_EXPIRED, SspiTranslation.secStatusOf(GSSException.CREDENTIALS_EXPIRED));
        assertEquals(SecStatus.SEC_E_MESSAGE_ALTERED, SspiTranslation.secStatusOf(GSSException.BAD_MIC));
        assertEquals(SecStatus.SEC_E_BAD_BINDINGS, SspiTranslation.secStatusOf(GSSException.BAD_BINDINGS));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, SspiTranslation.secStatusOf(GSSException.NO_CONTEXT));
        assertEquals(SecStatus.SEC_E_UNSUPPORTED_FUNCTION, SspiTranslation.secStatusOf(GSSException.BAD_MECH));
        assertEquals(SecStatus.SEC_E_LOGON_DENIED, SspiTranslation.secStatusOf(GSSException.UNAUTHORIZED));
        assertEquals(SecStatus.SEC_E_OUT_OF_SEQUENCE, SspiTranslation.secStatusOf(GSSException.DUPLICATE_TOKEN));
        assertEquals(SecStatus.SEC_E_OUT_OF_SEQUENCE, SspiTranslation.secStatusOf(GSSException.GAP_TOKEN));
        assertEquals(SecStatus.SEC_E_INTERNAL_ERROR, SspiTranslation.secStatusOf(GSSException.FAILURE));
        assertEquals(SecStatus.SEC_E_INTERNAL_ERROR, SspiTranslation.secStatusOf(9999));
        assertEquals(0, SspiTranslation.gssMajorOf(SecStatus.SEC_I_CONTINUE_NEEDED));
    }

    @Test
    void gssExceptionFromJNegotiate_mapsExactlyThroughItsFailure() {
        GSSException g = new GSSException(GSSException.FAILURE);
        g.initCause(new NegotiateException(Failure.NO_AUTHENTICATING_AUTHORITY, "no KDC"));
        assertEquals(SecStatus.SEC_E_NO_AUTHENTICATING_AUTHORITY, SspiTranslation.secStatusOf(g));
    }

    /** A GSSContext that records request calls and answers state getters from {@code states}. */
    private static GSSContext recording(Map<String, Boolean> calls, Map<String, Boolean> states) {
        return (GSSContext) Proxy.newProxyInstance(
                GSSContext.class.getClassLoader(), new Class<?>[] {GSSContext.class}, (proxy, method, args) -> {
                    String n = method.getName();
                    if (n.startsWith("request")) {
                        calls.put(n, (Boolean) args[0]);
                        return null;
                    }
                    if (method.getReturnType() == boolean.class) {
                        return states.getOrDefault(n, false);
                    }
                    return null;
                });
    }
}
