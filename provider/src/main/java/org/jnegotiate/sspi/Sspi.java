package org.jnegotiate.sspi;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;

/**
 * The SSPI port layer: the functions of secur32.dll, one for one, with their parameters in their order and
 * their {@code SECURITY_STATUS} results, so that C or JNA SSPI code ports line by line. Nothing here throws
 * for a security failure: every method returns SEC_E_OK, a SEC_I_* code or a SEC_E_* code.
 *
 * <p>Differences from Windows, all deliberate: the package always allocates output buffers (as with
 * ISC_REQ_ALLOCATE_MEMORY; ISC_RET_ALLOCATED_MEMORY is reported only when asked for), so there is no
 * FreeContextBuffer; strings are Java strings (no A/W variants); the SECPKG_ATTR_* out-structures are the
 * classes of {@link SecPkgContext}; a PKG_PARAMS buffer carries a {@link SecWinntAuthIdentity}.
 * A handle is valid only with the {@code Sspi} instance that filled it in.
 */
public final class Sspi {
    public static final int SECURITY_NATIVE_DREP = 0x00000010;
    public static final int SECURITY_NETWORK_DREP = 0x00000000;

    public static final int SECPKG_CRED_INBOUND = 0x00000001;
    public static final int SECPKG_CRED_OUTBOUND = 0x00000002;
    public static final int SECPKG_CRED_BOTH = 0x00000003;

    public static final int SECPKG_ATTR_SIZES = 0;
    public static final int SECPKG_ATTR_NAMES = 1;
    public static final int SECPKG_ATTR_LIFESPAN = 2;
    public static final int SECPKG_ATTR_STREAM_SIZES = 4;
    public static final int SECPKG_ATTR_SESSION_KEY = 9;
    public static final int SECPKG_ATTR_PACKAGE_INFO = 10;
    public static final int SECPKG_ATTR_NEGOTIATION_INFO = 12;
    public static final int SECPKG_ATTR_NATIVE_NAMES = 13;
    public static final int SECPKG_ATTR_FLAGS = 14;

    public static final int SECPKG_NEGOTIATION_COMPLETE = 0;
    public static final int SECPKG_NEGOTIATION_OPTIMISTIC = 1;
    public static final int SECPKG_NEGOTIATION_IN_PROGRESS = 2;

    /** fQOP of EncryptMessage: integrity only (KERB_WRAP_NO_ENCRYPT has the same value). */
    public static final int SECQOP_WRAP_NO_ENCRYPT = 0x80000001;

    private static final System.Logger LOG = System.getLogger("org.jnegotiate.sspi");

    private final Engine engine;
    private final AtomicLong ids = new AtomicLong(0x1000);

