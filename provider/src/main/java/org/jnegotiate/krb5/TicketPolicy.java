package org.jnegotiate.krb5;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.krb5.pac.PacVerifier;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * What the acceptor asks of a decrypted ticket and authenticator before it trusts them (RFC 4120 section 3.2.3):
 * validity times, the transited path, client addresses, the PAC, the authenticator's client and time. Each check
 * answers with a {@link Rejection} (the failure, the Kerberos error for the initiator, why) rather than throwing,
 * so that the acceptor alone decides how a refusal reaches the peer (its KRB-ERROR token).
 */
final class TicketPolicy {
    /** RFC 4120 7.5.9: the transited path is not accepted (sent to the initiator in the KRB-ERROR). */
    static final int KDC_ERR_PATH_NOT_ACCEPTED = 28;

    private final Duration skew;

    /**
     * A refused ticket or authenticator.
     *
     * @param failure  the status the acceptor reports
     * @param krbError the Kerberos error code: the exception's minor status and the KRB-ERROR's error-code
     * @param message  why, for the log and the exception
     * @param cause    the failure underneath, or null
     */
    record Rejection(Failure failure, int krbError, String message, Throwable cause) {
        Rejection {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(message, "message");
        }

        private static Optional<Rejection> of(Failure failure, int krbError, String message) {
            return Optional.of(new Rejection(failure, krbError, message, null));
        }
    }

    /**
     * The ticket's PAC once verified: {@code pac} empty when the ticket has none (MIT KDCs before 1.20, Kerby), or
     * the {@code rejection} of a PAC that does not verify.
     */
    record PacVerdict(Optional<Pac> pac, Optional<Rejection> rejection) {}

