package org.jnegotiate.ntlm;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.ntlm.messages.NegotiateFlags;

/**
 * What the two NTLM roles share once established: the exported session key, the negotiated flags,
 * the granted services and session security. The handshakes themselves live in {@link NtlmInitiator}
 * and {@link NtlmAcceptor}. Every method that reads or changes state holds the context's monitor
 * ({@link MechContext}'s threading contract).
 */
abstract class NtlmContext implements MechContext {
    static final System.Logger LOG = System.getLogger("org.jnegotiate.ntlm");

    /** Policy: NTLMv2 with extended session security; sealing only with 128-bit keys. */
    static final int REQUIRED_FLAGS = NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY;

    /** The name of an anonymous logon, as Windows reports it. */
    static final PeerName ANONYMOUS_NAME = new PeerName("NT AUTHORITY\\ANONYMOUS LOGON", PeerName.Type.ANONYMOUS);

    final ContextRequest request;
    private SecretBytes exportedSessionKey;
    private NtlmProtector protector;
    private Set<ContextFlag> granted = Set.of();
    /** The AUTHENTICATE_MESSAGE carried a MIC (sent by the initiator, verified by the acceptor). */
    private boolean authenticateHadMic;
    /** Established anonymously: no per-message protection (the key is public). */
    private boolean anonymousSession;

    NtlmContext(ContextRequest request) {
        this.request = request;
    }

