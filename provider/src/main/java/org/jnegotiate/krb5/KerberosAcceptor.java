package org.jnegotiate.krb5;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jnegotiate.krb5.creds.KeySource;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.krb5.pac.PacVerifier;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.ApRepMessage;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.ContextTokenId;
import org.jnegotiate.krb5.tokens.GssChecksum;
import org.jnegotiate.krb5.tokens.KrbCredCodec;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.mech.Step;

/**
 * The Kerberos acceptor (RFC 4121 section 4.1, RFC 4120 section 3.2.3): verifies one AP-REQ and, when the
 * initiator asked for mutual authentication, answers with an AP-REP carrying its own subkey.
 *
 * <p>It answers the MS Kerberos OID (1.2.840.48018.1.2.2) as itself: {@link #mechanism()} is the OID it was
 * opened with. Tokens are emitted as {@code TOK_ID || AP-REP} without the {@code 0x60} framing, as the JDK's
 * Krb5Context SPI does; input is taken bare as well (whoever carries the token frames it: see {@link ContextToken}).
 *
 * <p>Failures, chosen to match what Windows' AcceptSecurityContext reports:
 * <ul>
 * <li>no key for the ticket's server/etype: {@link Failure#NO_CREDENTIALS}; a key of another version only:
 *     {@link Failure#UNKNOWN_CREDENTIALS};</li>
 * <li>the ticket does not decrypt with the key (KRB_AP_ERR_MODIFIED: wrong password, duplicate SPN) or the
 *     authenticator does not decrypt with the session key: {@link Failure#LOGON_DENIED} (Windows maps the
 *     Kerberos error to STATUS_LOGON_FAILURE, i.e. SEC_E_LOGON_DENIED); minor status = the Kerberos error code;</li>
 * <li>authenticator client differs from the ticket's (KRB_AP_ERR_BADMATCH): {@link Failure#LOGON_DENIED};</li>
 * <li>the ticket's PAC (MS-PAC) does not verify with the service key, or names another client or authentication
 *     time ({@link PacVerifier}): {@link Failure#LOGON_DENIED} (KRB_AP_ERR_MODIFIED); a malformed PAC:
 *     {@link Failure#INVALID_TOKEN};</li>
 * <li>the ticket is restricted to addresses and the channel bindings' initiator address is not one of them
 *     (KRB_AP_ERR_BADADDR): {@link Failure#LOGON_DENIED};</li>
 * <li>ticket expired: {@link Failure#CONTEXT_EXPIRED}; ticket not yet valid or authenticator time outside the
 *     skew: {@link Failure#TIME_SKEW}; replayed authenticator: {@link Failure#REPLAYED_TOKEN};</li>
 * <li>channel bindings differ, or are missing while required: {@link Failure#BAD_BINDINGS};</li>
 * <li>anything malformed, including a missing or non-0x8003 checksum: {@link Failure#INVALID_TOKEN}.</li>
 * </ul>
 *
 * <p><b>KRB-ERROR for the peer.</b> A failure that has a Kerberos error code (the exception's minor status:
 * KRB_AP_ERR_TKT_EXPIRED 32, TKT_NYV 33, REPEAT 34, BADMATCH 36, SKEW 37, MODIFIED 41, BADKEYVER 44, NOKEY 45,
 * and KRB_ERR_GENERIC 60 for channel bindings, as MIT sends) carries a context token {@code 03 00 || KRB-ERROR}
 * in {@link NegotiateException#errorToken()}: stime/susec now, the code, the ticket's sname and realm. As MIT's
 * acceptor does (kg_accept_krb5 in src/lib/gssapi/krb5/accept_sec_context.c), the token is made only when the
 * AP-REQ asked for mutual authentication: only then does the initiator wait for an answer. SPNEGO puts it in its
 * negState=reject; the SSPI door hands it out under ASC_REQ_EXTENDED_ERROR. {@link KrbErrorMessage#failure(int)}
 * maps each code back to the same failure at the initiator. The KERB-ERROR-DATA of MS-KILE 3.4.5 (clock skew
 * recovery) is not sent.
 */
public final class KerberosAcceptor implements MechContext {
    private static final System.Logger LOG = System.getLogger(KerberosAcceptor.class.getName());

    private enum State {
        AWAIT_AP_REQ,
        ESTABLISHED,
        FAILED,
        DISPOSED
    }

    private final MechOid oid;
    private final KeySource keys;
    private final ContextRequest request;
    private final KerberosSettings settings;
    private final TicketPolicy policy;
    private State state = State.AWAIT_AP_REQ;

