package org.jnegotiate.ntlm;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Step;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.ntlm.messages.AvPair;
import org.jnegotiate.ntlm.messages.ChallengeMessage;
import org.jnegotiate.ntlm.messages.NegotiateFlags;
import org.jnegotiate.ntlm.messages.NegotiateMessage;
import org.jnegotiate.ntlm.messages.NtlmVersion;
import org.jnegotiate.ntlm.messages.Ntlmv2ClientChallenge;
import org.jnegotiate.ntlm.messages.TargetInfo;

/**
 * The NTLM server (MS-NLMP section 3.2): NEGOTIATE in, CHALLENGE out, AUTHENTICATE in. Accepts NTLMv2
 * only, verified against an {@link NtlmUserDatabase}; checks the timestamp window, the MIC, the channel
 * bindings or else the target name ({@link ServiceBinding}), and the session security of the final flags.
 * Anonymous logons only when the configuration allows them. Each challenge it issues is known to
 * {@link IssuedChallenges} until its handshake ends, so that this process's initiators refuse it.
 *
 * <p>A fresh acceptor whose first message is an AUTHENTICATE finishes the handshake another acceptor of this process
 * began (servers that open a new context per HTTP request): {@link IssuedChallenges} finds it by the MsvAvTimestamp
 * the client echoes, and every check above then runs on the NEGOTIATE and CHALLENGE kept there, the MIC included.
 * Each handshake completes once, in whichever context comes first.
 */
public final class NtlmAcceptor extends NtlmContext {
    private enum State {
        WAITING_FOR_NEGOTIATE,
        CHALLENGE_SENT,
        ESTABLISHED,
        FAILED,
        DISPOSED
    }

    /** Flags of the client we grant when offered. */
    private static final int GRANTABLE = NegotiateFlags.NEGOTIATE_SIGN
            | NegotiateFlags.NEGOTIATE_SEAL
            | NegotiateFlags.NEGOTIATE_ALWAYS_SIGN
            | NegotiateFlags.NEGOTIATE_KEY_EXCH
            | NegotiateFlags.NEGOTIATE_128
            | NegotiateFlags.NEGOTIATE_56
            | NegotiateFlags.NEGOTIATE_VERSION
            | NegotiateFlags.REQUEST_TARGET
            | NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
            | NegotiateFlags.NEGOTIATE_IDENTIFY;
    /** Size of an NTLMv1 (and LM) response: refused by policy. */
    private static final int NTLMV1_RESPONSE_LENGTH = 24;

    private final NtlmUserDatabase users;
    private final NtlmServerNames names;
    private final ServiceBinding binding;
    private final Ntlmv2BlobChecks blobChecks;
    private final boolean allowAnonymous;
    private final IssuedChallenges issued;
    private final SecureRandom random;
    private final Clock clock;
    private State state = State.WAITING_FOR_NEGOTIATE;
    private byte[] negotiateBytes;
    private byte[] challengeBytes;
    private ChallengeMessage challenge;
    /** The MsvAvTimestamp of our CHALLENGE (unique in this JVM) and when it was issued. */
    private long challengeTimestamp;

    private Instant challengeIssuedAt;
    /** This context finishes a handshake another context began. */
    private boolean resumed;
    /** Set by an outer negotiation (SPNEGO) before the first step: it runs this context. */
    private boolean insideNegotiation;

    private byte[] outerStateToKeep;
    private byte[] resumedOuterState;
    private PeerName initiator;

    NtlmAcceptor(
            NtlmUserDatabase users,
            NtlmServerNames names,
            ServiceBinding binding,
            NegotiateConfig config,
            IssuedChallenges issued,
            ContextRequest request,
            SecureRandom random,
            Clock clock) {
        super(request);
        this.users = users;
        this.names = names;
        this.binding = binding;
        this.blobChecks = new Ntlmv2BlobChecks(config, binding, request.channelBindings(), clock);
        this.allowAnonymous = config.ntlmAllowAnonymous();
        this.issued = issued;
        this.random = random;
        this.clock = clock;
    }

    @Override
    public boolean isInitiator() {
        return false;
    }

