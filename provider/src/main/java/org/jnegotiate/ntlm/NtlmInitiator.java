package org.jnegotiate.ntlm;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
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
import org.jnegotiate.ntlm.messages.NtlmVersion;
import org.jnegotiate.ntlm.messages.Ntlmv2ClientChallenge;
import org.jnegotiate.ntlm.messages.TargetInfo;

/**
 * The NTLM client (MS-NLMP section 3.1): NEGOTIATE out, CHALLENGE in, AUTHENTICATE out. Sends an NTLMv2
 * response whose AV pairs are the server's target info plus MsvAvFlags (MIC present),
 * MsvAvChannelBindings and MsvAvTargetName, and a MIC over the three messages; with key exchange the
 * exported session key is random. A CHALLENGE that an acceptor of this process issued is refused unless the
 * target names that acceptor's host ({@link IssuedChallenges}: reflection).
 */
public final class NtlmInitiator extends NtlmContext {
    private enum State {
        INITIAL,
        NEGOTIATE_SENT,
        ESTABLISHED,
        FAILED,
        DISPOSED
    }

    /** What we offer: Windows' usual set; SEAL is added when confidentiality is requested. */
    private static final int OFFERED = NegotiateFlags.NEGOTIATE_UNICODE
            | NegotiateFlags.NEGOTIATE_OEM
            | NegotiateFlags.REQUEST_TARGET
            | NegotiateFlags.NEGOTIATE_SIGN
            | NegotiateFlags.NEGOTIATE_NTLM
            | NegotiateFlags.NEGOTIATE_ALWAYS_SIGN
            | NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
            | NegotiateFlags.NEGOTIATE_VERSION
            | NegotiateFlags.NEGOTIATE_128
            | NegotiateFlags.NEGOTIATE_KEY_EXCH
            | NegotiateFlags.NEGOTIATE_56;
    /** Flags the server sets on its own that we echo in the AUTHENTICATE. */
    private static final int SERVER_ANNOUNCED = NegotiateFlags.NEGOTIATE_TARGET_INFO
            | NegotiateFlags.TARGET_TYPE_SERVER
            | NegotiateFlags.TARGET_TYPE_DOMAIN;

    private final NtlmCredential credential;
    private final SecureRandom random;
    private final Clock clock;
    private final boolean anonymous;
    private final IssuedChallenges issued;
    private State state = State.INITIAL;
    private byte[] negotiateBytes;

    NtlmInitiator(
            NtlmCredential credential,
            ContextRequest request,
            IssuedChallenges issued,
            SecureRandom random,
            Clock clock) {
        super(request);
        this.issued = issued;
        this.credential = credential;
        this.random = random;
        this.clock = clock;
        this.anonymous = credential.isAnonymous() || request.has(ContextFlag.ANONYMITY);
    }

    @Override
    public boolean isInitiator() {
        return true;
    }

    @Override
    public synchronized Step step(byte[] input) throws NegotiateException {
        if (state == State.DISPOSED) {
            throw disposed();
        }
        try {
            Step out;
            switch (state) {
                case INITIAL:
                    out = sendNegotiate(input);
                    break;
                case NEGOTIATE_SENT:
                    out = answerChallenge(input);
                    break;
                default:
                    throw outOfSequence("initiator", state);
            }
            return out;
        } catch (NegotiateException | RuntimeException e) {
            if (state != State.ESTABLISHED && state != State.DISPOSED) {
                state = State.FAILED;
            }
            throw e;
        }
    }

    /** {@link #dispose()}: the terminal state, after which every step is refused. */
    @Override
    void enterDisposed() {
        state = State.DISPOSED;
    }