    // what the accessors report, each set by the stage that learns it
    private ApReqMessage apReq;
    private TicketPart ticketPart;
    private Pac pac;
    private AuthenticatorPart authenticator;
    private DelegatedKerberosCredential delegatedCredential;
    private KerberosSession session;

    /** A ticket decrypted with one of our keys, and its PAC once verified with that key (empty when it has none). */
    private record DecryptedTicket(TicketPart part, Optional<Pac> pac) {}

    /** The AP-REP (null without mutual authentication) and the subkey and sequence number it announces. */
    private record Reply(byte[] token, Krb5Key subkey, long ownSequence) {}

    public KerberosAcceptor(MechOid oid, KeySource keys, ContextRequest request, KerberosSettings settings) {
        if (!oid.isKerberos()) {
            throw new IllegalArgumentException("not a Kerberos OID: " + oid);
        }
        this.oid = oid;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.request = Objects.requireNonNull(request, "request");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = new TicketPolicy(settings.clockSkew());
    }

    @Override
    public MechOid mechanism() {
        return oid;
    }

    @Override
    public boolean isInitiator() {
        return false;
    }

    @Override
    public synchronized Step step(byte[] input) throws NegotiateException {
        if (state != State.AWAIT_AP_REQ) {
            throw new NegotiateException(
                    state == State.DISPOSED ? Failure.INVALID_HANDLE : Failure.OUT_OF_SEQUENCE,
                    "the Kerberos acceptor context is " + state);
        }
        Step out;
        try {
            out = accept(input, settings.clock().instant());
        } catch (NegotiateException e) {
            fail();
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "krb5 acceptor refused the AP-REQ: {0}{1}",
                        e.getMessage(),
                        e.errorToken().isPresent() ? " (KRB-ERROR " + e.minor() + " for the initiator)" : "");
            }
            throw e;
        } catch (RuntimeException e) {
            fail();
            throw new NegotiateException(Failure.INTERNAL_ERROR, "Kerberos acceptor: " + e, e);
        }
        return out;
    }

    /** The stages of one AP-REQ, each handing its result to the next. */
    private Step accept(byte[] input, Instant now) throws NegotiateException {
        apReq = parseApReq(input);
        DecryptedTicket decrypted = decryptTicket(apReq);
        ticketPart = decrypted.part();
        pac = decrypted.pac().orElse(null);
        reject(policy.ticket(ticketPart, apReq.server(), request.channelBindings(), now));
        Krb5Cipher sessionCipher = sessionCipher(apReq, ticketPart.sessionKey());
        Reply reply;
        try {
            authenticator = decryptAuthenticator(apReq, sessionCipher);
            GssChecksum checksum = verifyAuthenticator(apReq, ticketPart, authenticator, now);
            delegatedCredential = acceptDelegation(checksum, sessionCipher, authenticator.client());
            reply = reply(apReq, authenticator, sessionCipher, ticketPart.sessionKey());
            session = KerberosSession.establish(
                    settings.crypto(), terms(ticketPart, authenticator, checksum, reply, delegatedCredential != null));
        } finally {
            sessionCipher.destroy();
        }
        state = State.ESTABLISHED;
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // not even the arguments' array when DEBUG is off
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "krb5 acceptor: accepted {0} for {1} ({2}, mutual {3}, delegated {4})",
                    authenticator.client(),
                    apReq.server(),
                    ticketPart.sessionKey().type().krb5Name(),
                    apReq.mutualRequired(),
                    delegatedCredential != null);
        }
        return Step.done(reply.token());
    }

    /** Decodes the AP-REQ in place in the input; the message keeps one copy of each cipher text. */
    private ApReqMessage parseApReq(byte[] input) throws NegotiateException {
        ContextToken.Located token = ContextToken.locate(input);
        if (token.id() != ContextTokenId.AP_REQ) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "expected an AP-REQ, got " + token.id());
        }
        return ApReqMessage.decode(token.bytes(), token.offset(), token.length());
    }

    /** The ticket, decrypted with the first of our keys for its server, enctype and version that opens it. */
    private DecryptedTicket decryptTicket(ApReqMessage apReq) throws NegotiateException {
        for (Krb5Key key : ticketKeys(apReq)) {
            Krb5Cipher cipher = settings.crypto().cipher(key);
            try {
                return openTicket(apReq, cipher);
            } catch (NegotiateException e) {
                if (e.failure() != Failure.MESSAGE_ALTERED) {
                    throw e;
                }
            } finally {
                cipher.destroy();
            }
        }
        throw apError(
                Failure.LOGON_DENIED,
                KrbErrorMessage.KRB_AP_ERR_MODIFIED,
                "the ticket for " + apReq.server() + " does not decrypt with the acceptor's key (KRB_AP_ERR_MODIFIED: "
                        + "the service password or keytab differs from the KDC's, or the SPN belongs to another account)",
                null);
    }

    /** Our keys that may open the ticket: never empty, or the failure says which key is missing. */
    private List<Krb5Key> ticketKeys(ApReqMessage apReq) throws NegotiateException {
        KerberosName server = apReq.server();
        int etype = apReq.ticketEtype();
        Optional<EncryptionType> type = EncryptionType.of(etype);
        if (type.isEmpty()) {
            throw new NegotiateException(
                    Failure.UNKNOWN_CREDENTIALS,
                    "the ticket for " + server + " is encrypted with etype " + etype + ", which is not supported");
        }
        if (type.get().isWeak() && !settings.allowWeakCrypto()) {
            throw new NegotiateException(
                    Failure.UNKNOWN_CREDENTIALS, TicketPolicy.weakTicketMessage(server, type.get()));
        }
        List<Krb5Key> candidates = keys.keysFor(server, etype, apReq.ticketKvno());
        if (candidates.isEmpty()) {
            if (apReq.ticketKvno() != null && !keys.keysFor(server, etype, null).isEmpty()) {
                throw apError(
                        Failure.UNKNOWN_CREDENTIALS,
                        KrbErrorMessage.KRB_AP_ERR_BADKEYVER,
                        "no key version " + apReq.ticketKvno() + " for " + server + " (the keytab is out of date)",
                        null);
            }
            throw apError(
                    Failure.NO_CREDENTIALS,
                    KrbErrorMessage.KRB_AP_ERR_NOKEY,
                    "no " + type.get().krb5Name() + " key for " + server,
                    null);
        }
        return candidates;
    }

    /** The ticket decrypted with {@code cipher} (MESSAGE_ALTERED when it is not the ticket's key) and its PAC. */
    private DecryptedTicket openTicket(ApReqMessage apReq, Krb5Cipher cipher) throws NegotiateException {
        byte[] plain = apReq.decryptTicket(cipher);
        TicketPart part;
        try {
            part = TicketPart.decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        TicketPolicy.PacVerdict verdict;
        try {
            verdict = TicketPolicy.verifyPac(part, cipher, apReq.server());
        } catch (NegotiateException e) {
            part.sessionKey().destroy();
            throw e;
        }
        if (verdict.rejection().isPresent()) {
            part.sessionKey().destroy();
            throw apError(verdict.rejection().get());
        }
        return new DecryptedTicket(part, verdict.pac());
    }

    /** The cipher of the ticket's session key, which the authenticator must be encrypted with. */
    private Krb5Cipher sessionCipher(ApReqMessage apReq, Krb5Key sessionKey) throws NegotiateException {
        settings.requireAllowed(sessionKey, "the ticket's session key");
        if (apReq.authenticatorEtype() != sessionKey.type().id()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN,
                    "authenticator etype " + apReq.authenticatorEtype() + " differs from the session key's");
        }
        return settings.crypto().cipher(sessionKey);
    }

    private AuthenticatorPart decryptAuthenticator(ApReqMessage apReq, Krb5Cipher sessionCipher)
            throws NegotiateException {
        byte[] plain;
        try {
            plain = apReq.decryptAuthenticator(sessionCipher);
        } catch (NegotiateException e) {
            if (e.failure() == Failure.MESSAGE_ALTERED) {
                throw apError(
                        Failure.LOGON_DENIED,
                        KrbErrorMessage.KRB_AP_ERR_MODIFIED,
                        "the authenticator does not decrypt with the ticket's session key",
                        e);
            }
            throw e;
        }
        try {
            return AuthenticatorPart.decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The authenticator's client, time, freshness and subkey checked; its GSS checksum, verified. */
    private GssChecksum verifyAuthenticator(
            ApReqMessage apReq, TicketPart ticket, AuthenticatorPart authenticator, Instant now)
            throws NegotiateException {
        reject(policy.authenticator(ticket, authenticator, now));
        if (settings.replayCache().isPresent()) {
            recordInReplayCache(settings.replayCache().get(), apReq, authenticator);
        }
        if (authenticator.subkey().isPresent()) {
            settings.requireAllowed(authenticator.subkey().get(), "the initiator's subkey");
        }
        return checkChecksum(authenticator);
    }

    private void recordInReplayCache(ReplayCache cache, ApReqMessage apReq, AuthenticatorPart authenticator)
            throws NegotiateException {
        String client = authenticator.client().toString();
        try {
            cache.record(client, authenticator.ctime(), authenticator.cusec(), apReq.encryptedAuthenticator());
        } catch (NegotiateException e) {
            Optional<TicketPolicy.Rejection> rejection = TicketPolicy.replayed(e, client);
            throw rejection.isPresent() ? apError(rejection.get()) : e;
        }
    }

    private GssChecksum checkChecksum(AuthenticatorPart authenticator) throws NegotiateException {
        AuthenticatorPart.Checksum c = authenticator
                .checksum()
                .orElseThrow(() -> new NegotiateException(
                        Failure.INVALID_TOKEN, "the authenticator has no GSS checksum (RFC 4121 section 4.1.1)"));
        if (c.type() != GssChecksum.TYPE) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "authenticator checksum type " + c.type() + " instead of 0x8003");
        }
        GssChecksum gss = GssChecksum.decode(c.value());
        if (request.channelBindings().isPresent()) {
            if (gss.hasNoBindings()) {
                if (!settings.allowMissingBindings()) {
                    throw apError(
                            Failure.BAD_BINDINGS,
                            KrbErrorMessage.KRB_ERR_GENERIC,
                            "the acceptor requires " + "channel bindings and the initiator sent none",
                            null);
                }
            } else if (!MessageDigest.isEqual(
                    gss.bindings(), request.channelBindings().get().md5())) {
                throw apError(
                        Failure.BAD_BINDINGS,
                        KrbErrorMessage.KRB_ERR_GENERIC,
                        "the initiator's channel " + "bindings differ from the acceptor's (another TLS channel?)",
                        null);
            }
        }
        return gss;
    }

    /** The credential the initiator delegated in the checksum (RFC 4121 section 4.1.1.1), or null. */
    private DelegatedKerberosCredential acceptDelegation(
            GssChecksum checksum, Krb5Cipher sessionCipher, KerberosName client) throws NegotiateException {
        Optional<byte[]> deleg = checksum.delegation();
        if (deleg.isEmpty()) {
            return null;
        }
        ServiceTicket tgt = KrbCredCodec.openDelegated(deleg.get(), sessionCipher, client);
        return new DelegatedKerberosCredential(tgt, settings.tgsClient(), settings.clock());
    }

    /**
     * Under mutual authentication the AP-REP, with a subkey of our own of the initiator's key's enctype and a random
     * sequence number; otherwise nothing, and we count from the initiator's sequence number.
     */
    private Reply reply(
            ApReqMessage apReq, AuthenticatorPart authenticator, Krb5Cipher sessionCipher, Krb5Key ticketKey)
            throws NegotiateException {
        long peerSequence = authenticator.sequenceNumber().orElse(0);
        if (!apReq.mutualRequired()) {
            return new Reply(null, null, peerSequence);
        }
        Krb5Key subkey = settings.crypto()
                .randomKey(authenticator.subkey().orElse(ticketKey).type());
        try {
            long ownSequence = settings.crypto().randomSequenceNumber();
            ApRepMessage.Part part = new ApRepMessage.Part(
                    authenticator.ctime(), authenticator.cusec(), Optional.of(subkey), OptionalLong.of(ownSequence));
            byte[] plain = part.encode();
            byte[] enc = sessionCipher.encrypt(ApRepMessage.ENC_PART_USAGE, plain, 0, plain.length);
            Arrays.fill(plain, (byte) 0);
            return new Reply(ApRepMessage.encodeToken(ticketKey.type().id(), enc), subkey, ownSequence);
        } catch (RuntimeException e) {
            subkey.destroy();
            throw e;
        }
    }

    /** What the handshake agreed on; the session owns every key of the context from here on. */
    private static KerberosSession.Terms terms(
            TicketPart ticket, AuthenticatorPart authenticator, GssChecksum checksum, Reply reply, boolean delegated) {
        boolean mutual = reply.subkey() != null; // an AP-REP always carries our subkey
        List<Krb5Key> owned = new ArrayList<>(3);
        if (mutual) {
            owned.add(reply.subkey());
        }
        authenticator.subkey().ifPresent(owned::add);
        owned.add(ticket.sessionKey());
        Krb5Key initiatorKey = authenticator.subkey().orElse(ticket.sessionKey());
        return new KerberosSession.Terms(
                false,
                mutual ? reply.subkey() : initiatorKey,
                mutual,
                reply.ownSequence(),
                authenticator.sequenceNumber().orElse(0),
                checksum.flags(),
                mutual,
                delegated,
                owned);
    }

    @Override
    public synchronized boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    @Override
    public synchronized Set<ContextFlag> granted() {
        return session == null ? EnumSet.noneOf(ContextFlag.class) : session.granted();
    }

    @Override
    public synchronized Optional<PeerName> initiatorName() {
        return state == State.ESTABLISHED
                ? Optional.of(PeerName.principal(authenticator.client().toString()))
                : Optional.empty();
    }

    @Override
    public synchronized Optional<PeerName> acceptorName() {
        return apReq == null
                ? Optional.empty()
                : Optional.of(PeerName.principal(apReq.server().toString()));
    }

    @Override
    public synchronized Optional<Instant> expiry() {
        return ticketPart == null ? Optional.empty() : Optional.of(ticketPart.endTime());
    }

    @Override
    public synchronized MessageProtector protector() throws NegotiateException {
        return KerberosSession.require(session, state).protector();
    }

    @Override
    public synchronized SecretBytes sessionKey() throws NegotiateException {
        return KerberosSession.require(session, state).sessionKey();
    }

    @Override
    public synchronized OptionalInt sessionKeyType() throws NegotiateException {
        return KerberosSession.require(session, state).sessionKeyType();
    }

    @Override
    public synchronized Optional<MechCredential> delegatedCredential() {
        return Optional.ofNullable(delegatedCredential);
    }

    /** {@link Pac} (verified) and {@code AuthorizationDataEntry[]} (the ticket's, top level), once established. */
    @Override
    public synchronized <T> Optional<T> attribute(Class<T> type) {
        if (state != State.ESTABLISHED) {
            return Optional.empty();
        }
        if (type == Pac.class) {
            return Optional.ofNullable(type.cast(pac));
        }
        if (type == AuthorizationDataEntry[].class) {
            return Optional.of(type.cast(ticketPart.authorizationData().toArray(new AuthorizationDataEntry[0])));
        }
        return Optional.empty();
    }

    /** The key that protects messages; package-private for tests of {@link #dispose()}. */
    synchronized Krb5Key protectionKey() {
        if (session != null) {
            return session.key();
        }
        if (authenticator != null && authenticator.subkey().isPresent()) {
            return authenticator.subkey().get();
        }
        return ticketPart == null ? null : ticketPart.sessionKey();
    }

    /**
     * A failure of the AP-REQ with Kerberos error {@code code} as minor status and, when the initiator waits for an
     * answer (mutual-required), a KRB-ERROR context token for it. Only called once the AP-REQ is parsed.
     */
    private NegotiateException apError(Failure failure, int code, String message, Throwable cause) {
        byte[] token = null;
        if (apReq.mutualRequired()) {
            KerberosName server = apReq.server();
            try {
                token = KrbErrorMessage.encodeToken(
                        code, server.toKerby(), server.realm(), settings.clock().instant());
            } catch (RuntimeException e) {
                // the server name came from the wire: a name Kerby cannot encode (non-ASCII realm) gets no answer
                LOG.log(System.Logger.Level.DEBUG, "no KRB-ERROR {0} for the peer: {1}", code, e.toString());
            }
        }
        return new NegotiateException(failure, code, message, cause, token);
    }

    private NegotiateException apError(TicketPolicy.Rejection rejection) {
        return apError(rejection.failure(), rejection.krbError(), rejection.message(), rejection.cause());
    }

    private void reject(Optional<TicketPolicy.Rejection> rejection) throws NegotiateException {
        if (rejection.isPresent()) {
            throw apError(rejection.get());
        }
    }

    private void fail() {
        destroyKeys();
        if (delegatedCredential != null) {
            delegatedCredential.dispose();
            delegatedCredential = null;
        }
        state = State.FAILED;
    }

    /**
     * Zeroes the context's keys and makes it unusable; idempotent. A delegated credential lives on: the application
     * owns and disposes it.
     */
    @Override
    public synchronized void dispose() {
        destroyKeys();
        state = State.DISPOSED;
    }

    private void destroyKeys() {
        if (session != null) {
            session.destroy();
        }
        if (authenticator != null) {
            authenticator.subkey().ifPresent(Krb5Key::destroy);
        }
        if (ticketPart != null) {
            ticketPart.sessionKey().destroy();
        }
    }
}
