package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Porting SSPI code" loop, call for call, against an SSPI-door server (Negotiate over NTLM):
 * if the README's Java stops compiling or working, this test says so.
 */
class ReadmePortingExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeClientLoop_authenticatesAgainstAcceptSecurityContext() throws Exception {
        Path users = dir.resolve("ntlm-users");
        Files.writeString(users, "EXAMPLE:alice:alice-secret\n");
        NegotiateConfig config = NegotiateConfig.builder()
                .ntlmUserFile(users)
                .mechanisms(List.of(MechOid.NTLM))
                .ntlmServiceNames(List.of("HTTP/web.example.com"))
                .krb5Conf(dir.resolve("no-krb5.conf"))
                .build();
        Sspi sspi = new Sspi(Engine.create(config));
        int flags = IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_CONFIDENTIALITY | IscReq.ISC_REQ_ALLOCATE_MEMORY;

        // the server side of "send" and "reply"
        CredHandle serverCred = new CredHandle();
        CtxtHandle serverCtx = new CtxtHandle();
        assertEquals(
                SecStatus.SEC_E_OK,
                sspi.acquireCredentialsHandle(
                        null, "Negotiate", Sspi.SECPKG_CRED_INBOUND, null, null, null, null, serverCred, null));
        IntByReference serverAttrs = new IntByReference();
        int serverStatus = SecStatus.SEC_I_CONTINUE_NEEDED;

        // --- the README's Java column (explicit identity instead of default credentials) ---
        CredHandle cred = new CredHandle();
        CtxtHandle ctx = new CtxtHandle();
        TimeStamp expiry = new TimeStamp();
        IntByReference attrs = new IntByReference();
        assertEquals(
                SecStatus.SEC_E_OK,
                sspi.acquireCredentialsHandle(
                        null,
                        "Negotiate",
                        Sspi.SECPKG_CRED_OUTBOUND,
                        null,
                        new SecWinntAuthIdentity("alice", "EXAMPLE", "alice-secret".toCharArray()),
                        null,
                        null,
                        cred,
                        expiry));
        SecBufferDesc out = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
        int st = sspi.initializeSecurityContext(
                cred,
                null,
                "HTTP/web.example.com",
                flags,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                null,
                0,
                ctx,
                out,
                attrs,
                expiry);
        int legs = 0;
        while (st == SecStatus.SEC_I_CONTINUE_NEEDED) {
            byte[] reply = send(sspi, serverCred, serverCtx, out.getBytes(), serverAttrs);
            serverStatus = lastServerStatus;
            SecBufferDesc in = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, reply);
            out = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
            st = sspi.initializeSecurityContext(
                    cred,
                    ctx,
                    "HTTP/web.example.com",
                    flags,
                    0,
                    Sspi.SECURITY_NATIVE_DREP,
                    in,
                    0,
                    ctx,
                    out,
                    attrs,
                    expiry);
            assertTrue(++legs < 5, "too many legs");
        }
        if (st == SecStatus.SEC_E_OK && out.getBytes().length > 0) {
            send(sspi, serverCred, serverCtx, out.getBytes(), serverAttrs);
            serverStatus = lastServerStatus;
        }
        // --- end of the README's column ---

        assertEquals(SecStatus.SEC_E_OK, st, SecStatus.name(st));
        assertEquals(SecStatus.SEC_E_OK, serverStatus, SecStatus.name(serverStatus));
        assertTrue((attrs.getValue() & IscRet.ISC_RET_CONFIDENTIALITY) != 0);
        assertEquals(0, attrs.getValue() & IscRet.ISC_RET_MUTUAL_AUTH, "NTLM cannot authenticate the server");

        byte[] secret = "over the wire".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SecBufferDesc message = new SecBufferDesc(
                new SecBuffer(SecBuffer.SECBUFFER_TOKEN, 64),
                new SecBuffer(SecBuffer.SECBUFFER_DATA, secret.clone()),
                new SecBuffer(SecBuffer.SECBUFFER_PADDING, 16));
        assertEquals(SecStatus.SEC_E_OK, sspi.encryptMessage(ctx, 0, message, 0));
        assertEquals(SecStatus.SEC_E_OK, sspi.decryptMessage(serverCtx, message, 0, new IntByReference()));
        assertArrayEquals(secret, message.first(SecBuffer.SECBUFFER_DATA).getBytes());
        assertEquals(SecStatus.SEC_E_OK, sspi.deleteSecurityContext(ctx));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, sspi.deleteSecurityContext(ctx));
    }

    private int lastServerStatus;

    private byte[] send(Sspi sspi, CredHandle cred, CtxtHandle ctx, byte[] token, IntByReference attrs) {
        SecBufferDesc out = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
        lastServerStatus = sspi.acceptSecurityContext(
                cred,
                ctx.isNull() ? null : ctx,
                new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, token),
                AscReq.ASC_REQ_CONFIDENTIALITY,
                Sspi.SECURITY_NATIVE_DREP,
                ctx,
                out,
                attrs,
                null);
        assertTrue(
                lastServerStatus == SecStatus.SEC_E_OK || lastServerStatus == SecStatus.SEC_I_CONTINUE_NEEDED,
                SecStatus.name(lastServerStatus));
        return out.getBytes();
    }
}