    /** @param skew how far a ticket's or authenticator's time may be from ours */
    TicketPolicy(Duration skew) {
        this.skew = Objects.requireNonNull(skew, "skew");
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

    /** The checks of a decrypted ticket for {@code server}, in order: times, transited path, addresses. */
    Optional<Rejection> ticket(
            TicketPart ticket, KerberosName server, Optional<ChannelBindings> bindings, Instant now) {
        Optional<Rejection> r = times(ticket, now);
        if (r.isEmpty()) {
            r = transited(ticket, server);
        }
        return r.isEmpty() ? addresses(ticket, bindings) : r;
    }

    private Optional<Rejection> times(TicketPart ticket, Instant now) {
        if ((ticket.flags() & TicketPart.INVALID) != 0) {
            return Rejection.of(
                    Failure.LOGON_DENIED, KrbErrorMessage.KRB_AP_ERR_TKT_NYV, "the ticket is marked invalid");
        }
        if (ticket.validFrom().minus(skew).isAfter(now)) {
            return Rejection.of(
                    Failure.TIME_SKEW,
                    KrbErrorMessage.KRB_AP_ERR_TKT_NYV,
                    "the ticket is not valid before " + ticket.validFrom() + " (clocks differ?)");
        }
        if (!ticket.endTime().plus(skew).isAfter(now)) {
            return Rejection.of(
                    Failure.CONTEXT_EXPIRED,
                    KrbErrorMessage.KRB_AP_ERR_TKT_EXPIRED,
                    "the ticket expired at " + ticket.endTime());
        }
        return Optional.empty();
    }

    /**
     * The transited policy of a cross-realm ticket (RFC 4120 section 2.7). A client of another realm is accepted when
     * no realm lies between the two (direct trust: an empty transited field) or when the KDC that issued the ticket
     * checked the path it crossed against its own policy and says so with the TRANSITED-POLICY-CHECKED flag (MIT,
     * Heimdal and Windows KDCs check it). Otherwise the ticket is refused: unlike MIT's krb5_rd_req, JNegotiate does
     * not evaluate a transited list against a [capaths] of its own.
     */
    private static Optional<Rejection> transited(TicketPart ticket, KerberosName server) {
        String clientRealm = ticket.client().realm();
        if (clientRealm.equals(server.realm())
                || ticket.transited().isEmpty()
                || (ticket.flags() & TicketPart.TRANSITED_POLICY_CHECKED) != 0) {
            return Optional.empty();
        }
        return Rejection.of(
                Failure.LOGON_DENIED,
                KDC_ERR_PATH_NOT_ACCEPTED,
                "the ticket of " + ticket.client()
                        + " crossed the realms \"" + ticket.transited() + "\" on its way to " + server.realm()
                        + " and its KDC did not check that path (no TRANSITED-POLICY-CHECKED flag)");
    }

    /**
     * A ticket restricted to addresses (caddr, RFC 4120 section 5.3) is refused from any other, as MIT's
     * krb5_rd_req does (KRB_AP_ERR_BADADDR; Windows reports a logon failure). The acceptor knows the initiator's
     * address only when the application put it in the channel bindings (an IPv4 or IPv6 initiator address): then a
     * ticket whose addresses do not include it is refused. Without that address the ticket is accepted, as MIT
     * accepts it when the application set no remote address: the acceptor has nothing to compare, and refusing
     * every addressed ticket would break the clients (behind NAT above all) that still ask for them.
     */
    private static Optional<Rejection> addresses(TicketPart ticket, Optional<ChannelBindings> channelBindings) {
        if (ticket.addresses().isEmpty() || channelBindings.isEmpty()) {
            return Optional.empty();
        }
        ChannelBindings bindings = channelBindings.get();
        int type = bindings.initiatorAddressType();
        byte[] address = bindings.initiatorAddress();
        boolean known = (type == ChannelBindings.AF_INET && address.length == 4)
                || (type == ChannelBindings.AF_INET6 && address.length == 16);
        if (known && ticket.addresses().stream().noneMatch(a -> a.is(type, address))) {
            return Rejection.of(
                    Failure.LOGON_DENIED,
                    KrbErrorMessage.KRB_AP_ERR_BADADDR,
                    "the ticket of "
                            + ticket.client() + " is restricted to "
                            + ticket.addresses().size() + " address(es), "
                            + "none of them the initiator's (KRB_AP_ERR_BADADDR)");
        }
        return Optional.empty();
    }

    /**
     * The ticket's PAC, verified with the key that decrypted the ticket (see {@link PacVerifier}). A PAC that fails
     * is refused as Windows refuses it, with KRB_AP_ERR_MODIFIED for the initiator.
     *
     * @throws NegotiateException INVALID_TOKEN for a malformed PAC
     */
    static PacVerdict verifyPac(TicketPart ticket, Krb5Cipher serviceKey, KerberosName server)
            throws NegotiateException {
        Optional<byte[]> encoded = Pac.find(ticket.authorizationData());
        if (encoded.isEmpty()) {
            return new PacVerdict(Optional.empty(), Optional.empty());
        }
        try {
            return new PacVerdict(
                    Optional.of(PacVerifier.verify(encoded.get(), serviceKey, ticket.client(), ticket.authTime())),
                    Optional.empty());
        } catch (NegotiateException e) {
            if (e.failure() == Failure.LOGON_DENIED) {
                return new PacVerdict(
                        Optional.empty(),
                        Optional.of(new Rejection(
                                Failure.LOGON_DENIED,
                                KrbErrorMessage.KRB_AP_ERR_MODIFIED,
                                "the ticket of " + ticket.client() + " for " + server
                                        + " carries a PAC that is refused: " + e.getMessage(),
                                e)));
            }
            throw e;
        }
    }

    /** The authenticator names the ticket's client and was made within the skew of {@code now}. */
    Optional<Rejection> authenticator(TicketPart ticket, AuthenticatorPart authenticator, Instant now) {
        if (!authenticator.client().samePrincipal(ticket.client())) {
            return Rejection.of(
                    Failure.LOGON_DENIED,
                    KrbErrorMessage.KRB_AP_ERR_BADMATCH,
                    "the authenticator's client " + authenticator.client() + " is not the ticket's " + ticket.client());
        }
        Duration offset = Duration.between(now, authenticator.ctime()).abs();
        if (offset.compareTo(skew) > 0) {
            return Rejection.of(
                    Failure.TIME_SKEW,
                    KrbErrorMessage.KRB_AP_ERR_SKEW,
                    "the authenticator's time is " + offset.toSeconds() + " s from the acceptor's clock (allowed: "
                            + skew.toSeconds() + " s)");
        }
        return Optional.empty();
    }

    /**
     * The rejection of an authenticator the replay cache refused ({@link ReplayCache#record}): a replay, or one older
     * than the cache's window; empty for its other failures (a full cache), which are no verdict on the AP-REQ.
     */
    static Optional<Rejection> replayed(NegotiateException refusal, String client) {
        if (refusal.failure() == Failure.REPLAYED_TOKEN) {
            return Optional.of(new Rejection(
                    Failure.REPLAYED_TOKEN,
                    KrbErrorMessage.KRB_AP_ERR_REPEAT,
                    "the authenticator of " + client + " was already presented (replayed AP-REQ)",
                    refusal));
        }
        if (refusal.failure() == Failure.TIME_SKEW) {
            return Optional.of(new Rejection(
                    Failure.TIME_SKEW,
                    KrbErrorMessage.KRB_AP_ERR_SKEW,
                    "the authenticator of " + client + " is older than the replay cache's window",
                    refusal));
        }
        return Optional.empty();
    }
}
