package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jnegotiate.sspi.CredHandle;
import org.jnegotiate.sspi.CtxtHandle;
import org.jnegotiate.sspi.IntByReference;
import org.jnegotiate.sspi.SecBuffer;
import org.jnegotiate.sspi.SecBufferDesc;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.Sspi;
import org.jnegotiate.sspi.TimeStamp;

/**
 * One side of an SSPI exchange written the way C callers write it: AcquireCredentialsHandle once, then
 * InitializeSecurityContext (client) or AcceptSecurityContext (server) in a loop, every call's
 * {@code SECURITY_STATUS} kept in {@link #statuses()} and the latest pfContextAttr in {@link #attributes()}.
 */
final class SspiEndpoint implements AutoCloseable {

    /** One call: its status, the output token (possibly empty) and pfContextAttr. */
    record Leg(int status, byte[] token, int attributes) {
        boolean ok() {
            return status == SecStatus.SEC_E_OK;
        }

        boolean continueNeeded() {
            return status == SecStatus.SEC_I_CONTINUE_NEEDED;
        }

        boolean failed() {
            return !SecStatus.succeeded(status);
        }
    }

    final Sspi sspi;
    final CredHandle credentials = new CredHandle();
    final CtxtHandle context = new CtxtHandle();
    private final boolean client;
    private final String target;
    private final int request;
    private final List<Integer> statuses = new ArrayList<>();
    private final List<byte[]> tokens = new ArrayList<>();
    private final TimeStamp expiry = new TimeStamp();
    private SecBuffer[] extraInput = new SecBuffer[0];
    private int attributes;

    private SspiEndpoint(Sspi sspi, boolean client, String target, int request) {
        this.sspi = sspi;
        this.client = client;
        this.target = target;
        this.request = request;
    }

    /** A client of {@code pkg} with an explicit identity (pAuthData), asking for {@code iscReq}. */
    static SspiEndpoint client(Sspi sspi, String pkg, SecWinntAuthIdentity identity, String spn, int iscReq) {
        SspiEndpoint e = new SspiEndpoint(sspi, true, spn, iscReq);
        int status = sspi.acquireCredentialsHandle(
                null, pkg, Sspi.SECPKG_CRED_OUTBOUND, null, identity, null, null, e.credentials, null);
        assertEquals(SecStatus.name(SecStatus.SEC_E_OK), SecStatus.name(status), "AcquireCredentialsHandle " + pkg);
        return e;
    }

    /** A server of {@code pkg} with the default acceptor credentials (keytab, NTLM users file). */
    static SspiEndpoint server(Sspi sspi, String pkg, int ascReq) {
        SspiEndpoint e = new SspiEndpoint(sspi, false, null, ascReq);
        int status = sspi.acquireCredentialsHandle(
                null, pkg, Sspi.SECPKG_CRED_INBOUND, null, null, null, null, e.credentials, null);
        assertEquals(SecStatus.name(SecStatus.SEC_E_OK), SecStatus.name(status), "AcquireCredentialsHandle " + pkg);
        return e;
    }

    /** Buffers added to every later call's input (CHANNEL_BINDINGS, PKG_PARAMS). */
    SspiEndpoint withInput(SecBuffer... buffers) {
        this.extraInput = buffers.clone();
        return this;
    }

    /** One InitializeSecurityContext / AcceptSecurityContext call with the peer's token (null: none). */
    Leg step(byte[] input) {
        List<SecBuffer> in = new ArrayList<>();
        if (input != null && input.length > 0) {
            in.add(new SecBuffer(SecBuffer.SECBUFFER_TOKEN, input));
        }
        in.addAll(List.of(extraInput));
        SecBufferDesc inDesc = in.isEmpty() ? null : new SecBufferDesc(in.toArray(new SecBuffer[0]));
        SecBufferDesc out = new SecBufferDesc(SecBuffer.SECBUFFER_TOKEN, 0);
        IntByReference attrs = new IntByReference();
        CtxtHandle existing = context.isNull() ? null : context;
        int status = client
                ? sspi.initializeSecurityContext(
                        credentials,
                        existing,
                        target,
                        request,
                        0,
                        Sspi.SECURITY_NATIVE_DREP,
                        inDesc,
                        0,
                        context,
                        out,
                        attrs,
                        expiry)
                : sspi.acceptSecurityContext(
                        credentials, existing, inDesc, request, Sspi.SECURITY_NATIVE_DREP, context, out, attrs, expiry);
        statuses.add(status);
        attributes = attrs.getValue();
        byte[] token = out.getBytes() == null ? new byte[0] : out.getBytes();
        tokens.add(token);
        return new Leg(status, token, attributes);
    }

    /** The names of every status returned so far, e.g. [SEC_I_CONTINUE_NEEDED, SEC_E_OK]. */
    List<String> statuses() {
        return statuses.stream().map(SecStatus::name).toList();
    }

    /** The output token of every call so far (empty arrays where there was none). */
    List<byte[]> tokens() {
        return tokens;
    }

    int attributes() {
        return attributes;
    }

    TimeStamp expiry() {
        return expiry;
    }

    @Override
    public void close() {
        if (!context.isNull()) {
            sspi.deleteSecurityContext(context);
        }
        sspi.freeCredentialsHandle(credentials);
    }
}