    /**
     * An SSPI over {@code engine} (for example {@code Engine.create(config)}); its contexts take their start time
     * (SECPKG_ATTR_LIFESPAN) from the engine's clock, the one the world was injected with.
     */
    public Sspi(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** The SSPI over {@link Engine#system()}. */
    public static Sspi system() {
        return SystemHolder.INSTANCE;
    }

    private static final class SystemHolder {
        static final Sspi INSTANCE = new Sspi(Engine.system());
    }

    Engine engine() {
        return engine;
    }

    // ---- credentials ----

    /**
     * AcquireCredentialsHandle. {@code pszPackage} is "Negotiate", "Kerberos" or "NTLM"; {@code pAuthData}
     * null means default credentials. {@code pvLogonId}, {@code pGetKeyFn} and {@code pvGetKeyArgument} must be
     * null (SEC_E_UNSUPPORTED_FUNCTION otherwise).
     */
    public int acquireCredentialsHandle(
            String pszPrincipal,
            String pszPackage,
            int fCredentialUse,
            Object pvLogonId,
            SecWinntAuthIdentity pAuthData,
            Object pGetKeyFn,
            Object pvGetKeyArgument,
            CredHandle phCredential,
            TimeStamp ptsExpiry) {
        try {
            if (phCredential == null) {
                throw new SspiException(Failure.INVALID_PARAMETER, "phCredential is required");
            }
            SecurityPackage pkg = SecurityPackage.named(pszPackage)
                    .orElseThrow(() -> new SspiException(
                            SecStatus.SEC_E_SECPKG_NOT_FOUND, "no security package named '" + pszPackage + "'"));
            if (fCredentialUse != SECPKG_CRED_INBOUND
                    && fCredentialUse != SECPKG_CRED_OUTBOUND
                    && fCredentialUse != SECPKG_CRED_BOTH) {
                throw new SspiException(
                        Failure.INVALID_PARAMETER,
                        String.format("fCredentialUse 0x%X is not INBOUND, OUTBOUND or BOTH", fCredentialUse));
            }
            if (pvLogonId != null || pGetKeyFn != null || pvGetKeyArgument != null) {
                throw new SspiException(Failure.UNSUPPORTED_FUNCTION, "logon ids and key callbacks are not supported");
            }
            Credentials c = Credentials.acquire(engine, pkg, fCredentialUse, pszPrincipal, pAuthData);
            phCredential.bind(this, c, ids.incrementAndGet());
            if (ptsExpiry != null) {
                ptsExpiry.set(c.expiry().orElse(null));
            }
            return SecStatus.SEC_E_OK;
        } catch (SspiException e) {
            return fail("AcquireCredentialsHandle", e);
        } catch (NegotiateException e) {
            return fail("AcquireCredentialsHandle", new SspiException(e));
        }
    }

    /** FreeCredentialsHandle: contexts made from the credentials keep working until they are deleted. */
    public int freeCredentialsHandle(CredHandle phCredential) {
        Credentials c = credentials(phCredential);
        if (c == null || !c.freeHandle()) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        phCredential.invalidate();
        return SecStatus.SEC_E_OK;
    }

    /** QuerySecurityPackageInfo: fills {@code pPackageInfo}; SEC_E_SECPKG_NOT_FOUND for unknown names. */
    public int querySecurityPackageInfo(String pszPackageName, SecPkgInfo pPackageInfo) {
        if (pPackageInfo == null) {
            return SecStatus.SEC_E_INVALID_PARAMETER;
        }
        return SecurityPackage.named(pszPackageName)
                .map(p -> {
                    pPackageInfo.fill(p, engine.config().maxTokenSize());
                    return SecStatus.SEC_E_OK;
                })
                .orElse(SecStatus.SEC_E_SECPKG_NOT_FOUND);
    }

    // ---- context establishment ----

    /**
     * InitializeSecurityContext (Negotiate). Reserved1/Reserved2 must be 0 and TargetDataRep
     * SECURITY_NATIVE_DREP or SECURITY_NETWORK_DREP (SEC_E_INVALID_PARAMETER otherwise). {@code pInput} may
     * hold a TOKEN (the server's reply, or its first token when the server speaks first), a CHANNEL_BINDINGS
     * buffer ({@link SecChannelBindings} layout) and, with ISC_REQ_USE_SUPPLIED_CREDS, a PKG_PARAMS buffer.
     * {@code pOutput} must hold a TOKEN buffer, which receives the token to send (possibly empty).
     */
    public int initializeSecurityContext(
            CredHandle phCredential,
            CtxtHandle phContext,
            String pszTargetName,
            int fContextReq,
            int reserved1,
            int targetDataRep,
            SecBufferDesc pInput,
            int reserved2,
            CtxtHandle phNewContext,
            SecBufferDesc pOutput,
            IntByReference pfContextAttr,
            TimeStamp ptsExpiry) {
        SecurityContext ctx = null;
        boolean first = phContext == null || phContext.isNull();
        try {
            checkReservedAndDrep(reserved1, reserved2, targetDataRep);
            SecBuffer outToken = outputToken(pOutput);
            if (first) {
                if (phNewContext == null) {
                    throw new SspiException(Failure.INVALID_PARAMETER, "phNewContext is required on the first call");
                }
                Credentials c = credentials(phCredential);
                if (c == null || c.handleFreed()) {
                    throw new SspiException(Failure.INVALID_HANDLE, "phCredential is not a valid credential handle");
                }
                if (!c.outbound()) {
                    throw new SspiException(
                            Failure.NO_CREDENTIALS,
                            "InitializeSecurityContext needs OUTBOUND credentials, these are INBOUND");
                }
                ctx = SecurityContext.initiator(engine, c, targetName(pszTargetName));
            } else {
                ctx = context(phContext, true);
            }
            SecurityContext.StepOutput out = ctx.step(new SecurityContext.StepInput(
                    token(pInput), fContextReq, bindings(pInput), suppliedIdentity(pInput)));
            if (first) {
                phNewContext.bind(this, ctx, ids.incrementAndGet());
            } else if (phNewContext != null && phNewContext != phContext) {
                phNewContext.copyFrom(phContext);
            }
            return deliver(out, outToken, pfContextAttr, ptsExpiry);
        } catch (SspiException e) {
            if (first && ctx != null) {
                ctx.delete(); // no handle was handed out: nothing for the caller to delete
            }
            deliverError(e, pOutput, pfContextAttr, IscRet.ISC_RET_EXTENDED_ERROR);
            return fail("InitializeSecurityContext", e);
        }
    }

    /**
     * AcceptSecurityContext (Negotiate). {@code pInput} holds the client's TOKEN and optionally
     * CHANNEL_BINDINGS; TargetDataRep must be native or network.
     */
    public int acceptSecurityContext(
            CredHandle phCredential,
            CtxtHandle phContext,
            SecBufferDesc pInput,
            int fContextReq,
            int targetDataRep,
            CtxtHandle phNewContext,
            SecBufferDesc pOutput,
            IntByReference pfContextAttr,
            TimeStamp ptsTimeStamp) {
        SecurityContext ctx = null;
        boolean first = phContext == null || phContext.isNull();
        try {
            checkReservedAndDrep(0, 0, targetDataRep);
            SecBuffer outToken = outputToken(pOutput);
            if (first) {
                if (phNewContext == null) {
                    throw new SspiException(Failure.INVALID_PARAMETER, "phNewContext is required on the first call");
                }
                Credentials c = credentials(phCredential);
                if (c == null || c.handleFreed()) {
                    throw new SspiException(Failure.INVALID_HANDLE, "phCredential is not a valid credential handle");
                }
                if (!c.inbound()) {
                    throw new SspiException(
                            Failure.NO_CREDENTIALS,
                            "AcceptSecurityContext needs INBOUND credentials, these are OUTBOUND");
                }
                ctx = SecurityContext.acceptor(engine, c);
            } else {
                ctx = context(phContext, false);
            }
            SecurityContext.StepOutput out =
                    ctx.step(new SecurityContext.StepInput(token(pInput), fContextReq, bindings(pInput), null));
            if (first) {
                phNewContext.bind(this, ctx, ids.incrementAndGet());
            } else if (phNewContext != null && phNewContext != phContext) {
                phNewContext.copyFrom(phContext);
            }
            return deliver(out, outToken, pfContextAttr, ptsTimeStamp);
        } catch (SspiException e) {
            if (first && ctx != null) {
                ctx.delete(); // no handle was handed out: nothing for the caller to delete
            }
            deliverError(e, pOutput, pfContextAttr, AscRet.ASC_RET_EXTENDED_ERROR);
            return fail("AcceptSecurityContext", e);
        }
    }

    /** CompleteAuthToken: ends a SEC_I_COMPLETE_NEEDED/COMPLETE_AND_CONTINUE step; a no-op otherwise. */
    public int completeAuthToken(CtxtHandle phContext, SecBufferDesc pToken) {
        try {
            return context(phContext, null).completeAuthToken();
        } catch (SspiException e) {
            return fail("CompleteAuthToken", e);
        }
    }

    /** DeleteSecurityContext: valid after any failed later leg; a second call gives SEC_E_INVALID_HANDLE. */
    public int deleteSecurityContext(CtxtHandle phContext) {
        Object t = phContext == null ? null : phContext.target(this);
        if (!(t instanceof SecurityContext ctx) || !ctx.delete()) {
            return SecStatus.SEC_E_INVALID_HANDLE;
        }
        phContext.invalidate();
        return SecStatus.SEC_E_OK;
    }

    // ---- attributes ----

    /**
     * QueryContextAttributes for SIZES, NAMES, LIFESPAN, STREAM_SIZES, SESSION_KEY, PACKAGE_INFO,
     * NEGOTIATION_INFO (Negotiate only), NATIVE_NAMES and FLAGS; {@code pBuffer} must be the matching
     * {@link SecPkgContext} class (SEC_E_INVALID_PARAMETER otherwise). Other attributes:
     * SEC_E_UNSUPPORTED_FUNCTION.
     */
    public int queryContextAttributes(CtxtHandle phContext, int ulAttribute, SecPkgContext.Attribute pBuffer) {
        try {
            SecurityContext ctx = context(phContext, null);
            ContextAttributes.query(this, ctx, ulAttribute, pBuffer);
            return SecStatus.SEC_E_OK;
        } catch (SspiException e) {
            return fail("QueryContextAttributes", e);
        }
    }

    // ---- messages ----

    /** EncryptMessage; see {@link MessageSecurity} for the buffer layout. */
    public int encryptMessage(CtxtHandle phContext, int fQOP, SecBufferDesc pMessage, int messageSeqNo) {
        try {
            return MessageSecurity.encrypt(context(phContext, null), fQOP, pMessage);
        } catch (SspiException e) {
            return fail("EncryptMessage", e);
        } catch (RuntimeException e) {
            return fail("EncryptMessage", SspiException.internal(e));
        }
    }

    /** DecryptMessage; pfQOP receives SECQOP_WRAP_NO_ENCRYPT when the message was only signed. */
    public int decryptMessage(CtxtHandle phContext, SecBufferDesc pMessage, int messageSeqNo, IntByReference pfQOP) {
        try {
            return MessageSecurity.decrypt(context(phContext, null), pMessage, pfQOP);
        } catch (SspiException e) {
            return fail("DecryptMessage", e);
        } catch (RuntimeException e) {
            return fail("DecryptMessage", SspiException.internal(e));
        }
    }

    /** MakeSignature over the DATA buffer into the TOKEN buffer. */
    public int makeSignature(CtxtHandle phContext, int fQOP, SecBufferDesc pMessage, int messageSeqNo) {
        try {
            return MessageSecurity.makeSignature(context(phContext, null), fQOP, pMessage);
        } catch (SspiException e) {
            return fail("MakeSignature", e);
        } catch (RuntimeException e) {
            return fail("MakeSignature", SspiException.internal(e));
        }
    }

    /** VerifySignature of the TOKEN buffer over the DATA buffer. */
    public int verifySignature(CtxtHandle phContext, SecBufferDesc pMessage, int messageSeqNo, IntByReference pfQOP) {
        try {
            return MessageSecurity.verifySignature(context(phContext, null), pMessage, pfQOP);
        } catch (SspiException e) {
            return fail("VerifySignature", e);
        } catch (RuntimeException e) {
            return fail("VerifySignature", SspiException.internal(e));
        }
    }

    // ---- helpers ----

    private static void checkReservedAndDrep(int reserved1, int reserved2, int dataRep) throws SspiException {
        if (reserved1 != 0 || reserved2 != 0) {
            throw new SspiException(Failure.INVALID_PARAMETER, "Reserved1 and Reserved2 must be 0");
        }
        if (dataRep != SECURITY_NATIVE_DREP && dataRep != SECURITY_NETWORK_DREP) {
            throw new SspiException(
                    Failure.INVALID_PARAMETER,
                    String.format(
                            "TargetDataRep 0x%X is neither SECURITY_NATIVE_DREP nor SECURITY_NETWORK_DREP", dataRep));
        }
    }

    private static SecBuffer outputToken(SecBufferDesc pOutput) throws SspiException {
        SecBuffer b = pOutput == null ? null : pOutput.first(SecBuffer.SECBUFFER_TOKEN);
        if (b == null) {
            throw new SspiException(Failure.INVALID_TOKEN, "pOutput must hold a SECBUFFER_TOKEN buffer");
        }
        return b;
    }

    private static byte[] token(SecBufferDesc pInput) {
        SecBuffer b = pInput == null ? null : pInput.first(SecBuffer.SECBUFFER_TOKEN);
        return b == null ? null : b.getBytes();
    }

    private static ChannelBindings bindings(SecBufferDesc pInput) throws SspiException {
        SecBuffer b = pInput == null ? null : pInput.first(SecBuffer.SECBUFFER_CHANNEL_BINDINGS);
        if (b == null) {
            return null;
        }
        try {
            return SecChannelBindings.parse(b.getBytes());
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }

    private static SecWinntAuthIdentity suppliedIdentity(SecBufferDesc pInput) {
        SecBuffer b = pInput == null ? null : pInput.first(SecBuffer.SECBUFFER_PKG_PARAMS);
        return b == null ? null : b.identity();
    }

    /** The SPN: {@code service/host[@REALM]} as Windows takes it, or {@code service@host} (GSS host-based). */
    static PeerName targetName(String spn) throws SspiException {
        if (spn == null || spn.isBlank()) {
            throw new SspiException(Failure.TARGET_UNKNOWN, "a target name (SPN) is required");
        }
        return spn.indexOf('/') >= 0 ? PeerName.principal(spn) : PeerName.hostbased(spn);
    }

    private Credentials credentials(CredHandle h) {
        Object t = h == null ? null : h.target(this);
        return t instanceof Credentials c ? c : null;
    }

    /**
     * The context of a handle; {@code initiator} null accepts either role, otherwise a context of the other
     * role is an invalid handle for this call.
     */
    private SecurityContext context(CtxtHandle h, Boolean initiator) throws SspiException {
        Object t = h == null ? null : h.target(this);
        if (!(t instanceof SecurityContext ctx)
                || ctx.phase() == SecurityContext.Phase.DELETED
                || (initiator != null && ctx.isInitiator() != initiator)) {
            throw new SspiException(Failure.INVALID_HANDLE, "not a valid context handle of this SSPI");
        }
        return ctx;
    }

    private static int deliver(
            SecurityContext.StepOutput out, SecBuffer outToken, IntByReference pfContextAttr, TimeStamp ptsExpiry) {
        outToken.setBytes(out.token());
        if (pfContextAttr != null) {
            pfContextAttr.setValue(out.attributes());
        }
        if (ptsExpiry != null) {
            ptsExpiry.set(out.expiry().orElse(null));
        }
        return out.status();
    }

    /** With EXTENDED_ERROR, the engine's error token goes to the output TOKEN buffer for the peer. */
    private static void deliverError(
            SspiException e, SecBufferDesc pOutput, IntByReference pfContextAttr, int extendedErrorBit) {
        SecBuffer out = pOutput == null ? null : pOutput.first(SecBuffer.SECBUFFER_TOKEN);
        if (out == null) {
            return;
        }
        java.util.Optional<byte[]> token = e.errorToken();
        out.setBytes(token.orElse(null));
        if (token.isPresent() && pfContextAttr != null) {
            pfContextAttr.setValue(extendedErrorBit);
        }
    }

    private static int fail(String call, SspiException e) {
        LOG.log(System.Logger.Level.DEBUG, "{0} failed: {1}", call, e.getMessage());
        return e.status();
    }

    /** The session key bytes, a copy the caller zeroes. */
    static byte[] sessionKey(MechContext m) throws SspiException {
        try {
            SecretBytes k = m.sessionKey();
            return k.toByteArray();
        } catch (NegotiateException e) {
            throw new SspiException(e);
        }
    }
}
