package org.jnegotiate.krb5.tokens;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationData;
import org.apache.kerby.kerberos.kerb.type.ad.AuthorizationType;
import org.apache.kerby.kerberos.kerb.type.base.HostAddrType;
import org.apache.kerby.kerberos.kerb.type.base.HostAddresses;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncoding;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncodingType;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.NegotiateException;

/**
 * The decrypted part of a ticket (EncTicketPart, RFC 4120 section 5.3) as the acceptor needs it. Authorization
 * data is kept as it came; the PAC in it is read by {@code krb5.pac}.
 *
 * @param flags     TicketFlags, most significant bit first ({@link #INVALID}, {@link #OK_AS_DELEGATE} ...)
 * @param addresses caddr: the addresses the ticket may be used from; empty = from anywhere
 * @param transited the contents of the transited field (RFC 4120 3.3.3.2: the realms crossed between the client's
 *                  and the ticket's, DOMAIN-X500-COMPRESS), empty when none was crossed or the field is absent
 * @param authorizationData the ticket's authorization-data elements (top level); empty when absent
 */
public record TicketPart(
        Krb5Key sessionKey,
        KerberosName client,
        int flags,
        Instant authTime,
        Optional<Instant> startTime,
        Instant endTime,
        Optional<Instant> renewTill,
        List<HostAddress> addresses,
        String transited,
        List<AuthorizationDataEntry> authorizationData) {
    public static final int FORWARDABLE = 0x40000000;
    public static final int INVALID = 0x01000000;
    public static final int TRANSITED_POLICY_CHECKED = 0x00080000;
    public static final int OK_AS_DELEGATE = 0x00040000;

    public TicketPart {
        addresses = List.copyOf(addresses);
        java.util.Objects.requireNonNull(transited, "transited");
        authorizationData = List.copyOf(authorizationData);
    }

    /** A ticket without authorization data. */
    public TicketPart(
            Krb5Key sessionKey,
            KerberosName client,
            int flags,
            Instant authTime,
            Optional<Instant> startTime,
            Instant endTime,
            Optional<Instant> renewTill,
            List<HostAddress> addresses,
            String transited) {
        this(sessionKey, client, flags, authTime, startTime, endTime, renewTill, addresses, transited, List.of());
    }

    /** A ticket that crossed no realm between its client's and its own. */
    public TicketPart(
            Krb5Key sessionKey,
            KerberosName client,
            int flags,
            Instant authTime,
            Optional<Instant> startTime,
            Instant endTime,
            Optional<Instant> renewTill,
            List<HostAddress> addresses,
            List<AuthorizationDataEntry> authorizationData) {
        this(sessionKey, client, flags, authTime, startTime, endTime, renewTill, addresses, "", authorizationData);
    }

    /** A ticket that crossed no realm and carries no authorization data. */
    public TicketPart(
            Krb5Key sessionKey,
            KerberosName client,
            int flags,
            Instant authTime,
            Optional<Instant> startTime,
            Instant endTime,
            Optional<Instant> renewTill,
            List<HostAddress> addresses) {
        this(sessionKey, client, flags, authTime, startTime, endTime, renewTill, addresses, "", List.of());
    }

    /** A ticket usable from any address (no caddr), as KDCs issue them by default. */
    public TicketPart(
            Krb5Key sessionKey,
            KerberosName client,
            int flags,
            Instant authTime,
            Optional<Instant> startTime,
            Instant endTime,
            Optional<Instant> renewTill) {
        this(sessionKey, client, flags, authTime, startTime, endTime, renewTill, List.of(), "", List.of());
    }

    /** The start of validity: starttime, or authtime when absent. */
    public Instant validFrom() {
        return startTime.orElse(authTime);
    }

    /** [APPLICATION 3] tag of EncTicketPart. */
    static final int TAG = 3;

    /**
     * EncTicketPart ::= [APPLICATION 3] SEQUENCE { flags [0] TicketFlags, key [1] EncryptionKey, crealm [2] Realm,
     * cname [3] PrincipalName, transited [4] TransitedEncoding, authtime [5] KerberosTime,
     * starttime [6] KerberosTime OPTIONAL, endtime [7] KerberosTime, renew-till [8] KerberosTime OPTIONAL,
     * caddr [9] HostAddresses OPTIONAL, authorization-data [10] AuthorizationData OPTIONAL }. As before, absent
     * flags read as 0 and an absent transited is accepted (as empty); caddr, the transited realms and
     * authorization-data are kept.
     */
    public static TicketPart decode(byte[] der) throws NegotiateException {
        return Asn1Tree.bind(der, "EncTicketPart", root -> {
            DerElement[] f = Asn1Tree.fields(Asn1Tree.application(root, TAG, "EncTicketPart"), 11, "EncTicketPart");
            int flags = f[0] == null ? 0 : Asn1Tree.kerberosFlags(f[0], "ticket flags");
            KerberosName client = KrbTree.principal(f[3], f[2], "ticket client");
            String transited = f[4] == null ? "" : KrbTree.transited(f[4]);
            Instant authTime = Asn1Tree.kerberosTime(f[5], "authtime");
            Optional<Instant> startTime =
                    f[6] == null ? Optional.empty() : Optional.of(Asn1Tree.kerberosTime(f[6], "starttime"));
            Instant endTime = Asn1Tree.kerberosTime(f[7], "endtime");
            Optional<Instant> renewTill =
                    f[8] == null ? Optional.empty() : Optional.of(Asn1Tree.kerberosTime(f[8], "renew-till"));
            List<HostAddress> addresses = f[9] == null ? List.of() : KrbTree.hostAddresses(f[9], "ticket caddr");
            List<AuthorizationDataEntry> authorizationData =
                    f[10] == null ? List.of() : AuthorizationDataEntry.decode(f[10], "ticket authorization-data");
            // the key last: nothing may fail after it exists
            return new TicketPart(
                    KrbTree.key(f[1], "ticket session key"),
                    client,
                    flags,
                    authTime,
                    startTime,
                    endTime,
                    renewTill,
                    addresses,
                    transited,
                    authorizationData);
        });
    }

    /** Encodes the part (what a KDC does; used by tests and by the demo's in-memory tickets). */
    public byte[] encode() {
        EncTicketPart p = new EncTicketPart();
        p.setFlags(new TicketFlags(flags));
        p.setKey(Fields.kerbyKey(sessionKey));
        p.setCrealm(client.realm());
        p.setCname(client.toKerby());
        TransitedEncoding transited = new TransitedEncoding();
        transited.setTrType(TransitedEncodingType.DOMAIN_X500_COMPRESS);
        transited.setContents(this.transited.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.setTransited(transited);
        p.setAuthTime(Fields.kerberosTime(authTime));
        startTime.ifPresent(t -> p.setStartTime(Fields.kerberosTime(t)));
        p.setEndTime(Fields.kerberosTime(endTime));
        renewTill.ifPresent(t -> p.setRenewtill(Fields.kerberosTime(t)));
        if (!addresses.isEmpty()) {
            HostAddresses caddr = new HostAddresses();
            for (HostAddress a : addresses) {
                org.apache.kerby.kerberos.kerb.type.base.HostAddress k =
                        new org.apache.kerby.kerberos.kerb.type.base.HostAddress();
                k.setAddrType(HostAddrType.fromValue(a.type()));
                k.setAddress(a.address());
                caddr.add(k);
            }
            p.setClientAddresses(caddr);
        }
        if (!authorizationData.isEmpty()) {
            AuthorizationData ad = new AuthorizationData();
            for (AuthorizationDataEntry e : authorizationData) {
                ad.add(new org.apache.kerby.kerberos.kerb.type.ad.AuthorizationDataEntry(
                        AuthorizationType.fromValue(e.type()), e.data()));
            }
            p.setAuthorizationData(ad);
        }
        return KerberosCodec.encode(p);
    }
}
