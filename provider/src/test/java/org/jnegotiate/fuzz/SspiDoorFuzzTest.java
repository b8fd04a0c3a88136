package org.jnegotiate.fuzz;

import static org.jnegotiate.fuzz.Fuzzing.notInternalError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.sspi.AscReq;
import org.jnegotiate.sspi.CredHandle;
import org.jnegotiate.sspi.CtxtHandle;
import org.jnegotiate.sspi.IntByReference;
import org.jnegotiate.sspi.IscReq;
import org.jnegotiate.sspi.SecBuffer;
import org.jnegotiate.sspi.SecBufferDesc;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.Sspi;

/**
 * Coverage-guided fuzzing of the SSPI door over the real Negotiate and NTLM mechanisms (an NTLM users file; the
 * Kerberos legs are fuzzed by {@code KerberosFuzzTest}): every leg an acceptor or an initiator reads from the
 * network, raw NTLMSSP, and message protection on an established context. The property: the door answers every
 * input with a status, never a runtime exception ({@code SEC_E_INTERNAL_ERROR} is the door's name for one).
 */
class SspiDoorFuzzTest {
    private static final String TARGET = "HTTP/localhost";
    private static final int ISC = IscReq.ISC_REQ_CONFIDENTIALITY
            | IscReq.ISC_REQ_INTEGRITY
            | IscReq.ISC_REQ_REPLAY_DETECT
            | IscReq.ISC_REQ_SEQUENCE_DETECT
            | IscReq.ISC_REQ_ALLOCATE_MEMORY;
    private static final int ASC = AscReq.ASC_REQ_CONFIDENTIALITY | AscReq.ASC_REQ_ALLOCATE_MEMORY;
    private static final Sspi SSPI = sspi();

    private static Sspi sspi() {
        try {
            Path users = Files.createTempFile("jnegotiate-fuzz-users", "");
            users.toFile().deleteOnExit();
            Files.writeString(users, "TEST:alice:alice-secret\n");
            return new Sspi(Engine.create(NegotiateConfig.builder()
                    .ntlmUserFile(users)
                    .environment(Map.of())
                    .mechanisms(List.of(MechOid.NTLM))
                    .build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CredHandle inbound(String pkg) {
        CredHandle h = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                SSPI.acquireCredentialsHandle(null, pkg, Sspi.SECPKG_CRED_INBOUND, null, null, null, null, h, null));
        return h;
    }

    private static CredHandle outbound(String pkg) {
        CredHandle h = new CredHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                SSPI.acquireCredentialsHandle(
                        null,
                        pkg,
                        Sspi.SECPKG_CRED_OUTBOUND,
                        null,
                        new SecWinntAuthIdentity("alice", "TEST", "alice-secret".toCharArray()),
                        null,
                        null,
                        h,
                        null));
        return h;
    }

    private static int accept(CredHandle cred, CtxtHandle ctx, byte[] token, SecBufferDesc out) {
        return SSPI.acceptSecurityContext(
                cred,
                ctx.isNull() ? null : ctx,
                new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, token),
                ASC,
                Sspi.SECURITY_NATIVE_DREP,
                ctx,
                out,
                new IntByReference(),
                null);
    }

    private static int initialize(CredHandle cred, CtxtHandle ctx, byte[] token, SecBufferDesc out) {
        return SSPI.initializeSecurityContext(
                cred,
                ctx.isNull() ? null : ctx,
                TARGET,
                ISC,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                token == null ? null : new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, token),
                0,
                ctx,
                out,
                new IntByReference(),
                null);
    }

    private static SecBufferDesc out() {
        return new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
    }

