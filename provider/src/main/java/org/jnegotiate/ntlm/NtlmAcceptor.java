package org.jnegotiate.ntlm;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
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
import org.jnegotiate.ntlm.messages.FileTime;
import org.jnegotiate.ntlm.messages.NegotiateFlags;
import org.jnegotiate.ntlm.messages.NegotiateMessage;
import org.jnegotiate.ntlm.messages.Ntlmv2ClientChallenge;
import org.jnegotiate.ntlm.messages.NtlmVersion;
import org.jnegotiate.ntlm.messages.TargetInfo;

/**
 * The NTLM server (MS-NLMP section 3.2): NEGOTIATE in, CHALLENGE out, AUTHENTICATE in. Accepts NTLMv2
 * only, verified against an {@link NtlmUserDatabase}; checks the timestamp window, the MIC, the channel
 * bindings or else the target name ({@link ServiceBinding}), and the session security of the final flags.
 * Anonymous logons only when the configuration allows them. Each challenge it issues is known to
 * {@link IssuedChallenges} until its handshake ends, so that this process's initiators refuse it.
 */
public final class NtlmAcceptor extends NtlmContext {
    private enum State { WAITING_FOR_NEGOTIATE, CHALLENGE_SENT, ESTABLISHED, FAILED, DISPOSED }

    /** Flags of the client we grant when offered. */
    private static final int GRANTABLE = NegotiateFlags.NEGOTIATE_SIGN | NegotiateFlags.NEGOTIATE_SEAL
            | NegotiateFlags.NEGOTIATE_ALWAYS_SIGN | NegotiateFlags.NEGOTIATE_KEY_EXCH | NegotiateFlags.NEGOTIATE_128
            | NegotiateFlags.NEGOTIATE_56 | NegotiateFlags.NEGOTIATE_VERSION | NegotiateFlags.REQUEST_TARGET
            | NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY | NegotiateFlags.NEGOTIATE_IDENTIFY;
    /** Size of an NTLMv1 (and LM) response: refused by policy. */
    private static final int NTLMV1_RESPONSE_LENGTH = 24;

    private final NtlmUserDatabase users;
    private final NtlmServerNames names;
    private final ServiceBinding binding;
    private final Duration timestampWindow;
    private final NegotiateConfig.TargetNameCheck targetNameCheck;
    private final boolean allowAnonymous;
    private final IssuedChallenges issued;
    private final SecureRandom random;
    private final Clock clock;
    private State state = State.WAITING_FOR_NEGOTIATE;
    private byte[] negotiateBytes;
    private byte[] challengeBytes;
    private ChallengeMessage challenge;
    private PeerName initiator;

