package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.HostAddress;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;

/**
 * Ticket address restrictions (caddr, RFC 4120 section 5.3): checked against the initiator address of the
 * channel bindings when the application gives one, as MIT checks it against the remote address it was given.
 */
class KerberosTicketAddressTest {
    private static final byte[] CLIENT_V4 = {10, 1, 2, 3};
    private static final byte[] OTHER_V4 = {10, 1, 2, 4};
    private static final byte[] CLIENT_V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final Krb5Testbed bed = new Krb5Testbed();

    /** Both ends bind the same channel, whose initiator address is {@code type}/{@code address}. */
    private static ChannelBindings from(int type, byte[] address) {
        return new ChannelBindings(type, address, ChannelBindings.AF_UNSPEC, null, new byte[] {7});
    }

    private void handshake(ChannelBindings bindings) throws NegotiateException {
        KerberosInitiator init = new KerberosInitiator(
                MechOid.KERBEROS,
                bed.tickets(),
                request(bindings)
                        .target(PeerName.hostbased("HTTP@www.example.com"))
                        .flag(ContextFlag.MUTUAL, true)
                        .build(),
                bed.settings());
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), request(bindings).build(), bed.settings());
        init.step(acc.step(init.step(null).token()).token());
        assertTrue(init.isEstablished() && acc.isEstablished());
    }

    private static ContextRequest.Builder request(ChannelBindings bindings) {
        ContextRequest.Builder b = ContextRequest.builder();
        return bindings == null ? b : b.channelBindings(bindings);
    }

    @Test
    void addressedTicket_fromOneOfItsAddresses_accepted() throws Exception {
        bed.ticketAddresses =
                List.of(new HostAddress(HostAddress.INET, OTHER_V4), new HostAddress(HostAddress.INET, CLIENT_V4));
        handshake(from(ChannelBindings.AF_INET, CLIENT_V4));
    }

    @Test
    void addressedTicket_ipv6_matchedByTypeAndOctets() throws Exception {
        bed.ticketAddresses = List.of(new HostAddress(HostAddress.INET6, CLIENT_V6));
        handshake(from(ChannelBindings.AF_INET6, CLIENT_V6));
    }

    @Test
    void addressedTicket_fromAnotherAddress_logonDeniedWithBadAddrForThePeer() throws Exception {
        bed.ticketAddresses = List.of(new HostAddress(HostAddress.INET, OTHER_V4));
        ChannelBindings bindings = from(ChannelBindings.AF_INET, CLIENT_V4);
        KerberosInitiator init = new KerberosInitiator(
                MechOid.KERBEROS,
                bed.tickets(),
                request(bindings)
                        .target(PeerName.hostbased("HTTP@www.example.com"))
                        .flag(ContextFlag.MUTUAL, true)
                        .build(),
                bed.settings());
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), request(bindings).build(), bed.settings());
        byte[] apReq = init.step(null).token();
        NegotiateException e = assertThrows(NegotiateException.class, () -> acc.step(apReq));
        assertEquals(Failure.LOGON_DENIED, e.failure(), e.getMessage());
        assertEquals(KrbErrorMessage.KRB_AP_ERR_BADADDR, e.minor());
        // the initiator that waits for mutual authentication reads the same failure from the KRB-ERROR
        byte[] errorToken = e.errorToken().orElseThrow();
        ContextToken.Located located = ContextToken.locate(errorToken);
        assertEquals(
                KrbErrorMessage.KRB_AP_ERR_BADADDR,
                KrbErrorMessage.decode(located.bytes(), located.offset(), located.length())
                        .errorCode());
        assertEquals(
                Failure.LOGON_DENIED,
                assertThrows(NegotiateException.class, () -> init.step(errorToken))
                        .failure());
    }

    @Test
    void addressedTicket_sameOctetsOtherFamily_refused() throws Exception {
        bed.ticketAddresses = List.of(new HostAddress(20 /* NetBIOS */, CLIENT_V4));
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> handshake(from(ChannelBindings.AF_INET, CLIENT_V4)));
        assertEquals(Failure.LOGON_DENIED, e.failure());
    }

    @Test
    void addressedTicket_acceptorWithoutInitiatorAddress_acceptedAsMitDoes() throws Exception {
        bed.ticketAddresses = List.of(new HostAddress(HostAddress.INET, OTHER_V4));
        handshake(null);
        handshake(ChannelBindings.ofApplicationData(new byte[] {1, 2, 3}));
        handshake(from(ChannelBindings.AF_NULLADDR, null));
    }

    @Test
    void ticketWithoutAddresses_acceptedFromAnyAddress() throws Exception {
        handshake(from(ChannelBindings.AF_INET, CLIENT_V4));
    }
}
