package org.jnegotiate.krb5;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jnegotiate.krb5.creds.TicketSource;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
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
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.mech.Step;

/**
 * The Kerberos initiator (RFC 4121 section 4.1): one AP-REQ, and with mutual authentication one AP-REP back.
 *
 * <p>Tokens are emitted as {@code TOK_ID || AP-REQ} without the RFC 2743 {@code 0x60} framing, exactly as the
 * JDK's {@code Krb5Context} SPI does (the JDK framework adds the framing); input is taken bare as well: whoever
 * carries the token frames it (see {@link ContextToken}).
 */
public final class KerberosInitiator implements MechContext {
    private static final System.Logger LOG = System.getLogger(KerberosInitiator.class.getName());

    private enum State {
        INITIAL,
        AWAIT_AP_REP,
        ESTABLISHED,
        FAILED,
        DISPOSED
    }

    private final MechOid oid;
    private final TicketSource tickets;
    private final ContextRequest request;
    private final KerberosSettings settings;
    private State state = State.INITIAL;

    private KerberosName target;
    private ServiceTicket ticket;
    /** Stage 1's result, which stage 2 checks the AP-REP against; null once established. */
    private Sent sent;

    private KerberosSession session;

    /**
     * What the AP-REQ committed to: its session cipher and subkey (owned here until the session takes the subkey),
     * the authenticator's time that the AP-REP must echo, our first sequence number and the checksum's flags.
     */
    private record Sent(
            Krb5Cipher sessionCipher,
            Krb5Key subkey,
            Instant ctime,
            int cusec,
            long sequenceNumber,
            int gssFlags,
            Optional<byte[]> krbCred) {
        boolean mutual() {
            return (gssFlags & GssChecksum.MUTUAL) != 0;
        }

        boolean delegated() {
            return krbCred.isPresent();
        }

        void discard() {
            sessionCipher.destroy();
            subkey.destroy();
        }
    }