    /** Stage 1: the NEGOTIATE_MESSAGE. */
    private Step sendNegotiate(byte[] input) throws NegotiateException {
        if (input != null && input.length > 0) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the NTLM initiator speaks first: no input token expected");
        }
        int flags = OFFERED | (request.has(ContextFlag.CONFIDENTIALITY) ? NegotiateFlags.NEGOTIATE_SEAL : 0);
        negotiateBytes = new NegotiateMessage(flags, "", "", Optional.of(NtlmVersion.CURRENT)).encode();
        state = State.NEGOTIATE_SENT;
        LOG.log(System.Logger.Level.DEBUG, "NTLM initiator offers {0}", NegotiateFlags.describe(flags));
        return Step.continueWith(negotiateBytes.clone());
    }

    /** Stage 2: read the CHALLENGE, check it against policy, answer with the AUTHENTICATE_MESSAGE. */
    private Step answerChallenge(byte[] input) throws NegotiateException {
        if (input == null || input.length == 0) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the NTLM initiator needs the server's CHALLENGE_MESSAGE");
        }
        ChallengeMessage challenge = ChallengeMessage.decode(input);
        checkNotReflected(challenge);
        int flags = negotiatedFlags(challenge.flags()) | (anonymous ? NegotiateFlags.ANONYMOUS : 0);
        NtlmIdentity id =
                anonymous ? new NtlmIdentity("", "") : credential.identity().orElseThrow();
        Responses responses = anonymous ? Responses.anonymousLogon() : ntlmv2Responses(challenge, id);
        SessionKeys keys = sessionKeys(flags, responses.sessionBaseKey());
        byte[] out = authenticate(flags, responses, id, keys, input);
        establish(flags, keys.exported(), anonymous, !anonymous);
        state = State.ESTABLISHED;
        LOG.log(
                System.Logger.Level.DEBUG,
                "NTLM initiator sends AUTHENTICATE ({0} bytes) as {1}, flags {2}",
                out.length,
                anonymous ? "anonymous" : id,
                NegotiateFlags.describe(flags));
        return Step.done(out);
    }

    /** The challenge responses and the SessionBaseKey they yield (MS-NLMP 3.3.2). */
    private record Responses(byte[] lm, byte[] nt, byte[] sessionBaseKey) {
        /** MS-NLMP 3.1.5.1.2: anonymous sends an empty NT response, LmChallengeResponse Z(1), key Z(16). */
        static Responses anonymousLogon() {
            return new Responses(new byte[1], new byte[0], new byte[16]);
        }
    }

    /** The exported session key, and what the AUTHENTICATE carries of it (empty without key exchange). */
    private record SessionKeys(byte[] exported, byte[] encrypted) {}

    /** The NTLMv2 and LMv2 responses to {@code challenge} for {@code id}. */
    private Responses ntlmv2Responses(ChallengeMessage challenge, NtlmIdentity id) throws NegotiateException {
        byte[] ntHash = credential.ntHash();
        byte[] responseKey = NtlmCrypto.ntowfV2(ntHash, id.user(), id.domain());
        NtlmCredential.zero(ntHash);
        try {
            byte[] clientChallenge = new byte[8];
            random.nextBytes(clientChallenge);
            TargetInfo serverInfo = challenge.targetInfo();
            boolean serverTime = serverInfo.timestamp().isPresent();
            long time = serverTime ? serverInfo.timestamp().getAsLong() : FileTime.fromInstant(clock.instant());
            byte[] temp = new Ntlmv2ClientChallenge(time, clientChallenge, clientAvPairs(serverInfo)).encode();
            byte[] proof = NtlmCrypto.ntProofStr(responseKey, challenge.serverChallenge(), temp);
            // MS-NLMP 3.1.5.1.2: with a server timestamp the LMv2 response is Z(24)
            byte[] lm = serverTime
                    ? new byte[24]
                    : NtlmCrypto.lmv2Response(responseKey, challenge.serverChallenge(), clientChallenge);
            return new Responses(
                    lm, NtlmCrypto.ntlmv2Response(proof, temp), NtlmCrypto.sessionBaseKey(responseKey, proof));
        } finally {
            NtlmCredential.zero(responseKey);
        }
    }

    /** The exported session key: random with key exchange (sent encrypted), else the KeyExchangeKey itself. */
    private SessionKeys sessionKeys(int flags, byte[] sessionBaseKey) {
        byte[] keyExchangeKey = NtlmCrypto.kxKey(sessionBaseKey);
        NtlmCredential.zero(sessionBaseKey);
        if (!NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_KEY_EXCH)) {
            return new SessionKeys(keyExchangeKey, new byte[0]);
        }
        byte[] exported = new byte[16];
        random.nextBytes(exported);
        byte[] encrypted = NtlmCrypto.rc4k(keyExchangeKey, exported);
        NtlmCredential.zero(keyExchangeKey);
        return new SessionKeys(exported, encrypted);
    }

    /** The AUTHENTICATE_MESSAGE; unless anonymous with the MIC over the three messages (MsvAvFlags says so). */
    private byte[] authenticate(
            int flags, Responses responses, NtlmIdentity id, SessionKeys keys, byte[] challengeBytes) {
        boolean withMic = !anonymous;
        AuthenticateMessage auth = new AuthenticateMessage(
                flags,
                responses.lm(),
                responses.nt(),
                id.domain(),
                id.user(),
                "",
                keys.encrypted(),
                NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_VERSION)
                        ? Optional.of(NtlmVersion.CURRENT)
                        : Optional.empty(),
                withMic ? Optional.of(new byte[AuthenticateMessage.MIC_LENGTH]) : Optional.empty());
        byte[] out = auth.encode();
        return withMic
                ? AuthenticateMessage.withMic(out, NtlmCrypto.mic(keys.exported(), negotiateBytes, challengeBytes, out))
                : out;
    }

    /**
     * Reflection (MS08-068): a CHALLENGE issued by an acceptor of this process answers our own NEGOTIATE only when
     * someone passed it there and back, unless we meant to reach that acceptor (our target names its host).
     */
    private void checkNotReflected(ChallengeMessage challenge) throws NegotiateException {
        Optional<ServiceBinding> issuer = issued.issuer(challenge.serverChallenge(), clock.instant());
        if (issuer.isEmpty()) {
            return;
        }
        Optional<String> spn = request.target().map(NtlmInitiator::spnOf);
        if (spn.isPresent() && issuer.get().namesThisHost(spn.get())) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "NTLM initiator for {0}: the CHALLENGE comes from an acceptor of this"
                            + " process answering for that host (loopback)",
                    spn.get());
            return;
        }
        throw new NegotiateException(
                Failure.WRONG_PRINCIPAL,
                "the NTLM CHALLENGE was issued by an acceptor of this"
                        + " process, not by " + spn.orElse("a target") + ": the NEGOTIATE_MESSAGE was reflected to this"
                        + " process (credential reflection); refused");
    }

    /** What both sides will use: our offer as the server narrowed it, checked against policy. */
    private int negotiatedFlags(int serverFlags) throws NegotiateException {
        int offered = OFFERED | (request.has(ContextFlag.CONFIDENTIALITY) ? NegotiateFlags.NEGOTIATE_SEAL : 0);
        int flags = serverFlags & (offered | SERVER_ANNOUNCED);
        checkSessionSecurity(flags, "the server's CHALLENGE flags");
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_128)) {
            flags &= ~NegotiateFlags.NEGOTIATE_56;
        }
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_UNICODE)) {
            flags &= ~NegotiateFlags.NEGOTIATE_OEM;
        } else if (!NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_OEM)) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "the CHALLENGE selects neither Unicode nor OEM strings");
        }
        return flags;
    }

    /** The server's AV pairs plus MsvAvFlags (MIC present), MsvAvChannelBindings and MsvAvTargetName. */
    private TargetInfo clientAvPairs(TargetInfo serverInfo) throws NegotiateException {
        TargetInfo pairs = serverInfo.withFlags(serverInfo.flags().orElse(0) | AvPair.FLAG_MIC_PRESENT);
        pairs = pairs.with(
                AvPair.MSV_AV_CHANNEL_BINDINGS,
                request.channelBindings().map(ChannelBindings::md5).orElse(new byte[16]));
        Optional<String> spn = request.target().map(NtlmInitiator::spnOf);
        if (spn.isPresent()) {
            pairs = pairs.withString(AvPair.MSV_AV_TARGET_NAME, spn.get());
        }
        return pairs;
    }

    /** {@code HTTP@host} becomes {@code HTTP/host}; a Kerberos principal loses its realm. */
    static String spnOf(PeerName target) {
        String n = target.name();
        switch (target.type()) {
            case HOSTBASED_SERVICE: {
                int at = n.indexOf('@');
                return at < 0 ? n : n.substring(0, at) + "/" + n.substring(at + 1);
            }
            case KERBEROS_PRINCIPAL: {
                int at = n.lastIndexOf('@');
                return at < 0 ? n : n.substring(0, at);
            }
            default:
                return n;
        }
    }

    @Override
    public synchronized boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    @Override
    public synchronized Optional<PeerName> initiatorName() {
        return anonymous ? NtlmCredential.anonymous().name() : credential.name();
    }

    @Override
    public Optional<PeerName> acceptorName() {
        return request.target();
    }
}