    NtlmAcceptor(NtlmUserDatabase users, NtlmServerNames names, ServiceBinding binding, NegotiateConfig config,
            IssuedChallenges issued, ContextRequest request, SecureRandom random, Clock clock) {
        super(request);
        this.users = users;
        this.names = names;
        this.binding = binding;
        this.timestampWindow = config.ntlmTimestampWindow();
        this.targetNameCheck = config.ntlmTargetNameCheck();
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
    public Step step(byte[] input) throws NegotiateException {
        trace("acceptor in", state, input);
        try {
            Step out;
            switch (state) {
                case WAITING_FOR_NEGOTIATE:
                    out = sendChallenge(input);
                    break;
                case CHALLENGE_SENT:
                    out = verifyAuthenticate(input);
                    break;
                default:
                    throw outOfSequence("acceptor", state);
            }
            trace("acceptor out", state, out.token());
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

    /** Stage 1: read the NEGOTIATE, choose the flags, send the CHALLENGE with our target info. */
    private Step sendChallenge(byte[] input) throws NegotiateException {
        if (input == null || input.length == 0) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "the NTLM acceptor needs the client's NEGOTIATE_MESSAGE");
        }
        NegotiateMessage negotiate = NegotiateMessage.decode(input);
        int flags = challengeFlags(negotiate.flags());
        byte[] serverChallenge = new byte[8];
        random.nextBytes(serverChallenge);
        TargetInfo info = TargetInfo.empty()
                .withString(AvPair.MSV_AV_NB_DOMAIN_NAME, names.nbDomainName())
                .withString(AvPair.MSV_AV_NB_COMPUTER_NAME, names.nbComputerName())
                .withString(AvPair.MSV_AV_DNS_DOMAIN_NAME, names.dnsDomainName())
                .withString(AvPair.MSV_AV_DNS_COMPUTER_NAME, names.dnsComputerName())
                .withTimestamp(FileTime.fromInstant(clock.instant()));
        String targetName = NegotiateFlags.has(flags, NegotiateFlags.REQUEST_TARGET) ? names.nbComputerName() : "";
        challenge = new ChallengeMessage(flags, targetName, serverChallenge, info,
                NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_VERSION) ? Optional.of(NtlmVersion.CURRENT)
                        : Optional.empty());
        negotiateBytes = input.clone();
        challengeBytes = challenge.encode();
        issued.issue(serverChallenge, binding, clock.instant());
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
            throw new NegotiateException(Failure.INVALID_TOKEN, "the NTLM acceptor needs the client's AUTHENTICATE_MESSAGE");
        }
        AuthenticateMessage auth = AuthenticateMessage.decode(input);
        LOG.log(System.Logger.Level.DEBUG, "NTLM acceptor received {0}", auth);
        withdrawChallenge();
        int flags = (auth.flags() & challenge.flags()) | (auth.flags() & NegotiateFlags.ANONYMOUS);
        checkSessionSecurity(flags, "the AUTHENTICATE_MESSAGE's final flags");
        byte[] sessionBaseKey;
        boolean anonymous = auth.isAnonymous();
        if (anonymous) {
            if (!allowAnonymous) {
                throw new NegotiateException(Failure.LOGON_DENIED, "anonymous NTLM logon refused: anonymous logons"
                        + " are disabled (jnegotiate.ntlm.allowAnonymous=false)");
            }
            sessionBaseKey = new byte[16];
        } else {
            sessionBaseKey = verifyNtlmv2(auth, input);
        }
        byte[] exported = exportedSessionKey(flags, auth, sessionBaseKey);
        boolean withMic = false;
        if (!anonymous) {
            try {
                withMic = verifyMic(auth, input, exported);
            } catch (NegotiateException e) {
                NtlmCredential.zero(exported);
                throw e;
            }
        }
        initiator = anonymous ? ANONYMOUS_NAME
                : PeerName.user(new NtlmIdentity(auth.domain(), auth.user()).toString());
        establish(flags, exported, anonymous, withMic);
        state = State.ESTABLISHED;
        LOG.log(System.Logger.Level.DEBUG, "NTLM acceptor established for {0}, flags {1}", initiator,
                NegotiateFlags.describe(flags));
        return Step.done(null);
    }

    /** The NTLMv2 checks of MS-NLMP 3.2.5.1.2; returns the SessionBaseKey. */
    private byte[] verifyNtlmv2(AuthenticateMessage auth, byte[] input) throws NegotiateException {
        byte[] nt = auth.ntChallengeResponse();
        String who = new NtlmIdentity(auth.domain(), auth.user()).toString();
        if (nt.length == NTLMV1_RESPONSE_LENGTH || (nt.length == 0 && auth.lmChallengeResponse().length > 0)) {
            throw new NegotiateException(Failure.LOGON_DENIED, "the client sent an NTLMv1/LM response for " + who
                    + ": NTLMv1 is disabled, only NTLMv2 is accepted");
        }
        if (nt.length < 16 + Ntlmv2ClientChallenge.FIXED_LENGTH) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "NtChallengeResponse of " + nt.length
                    + " bytes is neither NTLMv1 (24) nor a valid NTLMv2 response");
        }
        Ntlmv2ClientChallenge blob = Ntlmv2ClientChallenge.decode(Arrays.copyOfRange(nt, 16, nt.length));
        // the user database checks the NTProofStr (itself, or through a domain controller); the blob it covers is
        // then authentic, and its timestamp, bindings and target name are checked here
        byte[] sessionBaseKey = users.verifyNtlmv2(new NtlmUserDatabase.Ntlmv2Logon(auth.domain(), auth.user(),
                auth.workstation(), challenge.serverChallenge(), nt));
        try {
            checkTimestamp(blob.timestamp());
            checkChannelBindings(blob.avPairs());
            checkTargetName(blob.avPairs());
            return sessionBaseKey;
        } catch (NegotiateException e) {
            NtlmCredential.zero(sessionBaseKey);
            throw e;
        }
    }

    private void checkTimestamp(long fileTime) throws NegotiateException {
        Instant sent = FileTime.toInstant(fileTime);
        Instant now = clock.instant();
        if (Duration.between(sent, now).abs().compareTo(timestampWindow) > 0) {
            throw new NegotiateException(Failure.TIME_SKEW, "the NTLMv2 response timestamp " + sent + " is more than "
                    + timestampWindow + " from now (" + now + ")");
        }
    }

    private void checkChannelBindings(TargetInfo pairs) throws NegotiateException {
        Optional<byte[]> sent = pairs.get(AvPair.MSV_AV_CHANNEL_BINDINGS);
        if (request.channelBindings().isPresent()) {
            byte[] expected = request.channelBindings().get().md5();
            if (sent.isEmpty() || !MessageDigest.isEqual(expected, sent.get())) {
                throw new NegotiateException(Failure.BAD_BINDINGS, sent.isEmpty() || isZero(sent.get())
                        ? "the acceptor requires channel bindings but the client sent none"
                        : "the client's MsvAvChannelBindings do not match the acceptor's channel bindings");
            }
        } else if (sent.isPresent() && !isZero(sent.get())) {
            LOG.log(System.Logger.Level.DEBUG, "client sent channel bindings; none required, not checked");
        }
    }

    /** Extended Protection without channel bindings: the target name the client authenticated for. */
    private void checkTargetName(TargetInfo pairs) throws NegotiateException {
        if (targetNameCheck == NegotiateConfig.TargetNameCheck.OFF || request.channelBindings().isPresent()) {
            return;
        }
        binding.check(pairs.string(AvPair.MSV_AV_TARGET_NAME),
                targetNameCheck == NegotiateConfig.TargetNameCheck.REQUIRED);
    }

    private void withdrawChallenge() {
        if (challenge != null) {
            issued.withdraw(challenge.serverChallenge());
        }
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
            throw new NegotiateException(Failure.INVALID_TOKEN, "key exchange was negotiated but the"
                    + " EncryptedRandomSessionKey is " + encrypted.length + " bytes, not 16");
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
    private boolean verifyMic(AuthenticateMessage auth, byte[] input, byte[] exported) throws NegotiateException {
        byte[] nt = auth.ntChallengeResponse();
        OptionalInt avFlags = Ntlmv2ClientChallenge.decode(Arrays.copyOfRange(nt, 16, nt.length)).avPairs().flags();
        if (avFlags.isEmpty() || (avFlags.getAsInt() & AvPair.FLAG_MIC_PRESENT) == 0) {
            LOG.log(System.Logger.Level.DEBUG, "NTLM client {0} sent no MIC (MsvAvFlags {1}); accepted as Windows does",
                    new NtlmIdentity(auth.domain(), auth.user()), avFlags.isEmpty() ? "absent" : avFlags.getAsInt());
            return false;
        }
        if (auth.mic().isEmpty()) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "MsvAvFlags promises a MIC but the AUTHENTICATE_MESSAGE"
                    + " has no MIC field");
        }
        byte[] expected = NtlmCrypto.mic(exported, negotiateBytes, challengeBytes, AuthenticateMessage.zeroMic(input));
        if (!MessageDigest.isEqual(expected, auth.mic().get())) {
            throw new NegotiateException(Failure.MESSAGE_ALTERED, "the AUTHENTICATE_MESSAGE MIC does not match: one of"
                    + " the three NTLM messages was altered");
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    @Override
    public boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    /** {@code DOMAIN\\user} as the client sent it, once established. */
    @Override
    public Optional<PeerName> initiatorName() {
        return isEstablished() ? Optional.ofNullable(initiator) : Optional.empty();
    }

    @Override
    public Optional<PeerName> acceptorName() {
        return Optional.of(PeerName.user(names.nbComputerName()));
    }

    @Override
    public void dispose() {
        super.dispose();
        withdrawChallenge();
        state = State.DISPOSED;
    }
}
