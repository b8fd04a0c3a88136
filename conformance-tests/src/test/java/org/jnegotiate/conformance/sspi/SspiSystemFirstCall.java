package org.jnegotiate.conformance.sspi;

import java.util.Base64;
import org.jnegotiate.sspi.CredHandle;
import org.jnegotiate.sspi.CtxtHandle;
import org.jnegotiate.sspi.IntByReference;
import org.jnegotiate.sspi.SecBuffer;
import org.jnegotiate.sspi.SecBufferDesc;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.Sspi;

/**
 * The main of a child JVM: {@code Sspi.system()} with default credentials (no pAuthData, no JAAS Subject, no
 * property but the JVM's defaults), AcquireCredentialsHandle("Negotiate") and the first InitializeSecurityContext
 * for the SPN in {@code args[0]}. Prints {@code ACQUIRE <status>}, {@code ISC <status>} and {@code TOKEN <base64>}.
 */
public final class SspiSystemFirstCall {
    private SspiSystemFirstCall() {}

    public static void main(String[] args) {
        Sspi sspi = Sspi.system();
        CredHandle cred = new CredHandle();
        int acquired = sspi.acquireCredentialsHandle(
                null, "Negotiate", Sspi.SECPKG_CRED_OUTBOUND, null, null, null, null, cred, null);
        System.out.println("ACQUIRE " + SecStatus.name(acquired));
        if (acquired != SecStatus.SEC_E_OK) {
            return;
        }
        SecBufferDesc out = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
        int status = sspi.initializeSecurityContext(
                cred,
                null,
                args[0],
                0,
                0,
                Sspi.SECURITY_NATIVE_DREP,
                null,
                0,
                new CtxtHandle(),
                out,
                new IntByReference(),
                null);
        System.out.println("ISC " + SecStatus.name(status));
        System.out.println("TOKEN " + Base64.getEncoder().encodeToString(out.getBytes()));
    }
}
