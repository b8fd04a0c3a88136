package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jnegotiate.testing.FakeMechanism;
import org.junit.jupiter.api.Test;

/**
 * A runtime exception inside a mechanism (a bug, never the peer's doing) does not leave the door: every call
 * answers SEC_E_INTERNAL_ERROR, the status the fuzz targets treat as a finding.
 */
class SspiInternalErrorTest {

    @Test
    void acceptSecurityContext_mechanismThrows_internalError() {
        Harness h = new Harness(2);
        h.kerberos.bug(new IndexOutOfBoundsException("a bug"));
        CredHandle s = h.creds("Kerberos", Sspi.SECPKG_CRED_INBOUND);
        CredHandle c = h.creds("Kerberos", Sspi.SECPKG_CRED_OUTBOUND);
        SecBufferDesc first = Harness.out();
        assertEquals(
                SecStatus.SEC_I_CONTINUE_NEEDED,
                h.isc(
                        c,
                        new CtxtHandle(),
                        "HTTP/server.example",
                        IscReq.ISC_REQ_MUTUAL_AUTH,
                        null,
                        first,
                        new IntByReference(),
                        null));
        assertEquals(
                SecStatus.SEC_E_INTERNAL_ERROR,
                h.asc(s, new CtxtHandle(), 0, first.getBytes(), Harness.out(), new IntByReference(), null));
    }

    @Test
    void decryptAndVerify_protectorThrows_internalError() {
        Harness h = new Harness(2);
        CtxtHandle[] pair = h.establish(
                "Kerberos",
                "HTTP/server.example",
                IscReq.ISC_REQ_MUTUAL_AUTH | IscReq.ISC_REQ_CONFIDENTIALITY,
                AscReq.ASC_REQ_CONFIDENTIALITY);
        byte[] wire = Messages.encrypt(h.sspi, pair[0], new byte[] {1, 2, 3});
        h.kerberos.bug(new NullPointerException("a bug"));
        SecBuffer stream = new SecBuffer(SecBuffer.SECBUFFER_STREAM, wire);
        assertEquals(
                SecStatus.SEC_E_INTERNAL_ERROR,
                h.sspi.decryptMessage(
                        pair[1], new SecBufferDesc(stream, new SecBuffer(SecBuffer.SECBUFFER_DATA)), 0, null));
        SecBuffer data = new SecBuffer(SecBuffer.SECBUFFER_DATA, new byte[] {1});
        SecBuffer token = new SecBuffer(SecBuffer.SECBUFFER_TOKEN, new byte[FakeMechanism.MIC_SIZE]);
        assertEquals(
                SecStatus.SEC_E_INTERNAL_ERROR,
                h.sspi.verifySignature(pair[1], new SecBufferDesc(data, token), 0, null));
    }
}
