package org.jnegotiate.krb5;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jnegotiate.krb5.creds.KeySource;
import org.jnegotiate.krb5.creds.ServiceTicket;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.tokens.ApRepMessage;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.ContextTokenId;
import org.jnegotiate.krb5.tokens.GssChecksum;
import org.jnegotiate.krb5.tokens.KrbCred;
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
 * Krb5Context SPI does (see {@link ContextToken}); input is accepted framed or bare.
 *
 * <p>Failures, chosen to match what Windows' AcceptSecurityContext reports:
 * <ul>
 * <li>no key for the ticket's server/etype: {@link Failure#NO_CREDENTIALS}; a key of another version only:
 *     {@link Failure#UNKNOWN_CREDENTIALS};</li>
 * <li>the ticket does not decrypt with the key (KRB_AP_ERR_MODIFIED: wrong password, duplicate SPN) or the
 *     authenticator does not decrypt with the session key: {@link Failure#LOGON_DENIED} (Windows maps the
 *     Kerberos error to STATUS_LOGON_FAILURE, i.e. SEC_E_LOGON_DENIED); minor status = the Kerberos error code;</li>
 * <li>authenticator client differs from the ticket's (KRB_AP_ERR_BADMATCH): {@link Failure#LOGON_DENIED};</li>
 * <li>ticket expired: {@link Failure#CONTEXT_EXPIRED}; ticket not yet valid or authenticator time outside the
 *     skew: {@link Failure#TIME_SKEW}; replayed authenticator: {@link Failure#REPLAYED_TOKEN};</li>
 * <li>channel bindings differ, or are missing while required: {@link Failure#BAD_BINDINGS};</li>
 * <li>anything malformed, including a missing or non-0x8003 checksum: {@link Failure#INVALID_TOKEN}.</li>
 * </ul>
 * No KRB-ERROR token is produced on failure: a failed step throws, and the doors report the failure itself.
 */
public final class KerberosAcceptor implements MechContext {
    private static final System.Logger LOG = System.getLogger(KerberosAcceptor.class.getName());

    private enum State { AWAIT_AP_REQ, ESTABLISHED, FAILED, DISPOSED }

    private final MechOid oid;
    private final KeySource keys;
    private final ContextRequest request;
    private final KerberosSettings settings;
    private State state = State.AWAIT_AP_REQ;

    private ApReqMessage apReq;
    private TicketPart ticketPart;
    private Krb5Cipher sessionCipher;
    private AuthenticatorPart authenticator;
    private GssChecksum gssChecksum;
    private Krb5Key acceptorSubkey;
    private Krb5Cipher protectionCipher;
    private MessageProtector protector;
    private DelegatedKerberosCredential delegatedCredential;
    private boolean mutual;

    public KerberosAcceptor(MechOid oid, KeySource keys, ContextRequest request, KerberosSettings settings) {
        if (!oid.isKerberos()) {
            throw new IllegalArgumentException("not a Kerberos OID: " + oid);
        }
        this.oid = oid;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.request = Objects.requireNonNull(request, "request");
        this.settings = Objects.requireNonNull(settings, "settings");
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
        LOG.log(System.Logger.Level.DEBUG, () -> "krb5 acceptor " + state + " in: " + KerberosInitiator.b64(input));
        if (state != State.AWAIT_AP_REQ) {
            throw new NegotiateException(Failure.OUT_OF_SEQUENCE, "the Kerberos acceptor context is " + state);
        }
        Step out;
        try {
            Instant now = settings.clock().instant();
            apReq = parseApReq(input);
            ticketPart = decryptTicket();
            checkTicketTimes(now);
            authenticator = decryptAuthenticator();
            checkAuthenticator(now);
            gssChecksum = checkChecksum();
            acceptDelegation();
            out = establish();
        } catch (NegotiateException e) {
            fail();
            throw e;
        } catch (RuntimeException e) {
            fail();
            throw new NegotiateException(Failure.INTERNAL_ERROR, "Kerberos acceptor: " + e, e);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "krb5 acceptor established, out: " + KerberosInitiator.b64(out.token()));
        return out;
    }

    private ApReqMessage parseApReq(byte[] input) throws NegotiateException {
        ContextToken token = ContextToken.decode(input);
        if (token.id() != ContextTokenId.AP_REQ) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "expected an AP-REQ, got " + token.id());
        }
        return ApReqMessage.decode(token.message());
    }

    private TicketPart decryptTicket() throws NegotiateException {
        KerberosName server = apReq.server();
        int etype = apReq.ticketEtype();
        Optional<EncryptionType> type = EncryptionType.of(etype);
        if (type.isEmpty() || (type.get().isWeak() && !settings.allowWeakCrypto())) {
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "the ticket for " + server
                    + " is encrypted with etype " + etype + ", which is not " + (type.isEmpty() ? "supported" : "allowed"));
        }
        List<Krb5Key> candidates = keys.keysFor(server, etype, apReq.ticketKvno());
        if (candidates.isEmpty()) {
            if (apReq.ticketKvno() != null && !keys.keysFor(server, etype, null).isEmpty()) {
                throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, KrbErrorMessage.KRB_AP_ERR_BADKEYVER,
                        "no key version " + apReq.ticketKvno() + " for " + server + " (the keytab is out of date)", null);
            }
            throw new NegotiateException(Failure.NO_CREDENTIALS, KrbErrorMessage.KRB_AP_ERR_NOKEY,
                    "no " + type.get().krb5Name() + " key for " + server, null);
        }
        byte[] cipherText = apReq.ticketCipher();
        for (Krb5Key key : candidates) {
            Krb5Cipher cipher = settings.crypto().cipher(key);
            try {
                byte[] plain = cipher.decrypt(ApReqMessage.TICKET_USAGE, cipherText, 0, cipherText.length);
                try {
                    return TicketPart.decode(plain);
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            } catch (NegotiateException e) {
                if (e.failure() != Failure.MESSAGE_ALTERED) {
                    throw e;
                }
            } finally {
                cipher.destroy();
            }
        }
        throw new NegotiateException(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_MODIFIED,
                "the ticket for " + server + " does not decrypt with the acceptor's key (KRB_AP_ERR_MODIFIED: the "
                        + "service password or keytab differs from the KDC's, or the SPN belongs to another account)",
                null);
    }

    private void checkTicketTimes(Instant now) throws NegotiateException {
        Duration skew = settings.clockSkew();
        if ((ticketPart.flags() & TicketPart.INVALID) != 0) {
            throw new NegotiateException(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_TKT_NYV,
                    "the ticket is marked invalid", null);
        }
        if (ticketPart.validFrom().minus(skew).isAfter(now)) {
            throw new NegotiateException(Failure.TIME_SKEW, KrbErrorMessage.KRB_AP_ERR_TKT_NYV,
                    "the ticket is not valid before " + ticketPart.validFrom() + " (clocks differ?)", null);
        }
        if (!ticketPart.endTime().plus(skew).isAfter(now)) {
            throw new NegotiateException(Failure.CONTEXT_EXPIRED, KrbErrorMessage.KRB_AP_ERR_TKT_EXPIRED,
                    "the ticket expired at " + ticketPart.endTime(), null);
        }
    }

    private AuthenticatorPart decryptAuthenticator() throws NegotiateException {
        Krb5Key sessionKey = ticketPart.sessionKey();
        if (sessionKey.type().isWeak() && !settings.allowWeakCrypto()) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "ticket session key of weak enctype "
                    + sessionKey.type().krb5Name());
        }
        if (apReq.authenticatorEtype() != sessionKey.type().id()) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "authenticator etype " + apReq.authenticatorEtype()
                    + " differs from the session key's");
        }
        sessionCipher = settings.crypto().cipher(sessionKey);
        byte[] enc = apReq.encryptedAuthenticator();
        byte[] plain;
        try {
            plain = sessionCipher.decrypt(ApReqMessage.AUTHENTICATOR_USAGE, enc, 0, enc.length);
        } catch (NegotiateException e) {
            if (e.failure() == Failure.MESSAGE_ALTERED) {
                throw new NegotiateException(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_MODIFIED,
                        "the authenticator does not decrypt with the ticket's session key", e);
            }
            throw e;
        }
        try {
            return AuthenticatorPart.decode(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private void checkAuthenticator(Instant now) throws NegotiateException {
        if (!authenticator.client().samePrincipal(ticketPart.client())) {
            throw new NegotiateException(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_BADMATCH,
                    "the authenticator's client " + authenticator.client() + " is not the ticket's "
                            + ticketPart.client(), null);
        }
        Duration offset = Duration.between(now, authenticator.ctime()).abs();
        if (offset.compareTo(settings.clockSkew()) > 0) {
            throw new NegotiateException(Failure.TIME_SKEW, KrbErrorMessage.KRB_AP_ERR_SKEW,
                    "the authenticator's time is " + offset.toSeconds() + " s from the acceptor's clock (allowed: "
                            + settings.clockSkew().toSeconds() + " s)", null);
        }
        if (settings.replayCache().isPresent()) {
            settings.replayCache().get().record(authenticator.client().toString(), authenticator.ctime(),
                    authenticator.cusec(), apReq.encryptedAuthenticator());
        }
        if (authenticator.subkey().isPresent()) {
            Krb5Key subkey = authenticator.subkey().get();
            if (subkey.type().isWeak() && !settings.allowWeakCrypto()) {
                throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "initiator subkey of weak enctype "
                        + subkey.type().krb5Name());
            }
        }
    }

    private GssChecksum checkChecksum() throws NegotiateException {
        AuthenticatorPart.Checksum c = authenticator.checksum().orElseThrow(() -> new NegotiateException(
                Failure.INVALID_TOKEN, "the authenticator has no GSS checksum (RFC 4121 section 4.1.1)"));
        if (c.type() != GssChecksum.TYPE) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "authenticator checksum type " + c.type()
                    + " instead of 0x8003");
        }
        GssChecksum gss = GssChecksum.decode(c.value());
        if (request.channelBindings().isPresent()) {
            if (gss.hasNoBindings()) {
                if (!settings.allowMissingBindings()) {
                    throw new NegotiateException(Failure.BAD_BINDINGS, "the acceptor requires channel bindings and "
                            + "the initiator sent none");
                }
            } else if (!MessageDigest.isEqual(gss.bindings(), request.channelBindings().get().md5())) {
                throw new NegotiateException(Failure.BAD_BINDINGS, "the initiator's channel bindings differ from "
                        + "the acceptor's (another TLS channel?)");
            }
        }
        return gss;
    }

    private void acceptDelegation() throws NegotiateException {
        Optional<byte[]> deleg = gssChecksum.delegation();
        if (deleg.isEmpty()) {
            return;
        }
        KrbCredCodec.Outer cred = KrbCredCodec.decode(deleg.get());
        byte[] part;
        if (cred.etype() == KrbCredCodec.ETYPE_NULL) {
            part = cred.encPart();
        } else if (cred.etype() == ticketPart.sessionKey().type().id()) {
            try {
                part = sessionCipher.decrypt(KrbCred.ENC_PART_USAGE, cred.encPart(), 0, cred.encPart().length);
            } catch (NegotiateException e) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "the delegated KRB-CRED does not decrypt with "
                        + "the session key", e);
            }
        } else {
            throw new NegotiateException(Failure.INVALID_TOKEN, "delegated KRB-CRED of etype " + cred.etype());
        }
        try {
            ServiceTicket tgt = KrbCredCodec.decodeCredPart(part, cred.ticket(), authenticator.client());
            delegatedCredential = new DelegatedKerberosCredential(tgt, settings.tgsClient(), settings.clock());
        } finally {
            Arrays.fill(part, (byte) 0);
        }
    }

    private Step establish() throws NegotiateException {
        mutual = apReq.mutualRequired();
        long peerSequence = authenticator.sequenceNumber().orElse(0);
        Krb5Key initiatorKey = authenticator.subkey().orElse(ticketPart.sessionKey());
        byte[] token = null;
        long ownSequence = peerSequence;
        Krb5Key key = initiatorKey;
        if (mutual) {
            acceptorSubkey = settings.crypto().randomKey(initiatorKey.type());
            ownSequence = KerberosSettings.randomSequenceNumber();
            ApRepMessage.Part part = new ApRepMessage.Part(authenticator.ctime(), authenticator.cusec(),
                    Optional.of(acceptorSubkey), OptionalLong.of(ownSequence));
            byte[] plain = part.encode();
            byte[] enc = sessionCipher.encrypt(ApRepMessage.ENC_PART_USAGE, plain, 0, plain.length);
            Arrays.fill(plain, (byte) 0);
            token = ContextToken.inner(ContextTokenId.AP_REP,
                    new ApRepMessage(ticketPart.sessionKey().type().id(), enc).encode());
            key = acceptorSubkey;
        }
        protectionCipher = settings.crypto().cipher(key);
        if (!protectionCipher.type().isWeak()) {
            protector = new CfxProtector(protectionCipher, false, acceptorSubkey != null, ownSequence, peerSequence,
                    gssChecksum.has(GssChecksum.REPLAY), gssChecksum.has(GssChecksum.SEQUENCE));
        }
        sessionCipher.destroy();
        sessionCipher = null;
        state = State.ESTABLISHED;
        return Step.done(token);
    }

    @Override
    public synchronized boolean isEstablished() {
        return state == State.ESTABLISHED;
    }

    @Override
    public synchronized Set<ContextFlag> granted() {
        EnumSet<ContextFlag> g = EnumSet.noneOf(ContextFlag.class);
        if (state != State.ESTABLISHED) {
            return g;
        }
        if (mutual) {
            g.add(ContextFlag.MUTUAL);
        }
        if (gssChecksum.has(GssChecksum.REPLAY)) {
            g.add(ContextFlag.REPLAY_DETECTION);
        }
        if (gssChecksum.has(GssChecksum.SEQUENCE)) {
            g.add(ContextFlag.SEQUENCE_DETECTION);
        }
        if (protector != null) {
            g.add(ContextFlag.CONFIDENTIALITY);
            g.add(ContextFlag.INTEGRITY);
        }
        if (delegatedCredential != null) {
            g.add(ContextFlag.DELEGATION);
        }
        return g;
    }

    @Override
    public synchronized Optional<PeerName> initiatorName() {
        return state == State.ESTABLISHED ? Optional.of(PeerName.principal(authenticator.client().toString()))
                : Optional.empty();
    }

    @Override
    public synchronized Optional<PeerName> acceptorName() {
        return apReq == null ? Optional.empty() : Optional.of(PeerName.principal(apReq.server().toString()));
    }

    @Override
    public synchronized Optional<Instant> expiry() {
        return ticketPart == null ? Optional.empty() : Optional.of(ticketPart.endTime());
    }

    @Override
    public synchronized MessageProtector protector() throws NegotiateException {
        requireEstablished();
        if (protector == null) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "per-message tokens for rc4-hmac contexts "
                    + "(RFC 4757) are not implemented");
        }
        return protector;
    }

    @Override
    public synchronized SecretBytes sessionKey() throws NegotiateException {
        requireEstablished();
        return SecretBytes.adopt(protectionKey().bytes());
    }

    @Override
    public synchronized OptionalInt sessionKeyType() throws NegotiateException {
        requireEstablished();
        return OptionalInt.of(protectionKey().type().id());
    }

    @Override
    public synchronized Optional<MechCredential> delegatedCredential() {
        return Optional.ofNullable(delegatedCredential);
    }

    /** The key that protects messages; package-private for tests of {@link #dispose()}. */
    synchronized Krb5Key protectionKey() {
        if (acceptorSubkey != null) {
            return acceptorSubkey;
        }
        if (authenticator != null && authenticator.subkey().isPresent()) {
            return authenticator.subkey().get();
        }
        return ticketPart == null ? null : ticketPart.sessionKey();
    }

    private void requireEstablished() throws NegotiateException {
        if (state != State.ESTABLISHED) {
            throw new NegotiateException(Failure.INVALID_HANDLE, "the Kerberos context is " + state);
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

    /** Zeroes the context's keys. A delegated credential lives on: the application owns and disposes it. */
    @Override
    public synchronized void dispose() {
        destroyKeys();
        state = State.DISPOSED;
    }

    private void destroyKeys() {
        if (sessionCipher != null) {
            sessionCipher.destroy();
        }
        if (protectionCipher != null) {
            protectionCipher.destroy();
        }
        if (acceptorSubkey != null) {
            acceptorSubkey.destroy();
        }
        if (authenticator != null) {
            authenticator.subkey().ifPresent(Krb5Key::destroy);
        }
        if (ticketPart != null) {
            ticketPart.sessionKey().destroy();
        }
        protector = null;
    }
}