    /**
     * The session-security policy, applied to every set of flags that decides the keys: the NEGOTIATE's offer, the
     * CHALLENGE's answer and the AUTHENTICATE's final flags (MS-NLMP 3.2.5.2.2 ServerRequire128bitEncryption:
     * SEC_E_UNSUPPORTED_FUNCTION). Without it a peer (or, without a MIC, anyone on the path) could drop
     * NEGOTIATE_128 from the AUTHENTICATE and get a 40-bit sealing key ({@code NtlmCrypto.sealKey}).
     */
    static void checkSessionSecurity(int flags, String which) throws NegotiateException {
        if (!NegotiateFlags.has(flags, REQUIRED_FLAGS)) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "NTLMv2 extended session security is missing" + " from " + which + " ("
                            + NegotiateFlags.describe(flags) + "); the policy requires it");
        }
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_SEAL)
                && !NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_128)) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    which + " ask for sealing without 128-bit keys (" + NegotiateFlags.describe(flags)
                            + "); the policy refuses 40/56-bit NTLM sealing");
        }
    }

    /**
     * Called by the role once the handshake succeeded; takes ownership of {@code exportedKey}. {@code withMic}: the
     * AUTHENTICATE_MESSAGE carried a MIC (which makes Windows require the SPNEGO mechListMIC). An anonymous context
     * gets neither integrity nor confidentiality: its session key is derived from zeros that anyone can compute.
     */
    final void establish(int negotiatedFlags, byte[] exportedKey, boolean anonymous, boolean withMic) {
        this.authenticateHadMic = withMic;
        this.anonymousSession = anonymous;
        boolean sign = !anonymous && NegotiateFlags.has(negotiatedFlags, NegotiateFlags.NEGOTIATE_SIGN);
        EnumSet<ContextFlag> g = EnumSet.noneOf(ContextFlag.class);
        if (sign) {
            g.add(ContextFlag.INTEGRITY);
            if (request.has(ContextFlag.REPLAY_DETECTION)) {
                g.add(ContextFlag.REPLAY_DETECTION);
            }
            if (request.has(ContextFlag.SEQUENCE_DETECTION)) {
                g.add(ContextFlag.SEQUENCE_DETECTION);
            }
        }
        if (!anonymous && NegotiateFlags.has(negotiatedFlags, NegotiateFlags.NEGOTIATE_SEAL)) {
            g.add(ContextFlag.CONFIDENTIALITY);
        }
        if (anonymous) {
            g.add(ContextFlag.ANONYMITY);
        }
        this.exportedSessionKey = SecretBytes.adopt(exportedKey);
        this.protector = new NtlmProtector(
                negotiatedFlags,
                exportedKey.clone(),
                isInitiator(),
                g.contains(ContextFlag.REPLAY_DETECTION),
                g.contains(ContextFlag.SEQUENCE_DETECTION));
        this.granted = Set.copyOf(g);
    }

    @Override
    public final MechOid mechanism() {
        return MechOid.NTLM;
    }

    @Override
    public final synchronized Set<ContextFlag> granted() {
        return granted;
    }

    @Override
    public final Optional<Instant> expiry() {
        return Optional.empty();
    }

    /**
     * The per-message protection; refused on an anonymous context ({@link Failure#UNSUPPORTED_FUNCTION}), whose key
     * protects nothing. The SPNEGO mechListMIC is still computed with it ({@link #mechListMicProtector}).
     */
    @Override
    public final synchronized MessageProtector protector() throws NegotiateException {
        NtlmProtector p = established();
        if (anonymousSession) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION,
                    "an anonymous NTLM context has no integrity or" + " confidentiality: its session key is public");
        }
        return p;
    }

    @Override
    public final synchronized SecretBytes sessionKey() throws NegotiateException {
        established();
        return SecretBytes.copyOf(exportedSessionKey.toByteArray());
    }

    /**
     * True when the AUTHENTICATE_MESSAGE carried a MIC (MsvAvFlags 0x2): Windows then requires the SPNEGO mechListMIC
     * in both directions (pyspnego's {@code _requires_mech_list_mic}, MIT's GSS_SPNEGO_REQUIRE_MIC query to
     * gss-ntlmssp); without a MIC (anonymous, or a client such as gss-ntlmssp's raw NTLM that sends MsvAvFlags 0)
     * the plain RFC 4178 rules apply.
     */
    @Override
    public final synchronized boolean requiresMechListMic() {
        return isEstablished() && authenticateHadMic;
    }

    /**
     * The SPNEGO mechListMIC is an ordinary NTLM signature (made with the session protector even when anonymous),
     * after which Windows restarts the RC4 keystream of that direction (pyspnego and gss-ntlmssp do the same), so
     * the first application token is sealed from a fresh handle while the sequence number goes on.
     */
    @Override
    public final synchronized MessageProtector mechListMicProtector() throws NegotiateException {
        return established();
    }

    /** After our mechListMIC: a fresh outgoing RC4 keystream (see {@link #mechListMicProtector()}). */
    @Override
    public final synchronized void ownMechListMicMade() throws NegotiateException {
        established().resetOutgoingSealing();
    }

    /** After the peer's mechListMIC: a fresh incoming RC4 keystream (see {@link #mechListMicProtector()}). */
    @Override
    public final synchronized void peerMechListMicVerified() throws NegotiateException {
        established().resetIncomingSealing();
    }

    /** Zeroes the keys and moves the role to DISPOSED. Idempotent. */
    @Override
    public final synchronized void dispose() {
        if (protector != null) {
            protector.dispose();
        }
        if (exportedSessionKey != null) {
            exportedSessionKey.destroy();
        }
        enterDisposed();
    }

    /** Moves the role's state machine to DISPOSED. */
    abstract void enterDisposed();

    /** What every use of a disposed context but the idempotent {@link #dispose()} gets. */
    static NegotiateException disposed() {
        return new NegotiateException(Failure.INVALID_HANDLE, "the NTLM context was disposed");
    }

    private NtlmProtector established() throws NegotiateException {
        if (protector == null || !isEstablished()) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the NTLM context is not established");
        }
        return protector;
    }

    static NegotiateException outOfSequence(String role, Object state) {
        return new NegotiateException(Failure.OUT_OF_SEQUENCE, "NTLM " + role + " stepped in state " + state);
    }
}