    /** A client context that sent its first token; returns that token. */
    private static byte[] firstLeg(String pkg, CtxtHandle client) {
        SecBufferDesc o = out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, initialize(outbound(pkg), client, null, o));
        return o.getBytes();
    }

    private static void delete(CtxtHandle... contexts) {
        for (CtxtHandle c : contexts) {
            if (!c.isNull()) {
                SSPI.deleteSecurityContext(c);
            }
        }
    }

    /** A Negotiate acceptor's first token: NegTokenInit (framed), raw NTLMSSP, or anything else. */
    @FuzzTest
    void negotiateAcceptorFirstLeg(byte[] in) {
        CtxtHandle server = new CtxtHandle();
        notInternalError(accept(inbound("Negotiate"), server, in, out()));
        delete(server);
    }

    /** A Negotiate acceptor's second token, after a real client's NegTokenInit with an NTLM NEGOTIATE. */
    @FuzzTest
    void negotiateAcceptorSecondLeg(byte[] in) {
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        CredHandle cred = inbound("Negotiate");
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, accept(cred, server, firstLeg("Negotiate", client), out()));
        notInternalError(accept(cred, server, in, out()));
        delete(client, server);
    }

    /** A Negotiate initiator reading the acceptor's answer to its first token (a NegTokenResp with a CHALLENGE). */
    @FuzzTest
    void negotiateInitiatorReply(byte[] in) {
        CtxtHandle client = new CtxtHandle();
        CredHandle cred = outbound("Negotiate");
        SecBufferDesc o = out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, initialize(cred, client, null, o));
        notInternalError(initialize(cred, client, in, out()));
        delete(client);
    }

    /** The NTLM package with raw NTLMSSP: the acceptor's AUTHENTICATE after a real NEGOTIATE. */
    @FuzzTest
    void ntlmAcceptorAuthenticate(byte[] in) {
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        CredHandle cred = inbound("NTLM");
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, accept(cred, server, firstLeg("NTLM", client), out()));
        notInternalError(accept(cred, server, in, out()));
        delete(client, server);
    }

    /** The NTLM package with raw NTLMSSP: the initiator's CHALLENGE. */
    @FuzzTest
    void ntlmInitiatorChallenge(byte[] in) {
        CtxtHandle client = new CtxtHandle();
        CredHandle cred = outbound("NTLM");
        SecBufferDesc o = out();
        assertEquals(SecStatus.SEC_I_CONTINUE_NEEDED, initialize(cred, client, null, o));
        notInternalError(initialize(cred, client, in, out()));
        delete(client);
    }

    /**
     * DecryptMessage and VerifySignature of an established NTLM context (reached through Negotiate) on hostile
     * bytes: the first byte chooses the call and the buffer layout, the rest is the message.
     */
    @FuzzTest
    void ntlmMessageProtection(byte[] in) {
        if (in.length == 0) {
            return;
        }
        CtxtHandle client = new CtxtHandle();
        CtxtHandle server = new CtxtHandle();
        establish(client, server);
        byte[] msg = Arrays.copyOfRange(in, 1, in.length);
        int split = msg.length == 0 ? 0 : (in[0] & 0x3F) % (msg.length + 1);
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, Arrays.copyOf(msg, split));
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, Arrays.copyOfRange(msg, split, msg.length));
        CtxtHandle target = (in[0] & 0x40) == 0 ? server : client;
        int status = (in[0] & 0x80) == 0
                ? SSPI.decryptMessage(target, new SecBufferDesc(token, data), 0, new IntByReference())
                : SSPI.verifySignature(target, new SecBufferDesc(data, token), 0, new IntByReference());
        notInternalError(status);
        SecBuffer stream = new SecBuffer(SecBuffer.SECBUFFER_STREAM, msg);
        notInternalError(SSPI.decryptMessage(
                target, new SecBufferDesc(stream, new SecBuffer(SecBuffer.SECBUFFER_DATA)), 0, new IntByReference()));
        delete(client, server);
    }

    private static void establish(CtxtHandle client, CtxtHandle server) {
        CredHandle c = outbound("Negotiate");
        CredHandle s = inbound("Negotiate");
        byte[] token = null;
        int cs = SecStatus.SEC_I_CONTINUE_NEEDED;
        int ss = SecStatus.SEC_I_CONTINUE_NEEDED;
        while (cs == SecStatus.SEC_I_CONTINUE_NEEDED || ss == SecStatus.SEC_I_CONTINUE_NEEDED) {
            if (cs == SecStatus.SEC_I_CONTINUE_NEEDED) {
                SecBufferDesc o = out();
                cs = initialize(c, client, token, o);
                token = o.getBytes();
                if (token.length == 0) {
                    break;
                }
            }
            SecBufferDesc o = out();
            ss = accept(s, server, token, o);
            token = o.getBytes();
            if (token.length == 0) {
                break;
            }
        }
        assertEquals(SecStatus.SEC_E_OK, ss);
    }
}
