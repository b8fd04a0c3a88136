package org.jnegotiate.krb5;

import org.jnegotiate.krb5.names.KerberosName;
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
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.krb5.pac.PacVerifier;
import org.jnegotiate.krb5.tokens.ApRepMessage;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.ContextTokenId;
import org.jnegotiate.krb5.tokens.GssChecksum;
import org.jnegotiate.krb5.tokens.KrbCredCodec;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.ChannelBindings;
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
    /** RFC 4120 7.5.9: the transited path is not accepted (sent to the initiator in the KRB-ERROR). */
    private static final int KDC_ERR_PATH_NOT_ACCEPTED = 28;

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
    private Pac pac;
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
        if (state != State.AWAIT_AP_REQ) {
            throw new NegotiateException(Failure.OUT_OF_SEQUENCE, "the Kerberos acceptor context is " + state);
        }
        Step out;
        try {
            Instant now = settings.clock().instant();
            apReq = parseApReq(input);
            ticketPart = decryptTicket();
            checkTicketTimes(now);
            checkTransited();
            checkTicketAddresses();
            authenticator = decryptAuthenticator();
            checkAuthenticator(now);
            gssChecksum = checkChecksum();
            acceptDelegation();
            out = establish();
        } catch (NegotiateException e) {
            fail();
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "krb5 acceptor refused the AP-REQ: {0}{1}", e.getMessage(),
                        e.errorToken().isPresent() ? " (KRB-ERROR " + e.minor() + " for the initiator)" : "");
            }
            throw e;
        } catch (RuntimeException e) {
            fail();
            throw new NegotiateException(Failure.INTERNAL_ERROR, "Kerberos acceptor: " + e, e);
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // not even the arguments' array when DEBUG is off
            LOG.log(System.Logger.Level.DEBUG, "krb5 acceptor: accepted {0} for {1} ({2}, mutual {3}, delegated {4})",
                    authenticator.client(), apReq.server(), ticketPart.sessionKey().type().krb5Name(), mutual,
                    delegatedCredential != null);
        }
        return out;
    }

    /** Decodes the AP-REQ in place in the input; the message keeps one copy of each cipher text. */
    private ApReqMessage parseApReq(byte[] input) throws NegotiateException {
        ContextToken.Located token = ContextToken.locate(input);
        if (token.id() != ContextTokenId.AP_REQ) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "expected an AP-REQ, got " + token.id());
        }
        return ApReqMessage.decode(token.bytes(), token.offset(), token.length());
    }

    private TicketPart decryptTicket() throws NegotiateException {
        KerberosName server = apReq.server();
        int etype = apReq.ticketEtype();
        Optional<EncryptionType> type = EncryptionType.of(etype);
        if (type.isEmpty()) {
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "the ticket for " + server
                    + " is encrypted with etype " + etype + ", which is not supported");
        }
        if (type.get().isWeak() && !settings.allowWeakCrypto()) {
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, weakTicketMessage(server, type.get()));
        }
        List<Krb5Key> candidates = keys.keysFor(server, etype, apReq.ticketKvno());
        if (candidates.isEmpty()) {
            if (apReq.ticketKvno() != null && !keys.keysFor(server, etype, null).isEmpty()) {
                throw apError(Failure.UNKNOWN_CREDENTIALS, KrbErrorMessage.KRB_AP_ERR_BADKEYVER,
                        "no key version " + apReq.ticketKvno() + " for " + server + " (the keytab is out of date)", null);
            }
            throw apError(Failure.NO_CREDENTIALS, KrbErrorMessage.KRB_AP_ERR_NOKEY,
                    "no " + type.get().krb5Name() + " key for " + server, null);
        }
        for (Krb5Key key : candidates) {
            Krb5Cipher cipher = settings.crypto().cipher(key);
            try {
                byte[] plain = apReq.decryptTicket(cipher);
                TicketPart part;
                try {
                    part = TicketPart.decode(plain);
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
                try {
                    pac = verifyPac(part, cipher);
                } catch (NegotiateException e) {
                    part.sessionKey().destroy();
                    throw e;
                }
                return part;
            } catch (NegotiateException e) {
                if (e.failure() != Failure.MESSAGE_ALTERED) {
                    throw e;
                }
            } finally {
                cipher.destroy();
            }
        }
        throw apError(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_MODIFIED,
                "the ticket for " + server + " does not decrypt with the acceptor's key (KRB_AP_ERR_MODIFIED: the "
                        + "service password or keytab differs from the KDC's, or the SPN belongs to another account)",
                null);
    }

    /**
     * The ticket's PAC, verified with the key that decrypted the ticket (see {@link PacVerifier}); null when the
     * ticket has none (MIT KDCs before 1.20, Kerby). A PAC that fails is refused as Windows refuses it, with
     * KRB_AP_ERR_MODIFIED for the initiator.
     */
    private Pac verifyPac(TicketPart part, Krb5Cipher serviceKey) throws NegotiateException {
        Optional<byte[]> encoded = Pac.find(part.authorizationData());
        if (encoded.isEmpty()) {
            return null;
        }
        try {
            return PacVerifier.verify(encoded.get(), serviceKey, part.client(), part.authTime());
        } catch (NegotiateException e) {
            if (e.failure() == Failure.LOGON_DENIED) {
                throw apError(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_MODIFIED, "the ticket of "
                        + part.client() + " for " + apReq.server() + " carries a PAC that is refused: "
                        + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Why an RC4 ticket is refused and what to change. The KDC encrypts a ticket with the strongest key it holds for
     * the service's account among the enctypes the account supports: an Active Directory account without
     * msDS-SupportedEncryptionTypes counts as RC4-only (Windows DCs before the 2022 updates, Samba 4.17), and an
     * account whose password was last set before AES existed in the domain has no AES key at all.
     */
    static String weakTicketMessage(KerberosName server, EncryptionType type) {
        return "the ticket for " + server + " is encrypted with " + type.krb5Name() + " (etype " + type.id()
                + "), which JNegotiate refuses as weak: the KDC holds no AES key for the account of " + server
                + ", or the account does not list AES as supported. Fix the account: in Active Directory set its "
                + "msDS-SupportedEncryptionTypes to 24 (AES128 and AES256; \"This account supports Kerberos AES\" "
                + "in the account options), set its password again so that AES keys are made, and export the "
                + "keytab again; or accept RC4 with jnegotiate.allowWeakCrypto=true";
    }

    private void checkTicketTimes(Instant now) throws NegotiateException {
        Duration skew = settings.clockSkew();
        if ((ticketPart.flags() & TicketPart.INVALID) != 0) {
            throw apError(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_TKT_NYV,
                    "the ticket is marked invalid", null);
        }
        if (ticketPart.validFrom().minus(skew).isAfter(now)) {
            throw apError(Failure.TIME_SKEW, KrbErrorMessage.KRB_AP_ERR_TKT_NYV,
                    "the ticket is not valid before " + ticketPart.validFrom() + " (clocks differ?)", null);
        }
        if (!ticketPart.endTime().plus(skew).isAfter(now)) {
            throw apError(Failure.CONTEXT_EXPIRED, KrbErrorMessage.KRB_AP_ERR_TKT_EXPIRED,
                    "the ticket expired at " + ticketPart.endTime(), null);
        }
    }

    /**
     * The transited policy of a cross-realm ticket (RFC 4120 section 2.7). A client of another realm is accepted when
     * no realm lies between the two (direct trust: an empty transited field) or when the KDC that issued the ticket
     * checked the path it crossed against its own policy and says so with the TRANSITED-POLICY-CHECKED flag (MIT,
     * Heimdal and Windows KDCs check it). Otherwise the ticket is refused: unlike MIT's krb5_rd_req, JNegotiate does
     * not evaluate a transited list against a [capaths] of its own.
     */
    private void checkTransited() throws NegotiateException {
        String clientRealm = ticketPart.client().realm();
        if (clientRealm.equals(apReq.server().realm()) || ticketPart.transited().isEmpty()
                || (ticketPart.flags() & TicketPart.TRANSITED_POLICY_CHECKED) != 0) {
            return;
        }
        throw apError(Failure.LOGON_DENIED, KDC_ERR_PATH_NOT_ACCEPTED, "the ticket of " + ticketPart.client()
                + " crossed the realms \"" + ticketPart.transited() + "\" on its way to " + apReq.server().realm()
                + " and its KDC did not check that path (no TRANSITED-POLICY-CHECKED flag)", null);
    }

    /**
     * A ticket restricted to addresses (caddr, RFC 4120 section 5.3) is refused from any other, as MIT's
     * krb5_rd_req does (KRB_AP_ERR_BADADDR; Windows reports a logon failure). The acceptor knows the initiator's
     * address only when the application put it in the channel bindings (an IPv4 or IPv6 initiator address): then a
     * ticket whose addresses do not include it is refused. Without that address the ticket is accepted, as MIT
     * accepts it when the application set no remote address: the acceptor has nothing to compare, and refusing
     * every addressed ticket would break the clients (behind NAT above all) that still ask for them.
     */
    private void checkTicketAddresses() throws NegotiateException {
        if (ticketPart.addresses().isEmpty() || request.channelBindings().isEmpty()) {
            return;
        }
        ChannelBindings bindings = request.channelBindings().get();
        int type = bindings.initiatorAddressType();
        byte[] address = bindings.initiatorAddress();
        boolean known = (type == ChannelBindings.AF_INET && address.length == 4)
                || (type == ChannelBindings.AF_INET6 && address.length == 16);
        if (known && ticketPart.addresses().stream().noneMatch(a -> a.is(type, address))) {
            throw apError(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_BADADDR, "the ticket of "
                    + ticketPart.client() + " is restricted to " + ticketPart.addresses().size() + " address(es), "
                    + "none of them the initiator's (KRB_AP_ERR_BADADDR)", null);
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
        byte[] plain;
        try {
            plain = apReq.decryptAuthenticator(sessionCipher);
        } catch (NegotiateException e) {
            if (e.failure() == Failure.MESSAGE_ALTERED) {
                throw apError(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_MODIFIED,
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
            throw apError(Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_BADMATCH,
                    "the authenticator's client " + authenticator.client() + " is not the ticket's "
                            + ticketPart.client(), null);
        }
        Duration offset = Duration.between(now, authenticator.ctime()).abs();
        if (offset.compareTo(settings.clockSkew()) > 0) {
            throw apError(Failure.TIME_SKEW, KrbErrorMessage.KRB_AP_ERR_SKEW,
                    "the authenticator's time is " + offset.toSeconds() + " s from the acceptor's clock (allowed: "
                            + settings.clockSkew().toSeconds() + " s)", null);
        }
        if (settings.replayCache().isPresent()) {
            recordInReplayCache(settings.replayCache().get());
        }
        if (authenticator.subkey().isPresent()) {
            Krb5Key subkey = authenticator.subkey().get();
            if (subkey.type().isWeak() && !settings.allowWeakCrypto()) {
                throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "initiator subkey of weak enctype "
                        + subkey.type().krb5Name());
            }
        }
    }

    private void recordInReplayCache(ReplayCache cache) throws NegotiateException {
        String client = authenticator.client().toString();
        try {
            cache.record(client, authenticator.ctime(), authenticator.cusec(), apReq.encryptedAuthenticator());
        } catch (NegotiateException e) {
            if (e.failure() == Failure.REPLAYED_TOKEN) {
                throw apError(Failure.REPLAYED_TOKEN, KrbErrorMessage.KRB_AP_ERR_REPEAT, "the authenticator of "
                        + client + " was already presented (replayed AP-REQ)", e);
            }
            if (e.failure() == Failure.TIME_SKEW) {
                throw apError(Failure.TIME_SKEW, KrbErrorMessage.KRB_AP_ERR_SKEW, "the authenticator of " + client
                        + " is older than the replay cache's window", e);
            }
            throw e;
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
                    throw apError(Failure.BAD_BINDINGS, KrbErrorMessage.KRB_ERR_GENERIC, "the acceptor requires "
                            + "channel bindings and the initiator sent none", null);
                }
            } else if (!MessageDigest.isEqual(gss.bindings(), request.channelBindings().get().md5())) {
                throw apError(Failure.BAD_BINDINGS, KrbErrorMessage.KRB_ERR_GENERIC, "the initiator's channel "
                        + "bindings differ from the acceptor's (another TLS channel?)", null);
            }
        }
        return gss;
    }

    private void acceptDelegation() throws NegotiateException {
        Optional<byte[]> deleg = gssChecksum.delegation();
        if (deleg.isPresent()) {
            ServiceTicket tgt = KrbCredCodec.openDelegated(deleg.get(), sessionCipher, authenticator.client());
            delegatedCredential = new DelegatedKerberosCredential(tgt, settings.tgsClient(), settings.clock());
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
            ownSequence = settings.crypto().randomSequenceNumber();
            ApRepMessage.Part part = new ApRepMessage.Part(authenticator.ctime(), authenticator.cusec(),
                    Optional.of(acceptorSubkey), OptionalLong.of(ownSequence));
            byte[] plain = part.encode();
            byte[] enc = sessionCipher.encrypt(ApRepMessage.ENC_PART_USAGE, plain, 0, plain.length);
            Arrays.fill(plain, (byte) 0);
            token = ApRepMessage.encodeToken(ticketPart.sessionKey().type().id(), enc);
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
        // as MIT's acceptor: what the initiator's checksum announces (a Windows client under ISC_REQ_NO_INTEGRITY, or
        // MIT's with GSS_KRB5_CRED_NO_CI_FLAGS_X, leaves both out: it will not protect messages, TLS does)
        if (protector != null && gssChecksum.has(GssChecksum.CONF)) {
            g.add(ContextFlag.CONFIDENTIALITY);
        }
        if (protector != null && gssChecksum.has(GssChecksum.INTEG)) {
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
        if (acceptorSubkey != null) {
            return acceptorSubkey;
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
                token = KrbErrorMessage.encodeToken(code, server.toKerby(), server.realm(), settings.clock().instant());
            } catch (RuntimeException e) {
                // the server name came from the wire: a name Kerby cannot encode (non-ASCII realm) gets no answer
                LOG.log(System.Logger.Level.DEBUG, "no KRB-ERROR {0} for the peer: {1}", code, e.toString());
            }
        }
        return new NegotiateException(failure, code, message, cause, token);
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