    @Override
    public synchronized Step step(byte[] input) throws NegotiateException {
        if (state == State.DISPOSED) {
            throw disposed();
        }
        try {
            Step out;
            switch (state) {
                case WAITING_FOR_NEGOTIATE:
                    out = isAuthenticate(input) ? resume(input) : sendChallenge(input);
                    break;
                case CHALLENGE_SENT:
                    out = verifyAuthenticate(input);
                    break;
                default:
                    throw outOfSequence("acceptor", state);
            }
            return out;
        } catch (NegotiateException | RuntimeException e) {
            if (state != State.ESTABLISHED && state != State.DISPOSED) {
                state = State.FAILED;
                withdrawChallenge();
            }
            LOG.log(System.Logger.Level.DEBUG, "NTLM acceptor refused the client: {0}", e.getMessage());
            throw e;
        }
    }

    /**
     * {@link #dispose()}: the terminal state, after which every step is refused. A handshake left half-way stays in
     * the table: servers that open a context per request finish it in another.
     */
    @Override
    void enterDisposed() {
        state = State.DISPOSED;
    }

    /** Stage 1: read the NEGOTIATE, choose the flags, send the CHALLENGE with our target info. */
    private Step sendChallenge(byte[] input) throws NegotiateException {
        if (input == null || input.length == 0) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the NTLM acceptor needs the client's NEGOTIATE_MESSAGE");
        }
        NegotiateMessage negotiate = NegotiateMessage.decode(input);
        int flags = challengeFlags(negotiate.flags());
        byte[] serverChallenge = new byte[8];
        random.nextBytes(serverChallenge);
        Instant now = clock.instant();
        long timestamp = issued.timestamp(now);
        TargetInfo info = TargetInfo.empty()
                .withString(AvPair.MSV_AV_NB_DOMAIN_NAME, names.nbDomainName())
                .withString(AvPair.MSV_AV_NB_COMPUTER_NAME, names.nbComputerName())
                .withString(AvPair.MSV_AV_DNS_DOMAIN_NAME, names.dnsDomainName())
                .withString(AvPair.MSV_AV_DNS_COMPUTER_NAME, names.dnsComputerName())
                .withTimestamp(timestamp);
        String targetName = NegotiateFlags.has(flags, NegotiateFlags.REQUEST_TARGET) ? names.nbComputerName() : "";
        challenge = new ChallengeMessage(
                flags,
                targetName,
                serverChallenge,
                info,
                NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_VERSION)
                        ? Optional.of(NtlmVersion.CURRENT)
                        : Optional.empty());
        negotiateBytes = input.clone();
        challengeBytes = challenge.encode();
        issued.issue(serverChallenge, timestamp, binding, now, negotiateBytes, challengeBytes);
        if (outerStateToKeep != null) {
            issued.keepOuterState(timestamp, outerStateToKeep);
        }
        challengeTimestamp = timestamp;
        challengeIssuedAt = now;
        state = State.CHALLENGE_SENT;
        LOG.log(System.Logger.Level.DEBUG, "NTLM acceptor challenges with {0}", NegotiateFlags.describe(flags));
        return Step.continueWith(challengeBytes.clone());
    }

    private static int challengeFlags(int clientFlags) throws NegotiateException {
        checkSessionSecurity(clientFlags, "the client's NEGOTIATE flags");
        int flags = (clientFlags & GRANTABLE) | NegotiateFlags.NEGOTIATE_NTLM | NegotiateFlags.NEGOTIATE_TARGET_INFO;
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_128)) {
            flags &= ~NegotiateFlags.NEGOTIATE_56;
        }
        if (NegotiateFlags.has(flags, NegotiateFlags.REQUEST_TARGET)) {
            flags |= NegotiateFlags.TARGET_TYPE_SERVER;
        }
        if (NegotiateFlags.has(clientFlags, NegotiateFlags.NEGOTIATE_UNICODE)) {
            flags |= NegotiateFlags.NEGOTIATE_UNICODE;
        } else if (NegotiateFlags.has(clientFlags, NegotiateFlags.NEGOTIATE_OEM)) {
            flags |= NegotiateFlags.NEGOTIATE_OEM;
        } else {
            throw new NegotiateException(Failure.INVALID_TOKEN, "the NEGOTIATE offers neither Unicode nor OEM strings");
        }
        return flags;
    }

    /** Stage 2: verify the AUTHENTICATE (response, timestamp, MIC, bindings) and establish. */
    private Step verifyAuthenticate(byte[] input) throws NegotiateException {
        if (input == null || input.length == 0) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the NTLM acceptor needs the client's AUTHENTICATE_MESSAGE");
        }
        AuthenticateMessage auth = AuthenticateMessage.decode(input);
        LOG.log(System.Logger.Level.DEBUG, "NTLM acceptor received {0}", auth);
        if (Duration.between(challengeIssuedAt, clock.instant()).compareTo(IssuedChallenges.LIFETIME) > 0) {
            throw new NegotiateException(
                    Failure.CONTEXT_EXPIRED,
                    "the NTLM CHALLENGE was issued more than " + IssuedChallenges.LIFETIME + " ago");
        }
        int flags = (auth.flags() & challenge.flags()) | (auth.flags() & NegotiateFlags.ANONYMOUS);
        checkSessionSecurity(flags, "the AUTHENTICATE_MESSAGE's final flags");
        boolean anonymous = auth.isAnonymous();
        VerifiedResponse logon = anonymous ? null : verifyNtlmv2(auth);
        byte[] exported = exportedSessionKey(flags, auth, anonymous ? anonymousLogon() : logon.sessionBaseKey());
        boolean withMic = false;
        try {
            if (!anonymous) {
                withMic = verifyMic(auth, logon.blob().avPairs(), input, exported);
            }
            completeOnce();
        } catch (NegotiateException e) {
            NtlmCredential.zero(exported);
            throw e;
        }
        initiator = anonymous ? ANONYMOUS_NAME : PeerName.user(new NtlmIdentity(auth.domain(), auth.user()).toString());
        establish(flags, exported, anonymous, withMic);
        state = State.ESTABLISHED;
        LOG.log(
                System.Logger.Level.DEBUG,
                "NTLM acceptor established for {0}, flags {1}",
                initiator,
                NegotiateFlags.describe(flags));
        return Step.done(null);
    }

    /** An anonymous logon, when the configuration allows it; returns its SessionBaseKey, Z(16). */
    private byte[] anonymousLogon() throws NegotiateException {
        if (!allowAnonymous) {
            throw new NegotiateException(
                    Failure.LOGON_DENIED,
                    "anonymous NTLM logon refused: anonymous logons"
                            + " are disabled (jnegotiate.ntlm.allowAnonymous=false)");
        }
        return new byte[16];
    }

    /** A verified NTLMv2 response: its SessionBaseKey and the client challenge it made authentic. */
    private record VerifiedResponse(byte[] sessionBaseKey, Ntlmv2ClientChallenge blob) {}

    /** The NTLMv2 checks of MS-NLMP 3.2.5.1.2. */
    private VerifiedResponse verifyNtlmv2(AuthenticateMessage auth) throws NegotiateException {
        byte[] nt = auth.ntChallengeResponse();
        String who = new NtlmIdentity(auth.domain(), auth.user()).toString();
        if (nt.length == NTLMV1_RESPONSE_LENGTH || (nt.length == 0 && auth.lmChallengeResponse().length > 0)) {
            throw new NegotiateException(
                    Failure.LOGON_DENIED,
                    "the client sent an NTLMv1/LM response for " + who
                            + ": NTLMv1 is disabled, only NTLMv2 is accepted");
        }
        if (nt.length < 16 + Ntlmv2ClientChallenge.FIXED_LENGTH) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "NtChallengeResponse of " + nt.length
                            + " bytes is neither NTLMv1 (24) nor a valid NTLMv2 response");
        }
        Ntlmv2ClientChallenge blob = Ntlmv2ClientChallenge.decode(Arrays.copyOfRange(nt, 16, nt.length));
        // the user database checks the NTProofStr (itself, or through a domain controller); the blob it covers is
        // then authentic, and its timestamp, bindings and target name are checked by blobChecks
        byte[] sessionBaseKey = users.verifyNtlmv2(new NtlmUserDatabase.Ntlmv2Logon(
                auth.domain(), auth.user(), auth.workstation(), challenge.serverChallenge(), nt));
        try {
            blobChecks.check(blob);
            return new VerifiedResponse(sessionBaseKey, blob);
        } catch (NegotiateException e) {
            NtlmCredential.zero(sessionBaseKey);
            throw e;
        }
    }

    private void withdrawChallenge() {
        // a resumed handshake stays for its rightful AUTHENTICATE: a forged one must not cancel it
        if (challenge != null && !resumed) {
            issued.withdraw(challenge.serverChallenge());
        }
    }

    /** Once everything verified: the handshake is taken out of the table, or was completed elsewhere already. */
    private void completeOnce() throws NegotiateException {
        Instant now = clock.instant();
        IssuedChallenges.Consumed c = resumed
                ? issued.consume(challengeTimestamp, now)
                : issued.completeOwn(challengeTimestamp, challenge.serverChallenge(), now);
        switch (c) {
            case OK:
                return;
            case ALREADY_USED:
                throw new NegotiateException(
                        Failure.REPLAYED_TOKEN,
                        "this NTLM handshake was already completed by"
                                + " another context: the AUTHENTICATE_MESSAGE is a replay");
            case TABLE_FULL:
                throw new NegotiateException(
                        Failure.LOGON_DENIED,
                        "too many NTLM handshakes were resumed in the last "
                                + IssuedChallenges.LIFETIME + " (" + IssuedChallenges.MAX_ENTRIES
                                + "); refused rather than"
                                + " forgetting which were used");
            default:
                throw new NegotiateException(
                        Failure.LOGON_DENIED,
                        "the resumed NTLM handshake expired or was" + " forgotten while its AUTHENTICATE was verified");
        }
    }

    private static boolean isAuthenticate(byte[] input) {
        return input != null
                && input.length >= 12
                && input[8] == AuthenticateMessage.TYPE
                && input[9] == 0
                && input[10] == 0
                && input[11] == 0;
    }

    /**
     * Stage 1 of a fresh context given an AUTHENTICATE: finds the handshake another context of this process began by
     * the MsvAvTimestamp the client echoed from its CHALLENGE, takes over its NEGOTIATE and CHALLENGE, and verifies
     * as that context would have.
     */
    private Step resume(byte[] input) throws NegotiateException {
        IssuedChallenges.Pending p = pendingFor(AuthenticateMessage.decode(input));
        if (insideNegotiation && p.outerState() == null) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the NTLM handshake began without SPNEGO and" + " continues inside it");
        }
        if (!insideNegotiation && p.outerState() != null) {
            throw new NegotiateException(
                    Failure.DOWNGRADE_DETECTED,
                    "the NTLM handshake began inside SPNEGO and"
                            + " continues without it: its mechanism list would go unprotected");
        }
        resumed = true;
        negotiateBytes = p.negotiate();
        challengeBytes = p.challenge();
        challenge = ChallengeMessage.decode(challengeBytes);
        challengeTimestamp = p.timestamp();
        challengeIssuedAt = p.at();
        resumedOuterState = p.outerState();
        state = State.CHALLENGE_SENT;
        LOG.log(
                System.Logger.Level.DEBUG,
                "NTLM acceptor resumes the handshake of the CHALLENGE issued at {0}",
                p.at());
        return verifyAuthenticate(input);
    }

    /** The pending handshake whose CHALLENGE carried the MsvAvTimestamp {@code auth} echoes; refused otherwise. */
    private IssuedChallenges.Pending pendingFor(AuthenticateMessage auth) throws NegotiateException {
        byte[] nt = auth.ntChallengeResponse();
        if (nt.length < 16 + Ntlmv2ClientChallenge.FIXED_LENGTH) {
            throw new NegotiateException(
                    Failure.LOGON_DENIED,
                    "an AUTHENTICATE_MESSAGE without an NTLMv2 response"
                            + " reached a fresh NTLM acceptor: nothing ties it to a CHALLENGE of this process");
        }
        OptionalLong echoed = Ntlmv2ClientChallenge.decode(Arrays.copyOfRange(nt, 16, nt.length))
                .avPairs()
                .timestamp();
        if (echoed.isEmpty()) {
            throw new NegotiateException(
                    Failure.LOGON_DENIED,
                    "the AUTHENTICATE_MESSAGE echoes no MsvAvTimestamp:"
                            + " it cannot be matched to a CHALLENGE of this process");
        }
        Instant now = clock.instant();
        Optional<IssuedChallenges.Pending> found = issued.resumable(echoed.getAsLong(), now);
        if (found.isPresent()) {
            return found.get();
        }
        if (issued.wasUsed(echoed.getAsLong(), now)) {
            throw new NegotiateException(
                    Failure.REPLAYED_TOKEN,
                    "this NTLM handshake was already completed: the" + " AUTHENTICATE_MESSAGE is a replay");
        }
        throw new NegotiateException(
                Failure.LOGON_DENIED,
                "no pending NTLM CHALLENGE of this process carries"
                        + " the AUTHENTICATE_MESSAGE's timestamp (expired after " + IssuedChallenges.LIFETIME
                        + ", issued by another process, or forgotten)");
    }

    @Override
    public synchronized void insideNegotiation(byte[] stateToKeep) {
        insideNegotiation = true;
        outerStateToKeep = stateToKeep == null ? null : stateToKeep.clone();
    }

    @Override
    public synchronized Optional<byte[]> resumedOuterState() {
        return resumedOuterState == null ? Optional.empty() : Optional.of(resumedOuterState.clone());
    }

    private byte[] exportedSessionKey(int flags, AuthenticateMessage auth, byte[] sessionBaseKey)
            throws NegotiateException {
        byte[] keyExchangeKey = NtlmCrypto.kxKey(sessionBaseKey);
        NtlmCredential.zero(sessionBaseKey);
        if (!NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_KEY_EXCH)) {
            return keyExchangeKey;
        }
        byte[] encrypted = auth.encryptedRandomSessionKey();
        if (encrypted.length != 16) {
            NtlmCredential.zero(keyExchangeKey);
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "key exchange was negotiated but the" + " EncryptedRandomSessionKey is " + encrypted.length
                            + " bytes, not 16");
        }
        byte[] exported = NtlmCrypto.rc4k(keyExchangeKey, encrypted);
        NtlmCredential.zero(keyExchangeKey);
        return exported;
    }

    /**
     * The MIC (MS-NLMP 3.2.5.1.2): required when MsvAvFlags says it is present. A client that omits
     * MsvAvFlags entirely sends no MIC; Windows accepts that even though our CHALLENGE had a timestamp,
     * and so do we, noting it in the log. Returns whether there was a MIC (and it matched).
     */
    private boolean verifyMic(AuthenticateMessage auth, TargetInfo avPairs, byte[] input, byte[] exported)
            throws NegotiateException {
        OptionalInt avFlags = avPairs.flags();
        if (avFlags.isEmpty() || (avFlags.getAsInt() & AvPair.FLAG_MIC_PRESENT) == 0) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "NTLM client {0} sent no MIC (MsvAvFlags {1}); accepted as Windows does",
                    new NtlmIdentity(auth.domain(), auth.user()),
                    avFlags.isEmpty() ? "absent" : avFlags.getAsInt());
            return false;
        }
        if (auth.mic().isEmpty()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "MsvAvFlags promises a MIC but the AUTHENTICATE_MESSAGE" + " has no MIC field");
        }
        byte[] expected = NtlmCrypto.mic(exported, negotiateBytes, challengeBytes, AuthenticateMessage.zeroMic(input));
        if (!MessageDigest.isEqual(expected, auth.mic().get())) {
            throw new NegotiateException(
                    Failure.MESSAGE_ALTERED,
                    "the AUTHENTICATE_MESSAGE MIC does not match: one of" + " the three NTLM messages was altered");
        }
        return true;
    }

    @Override
    public synchronized boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** {@code DOMAIN\\user} as the client sent it, once established. */
    @Override
    public synchronized Optional<PeerName> initiatorName() {
        return isEstablished() ? Optional.ofNullable(initiator) : Optional.empty();
    }

    @Override
    public Optional<PeerName> acceptorName() {
        return Optional.of(PeerName.user(names.nbComputerName()));
    }
}