    public KerberosInitiator(MechOid oid, TicketSource tickets, ContextRequest request, KerberosSettings settings) {
        if (!oid.isKerberos()) {
            throw new IllegalArgumentException("not a Kerberos OID: " + oid);
        }
        this.oid = oid;
        this.tickets = Objects.requireNonNull(tickets, "tickets");
        this.request = Objects.requireNonNull(request, "request");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public MechOid mechanism() {
        return oid;
    }

    @Override
    public boolean isInitiator() {
        return true;
    }

    @Override
    public synchronized Step step(byte[] input) throws NegotiateException {
        Step out;
        try {
            switch (state) {
                case INITIAL:
                    out = sendApReq();
                    break;
                case AWAIT_AP_REP:
                    out = receiveApRep(input);
                    break;
                default:
                    throw new NegotiateException(
                            state == State.DISPOSED ? Failure.INVALID_HANDLE : Failure.OUT_OF_SEQUENCE,
                            "the Kerberos initiator context is " + state);
            }
        } catch (NegotiateException e) {
            if (state != State.ESTABLISHED && state != State.DISPOSED) {
                fail();
            }
            throw e;
        } catch (RuntimeException e) {
            fail();
            throw new NegotiateException(Failure.INTERNAL_ERROR, "Kerberos initiator: " + e, e);
        }
        return out;
    }

    /** Stage 1: target name, service ticket, authenticator, AP-REQ. */
    private Step sendApReq() throws NegotiateException {
        target = resolveTarget();
        ticket = tickets.serviceTicket(target);
        Instant now = settings.clock().instant();
        if (ticket.isExpired(now)) {
            throw new NegotiateException(
                    Failure.CREDENTIALS_EXPIRED,
                    "the service ticket for " + target + " expired at " + ticket.endTime());
        }
        settings.requireAllowed(ticket.sessionKey(), "the service ticket's session key");
        sent = commit(now);
        byte[] token = apReq(sent);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) { // not even the arguments' array when DEBUG is off
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "krb5 initiator: AP-REQ as {0} for {1} ({2}, mutual {3}, " + "delegation {4})",
                    tickets.client(),
                    target,
                    ticket.sessionKey().type().krb5Name(),
                    sent.mutual(),
                    sent.delegated());
        }
        if (sent.mutual()) {
            state = State.AWAIT_AP_REP;
            return Step.continueWith(token);
        }
        establish(sent, null, sent.sequenceNumber());
        return Step.done(token);
    }

    /** The session cipher, subkey, time, sequence number and flags of a new authenticator. */
    private Sent commit(Instant now) throws NegotiateException {
        Krb5Cipher sessionCipher = settings.crypto().cipher(ticket.sessionKey());
        Krb5Key subkey = null;
        try {
            subkey = settings.crypto().randomKey(ticket.sessionKey().type());
            long sequenceNumber = settings.crypto().randomSequenceNumber();
            boolean mutual = request.has(ContextFlag.MUTUAL);
            Optional<byte[]> krbCred = delegation(now, sessionCipher);
            return new Sent(
                    sessionCipher,
                    subkey,
                    now.truncatedTo(ChronoUnit.SECONDS),
                    now.getNano() / 1000,
                    sequenceNumber,
                    gssFlags(mutual, krbCred.isPresent()),
                    krbCred);
        } catch (NegotiateException | RuntimeException e) {
            sessionCipher.destroy();
            if (subkey != null) {
                subkey.destroy();
            }
            throw e;
        }
    }

    /** The AP-REQ token of what stage 1 committed to. */
    private byte[] apReq(Sent sent) {
        GssChecksum checksum = new GssChecksum(
                request.channelBindings().map(cb -> cb.md5()).orElseGet(GssChecksum::noBindings),
                sent.gssFlags(),
                sent.krbCred());
        AuthenticatorPart authenticator = new AuthenticatorPart(
                tickets.client(),
                Optional.of(new AuthenticatorPart.Checksum(GssChecksum.TYPE, checksum.encode())),
                sent.ctime(),
                sent.cusec(),
                Optional.of(sent.subkey()),
                OptionalLong.of(sent.sequenceNumber()));
        byte[] plain = authenticator.encode();
        byte[] encrypted = sent.sessionCipher().encrypt(ApReqMessage.AUTHENTICATOR_USAGE, plain, 0, plain.length);
        Arrays.fill(plain, (byte) 0);
        return ApReqMessage.encodeToken(
                sent.mutual(), ticket.ticket(), ticket.sessionKey().type().id(), encrypted);
    }

    /** Stage 2 (mutual only): verify the AP-REP, take the acceptor's subkey and sequence number. */
    private Step receiveApRep(byte[] input) throws NegotiateException {
        ContextToken.Located token = ContextToken.locate(input);
        if (token.id() == ContextTokenId.KRB_ERROR) {
            NegotiateException e = KrbErrorMessage.decode(token.bytes(), token.offset(), token.length())
                    .toException();
            LOG.log(System.Logger.Level.DEBUG, "krb5 initiator: {0} refused the AP-REQ: {1}", target, e.getMessage());
            throw e;
        }
        if (token.id() != ContextTokenId.AP_REP) {
            throw new NegotiateException(Failure.INVALID_TOKEN, "expected an AP-REP, got " + token.id());
        }
        ApRepMessage rep = ApRepMessage.decode(token.bytes(), token.offset(), token.length());
        ApRepMessage.Part part = openApRep(rep, sent);
        Krb5Key acceptorSubkey = part.subkey().orElse(null);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "krb5 initiator: AP-REP verified, {0} is authenticated{1}",
                    target,
                    acceptorSubkey != null
                            ? " (acceptor subkey " + acceptorSubkey.type().krb5Name() + ")"
                            : "");
        }
        establish(sent, acceptorSubkey, part.sequenceNumber().orElse(sent.sequenceNumber()));
        return Step.done(null);
    }

    /**
     * The AP-REP's encrypted part, once it proves the acceptor knows the session key (RFC 4120 section 3.2.5): made
     * with that key, echoing our authenticator's time, with a subkey that is allowed.
     */
    private ApRepMessage.Part openApRep(ApRepMessage rep, Sent sent) throws NegotiateException {
        if (rep.etype() != ticket.sessionKey().type().id()) {
            throw new NegotiateException(
                    Failure.INVALID_TOKEN, "AP-REP encrypted with etype " + rep.etype() + ", not the session key's");
        }
        byte[] plain;
        try {
            plain = rep.decryptPart(sent.sessionCipher());
        } catch (NegotiateException e) {
            if (e.failure() == Failure.MESSAGE_ALTERED) {
                throw new NegotiateException(
                        Failure.WRONG_PRINCIPAL,
                        "mutual authentication failed: the AP-REP "
                                + "was not made with the session key of the ticket for " + target,
                        e);
            }
            throw e;
        }
        ApRepMessage.Part part = ApRepMessage.Part.decode(plain);
        Arrays.fill(plain, (byte) 0);
        try {
            if (!part.ctime().equals(sent.ctime()) || part.cusec() != sent.cusec()) {
                throw new NegotiateException(
                        Failure.WRONG_PRINCIPAL,
                        "mutual authentication failed: the AP-REP " + "does not echo the authenticator's time");
            }
            if (part.subkey().isPresent()) {
                settings.requireAllowed(part.subkey().get(), "the acceptor's subkey");
            }
        } catch (NegotiateException e) {
            part.subkey().ifPresent(Krb5Key::destroy);
            throw e;
        }
        return part;
    }

    /** The last step: the session takes the subkeys; the session cipher has done its work. */
    private void establish(Sent sent, Krb5Key acceptorSubkey, long peerSequence) throws NegotiateException {
        List<Krb5Key> keys = acceptorSubkey == null ? List.of(sent.subkey()) : List.of(acceptorSubkey, sent.subkey());
        session = KerberosSession.establish(
                settings.crypto(),
                new KerberosSession.Terms(
                        true,
                        acceptorSubkey != null ? acceptorSubkey : sent.subkey(),
                        acceptorSubkey != null,
                        sent.sequenceNumber(),
                        peerSequence,
                        sent.gssFlags(),
                        sent.mutual(),
                        sent.delegated(),
                        keys));
        sent.sessionCipher().destroy();
        this.sent = null;
        state = State.ESTABLISHED;
    }

    private KerberosName resolveTarget() throws NegotiateException {
        PeerName name = request.target()
                .orElseThrow(() ->
                        new NegotiateException(Failure.TARGET_UNKNOWN, "a Kerberos initiator needs a target name"));
        switch (name.type()) {
            case HOSTBASED_SERVICE: {
                String text = name.name();
                int at = text.indexOf('@');
                if (at <= 0 || at == text.length() - 1) {
                    throw new NegotiateException(
                            Failure.TARGET_UNKNOWN,
                            "host-based service name '" + text + "' is not of the form service@host");
                }
                // as SunJGSS's PrincipalName(KRB_NT_SRV_HST) and MIT: lower case, without a trailing dot
                String host = text.substring(at + 1).toLowerCase(Locale.ROOT);
                if (host.endsWith(".") && host.length() > 1) {
                    host = host.substring(0, host.length() - 1);
                }
                return KerberosName.hostbasedService(
                        text.substring(0, at), host, settings.realmResolver().realmOf(host));
            }
            case KERBEROS_PRINCIPAL:
            case USER:
                return KerberosName.parse(name.name(), tickets.client().realm(), KerberosName.NT_PRINCIPAL);
            default:
                throw new NegotiateException(
                        Failure.TARGET_UNKNOWN, "cannot use a " + name.type() + " name as a Kerberos target");
        }
    }

    /** The KRB-CRED with a forwarded TGT, when delegation is requested and allowed. */
    private Optional<byte[]> delegation(Instant now, Krb5Cipher sessionCipher) throws NegotiateException {
        if (!request.has(ContextFlag.DELEGATION)) {
            return Optional.empty();
        }
        if (request.has(ContextFlag.DELEGATION_POLICY) && (ticket.flags() & TicketPart.OK_AS_DELEGATE) == 0) {
            LOG.log(System.Logger.Level.DEBUG, "not delegating to {0}: the KDC did not mark it ok-as-delegate", target);
            return Optional.empty();
        }
        ServiceTicket tgt;
        try {
            tgt = tickets.forwardedTgt(target);
        } catch (NegotiateException e) {
            // delegation is a request, not a requirement (RFC 2743): authenticate without it
            LOG.log(System.Logger.Level.DEBUG, "not delegating to {0}: {1}", target, e.getMessage());
            return Optional.empty();
        }
        byte[] credPart = KrbCredCodec.encodeCredPart(tgt, now.truncatedTo(ChronoUnit.SECONDS), now.getNano() / 1000);
        byte[] encrypted = sessionCipher.encrypt(KrbCred.ENC_PART_USAGE, credPart, 0, credPart.length);
        Arrays.fill(credPart, (byte) 0);
        return Optional.of(
                KrbCredCodec.encode(tgt.ticket(), ticket.sessionKey().type().id(), encrypted));
    }

    /**
     * The checksum's flags. GSS_C_CONF_FLAG and GSS_C_INTEG_FLAG always, as MIT and Windows send them, except under
     * NO_INTEGRITY (ISC_REQ_NO_INTEGRITY; MIT's GSS_KRB5_CRED_NO_CI_FLAGS_X), which keeps only those explicitly asked.
     */
    private int gssFlags(boolean mutual, boolean delegated) {
        int flags;
        if (request.has(ContextFlag.NO_INTEGRITY)) {
            flags = (request.has(ContextFlag.CONFIDENTIALITY) ? GssChecksum.CONF : 0)
                    | (request.has(ContextFlag.INTEGRITY) ? GssChecksum.INTEG : 0);
        } else {
            flags = GssChecksum.CONF | GssChecksum.INTEG;
        }
        if (mutual) {
            flags |= GssChecksum.MUTUAL;
        }
        if (request.has(ContextFlag.REPLAY_DETECTION)) {
            flags |= GssChecksum.REPLAY;
        }
        if (request.has(ContextFlag.SEQUENCE_DETECTION)) {
            flags |= GssChecksum.SEQUENCE;
        }
        if (delegated) {
            flags |= GssChecksum.DELEG;
        }
        return flags;
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
    public Optional<PeerName> initiatorName() {
        return Optional.of(PeerName.principal(tickets.client().toString()));
    }

    /**
     * The canonical principal of the target ({@code HTTP/host@REALM}: host lower-cased without a trailing dot, realm
     * from krb5.conf), known from the first step on, and the same once established: as SunJGSS's Krb5Context, whose
     * peer name is the requested principal even when the KDC answered through referrals. (The JDK framework answers
     * an initiator's {@code GSSContext.getTargName()} with the application's own GSSName, for SunJGSS and for this
     * provider alike; this name is what the SSPI door reports and what {@code canonicalize} gives.)
     */
    @Override
    public synchronized Optional<PeerName> acceptorName() {
        return Optional.ofNullable(target).map(t -> PeerName.principal(t.toString()));
    }

    @Override
    public synchronized Optional<Instant> expiry() {
        return Optional.ofNullable(ticket).map(ServiceTicket::endTime);
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

    /** The key that protects messages (before that, our subkey); package-private for tests of {@link #dispose()}. */
    synchronized Krb5Key protectionKey() {
        if (session != null) {
            return session.key();
        }
        return sent == null ? null : sent.subkey();
    }

    private void fail() {
        destroyKeys();
        state = State.FAILED;
    }

    /** Zeroes the context's keys and makes it unusable; idempotent. */
    @Override
    public synchronized void dispose() {
        destroyKeys();
        state = State.DISPOSED;
    }

    private void destroyKeys() {
        // the ticket's session key belongs to the TicketSource (it may be cached): not destroyed here
        if (sent != null) {
            sent.discard();
        }
        if (session != null) {
            session.destroy();
        }
    }
}
