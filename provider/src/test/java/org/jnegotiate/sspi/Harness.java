package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.testing.FakeMechanism;
import org.jnegotiate.testing.FakeMechanism.Behaviour;

/** An SSPI over fake mechanisms, with the client/server loop spelled out as SSPI callers write it. */
final class Harness {
    final FakeMechanism spnego;
    final FakeMechanism kerberos;
    final FakeMechanism ntlm;
    final Engine engine;
    final Sspi sspi;

    /**
     * Fakes: SPNEGO with {@code spnegoTokens} tokens, Kerberos with 2 (mutual), NTLM with 3; all named FAKE, their
     * first tokens carrying the identity (user, password verdict, session key, bindings).
     */
    Harness(int spnegoTokens) {
        this(spnegoTokens, NegotiateConfig.defaults());
    }

    Harness(int spnegoTokens, NegotiateConfig config) {
        this(spnegoTokens, config, Clock.systemUTC());
    }

    /** As {@link #Harness(int, NegotiateConfig)}, the SSPI on {@code clock}. */
    Harness(int spnegoTokens, NegotiateConfig config, Clock clock) {
        spnego = fake(spnegoTokens, MechOid.SPNEGO);
        kerberos = fake(2, MechOid.KERBEROS, MechOid.MS_KERBEROS);
        ntlm = fake(3, MechOid.NTLM);
        Map<MechOid, Mechanism> m = new EnumMap<>(MechOid.class);
        m.put(MechOid.SPNEGO, spnego);
        m.put(MechOid.KERBEROS, kerberos);
        m.put(MechOid.MS_KERBEROS, kerberos);
        m.put(MechOid.NTLM, ntlm);
        engine = Engine.of(config, m, clock);
        sspi = new Sspi(engine);
    }

    private static FakeMechanism fake(int tokens, MechOid... oids) {
        return new FakeMechanism("FAKE", tokens, oids).with(Behaviour.IDENTITY_IN_FIRST_TOKEN);
    }

    CredHandle creds(String pkg, int use) {
        CredHandle h = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK, sspi.acquireCredentialsHandle(null, pkg, use, null, null, null, null, h, null));
        return h;
    }

    /** One ISC call the way C callers write it; returns the status. */
    int isc(
            CredHandle cred,
            CtxtHandle ctx,
            String target,
            int req,
            byte[] input,
            SecBufferDesc out,
            IntByReference attrs,
            TimeStamp expiry) {
        SecBufferDesc in = input == null ? null : new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, input);
        return sspi.initializeSecurityContext(
                cred,
                ctx.isNull() ? null : ctx,
                target,
                req,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                in,
                0,
                ctx,
                out,
                attrs,
                expiry);
    }

    int asc(
            CredHandle cred,
            CtxtHandle ctx,
            int req,
            byte[] input,
            SecBufferDesc out,
            IntByReference attrs,
            TimeStamp expiry) {
        return sspi.acceptSecurityContext(
                cred,
                ctx.isNull() ? null : ctx,
                new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, input),
                req,
                Sspi.SECURITY_NATIVE_DREP,
                ctx,
                out,
                attrs,
                expiry);
    }

    static SecBufferDesc out() {
        return new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
    }

    /** A full exchange; returns the pair of established handles. */
    CtxtHandle[] establish(String pkg, String target, int iscReq, int ascReq) {
        CredHandle c = creds(pkg, Sspi.SECPKG_CRED_OUTBOUND);
        CredHandle s = creds(pkg, Sspi.SECPKG_CRED_INBOUND);
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        byte[] token = null;
        int cs;
        int ss = SecStatus.SEC_I_CONTINUE_NEEDED;
        IntByReference attrs = new IntByReference();
        for (int i = 0; i < 10; i++) {
            SecBufferDesc o = out();
            cs = isc(c, client, target, iscReq, token, o, attrs, null);
            assertOk(cs);
            token = o.getBytes();
            if (token.length == 0 && cs == SecStatus.SEC_E_OK) {
                break;
            }
            if (token.length > 0) {
                SecBufferDesc so = out();
                ss = asc(s, server, ascReq, token, so, new IntByReference(), null);
                assertOk(ss);
                token = so.getBytes();
            }
            if (cs == SecStatus.SEC_E_OK && (token.length == 0 || ss == SecStatus.SEC_E_OK)) {
                break;
            }
        }
        return new CtxtHandle[] {client, server};
    }

    static void assertOk(int status) {
        if (!SecStatus.succeeded(status)) {
            throw new AssertionError("failed: " + SecStatus.name(status));
        }
    }

    static List<Integer> statuses(int... s) {
        return java.util.Arrays.stream(s).boxed().toList();
    }
}
