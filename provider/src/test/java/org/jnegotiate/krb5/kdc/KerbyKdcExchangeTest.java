package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlag;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** The AS and TGS exchanges against Apache Kerby's KDC over real UDP and TCP sockets. */
class KerbyKdcExchangeTest {

    private static KerberosName alice() throws NegotiateException {
        return KerberosName.parse(KerbyKdc.ALICE, KerbyKdc.REALM, KerberosName.NT_PRINCIPAL);
    }

    private static ServiceTicket aliceTgt(KdcClient client) throws Exception {
        return new AsExchange(KdcContexts.of(client, false))
                .requestTgt(
                        alice(),
                        ClientKeys.password(KerbyKdc.ALICE_PASSWORD.toCharArray()),
                        TicketOptions.fromConfig(client.config()));
    }

    @Test
    void asExchange_password_getsTgtWithPreauth() throws Exception {
        KdcClient client = KerbyKdc.get().client();
        ServiceTicket tgt = aliceTgt(client);
        assertEquals("alice@TEST.JNEGOTIATE", tgt.client().toString());
        assertEquals("krbtgt/TEST.JNEGOTIATE@TEST.JNEGOTIATE", tgt.server().toString());
        assertTrue(tgt.endTime().isAfter(Instant.now()));
        assertFalse(tgt.sessionKey().type().isWeak());
        assertEquals(KerbyKdc.REALM, tgt.ticket().server().realm());
    }

    @Test
    void asExchange_overTcp_whenUdpLimitIsOne() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Krb5Config conf = Krb5Config.parse(KerbyKdc.krb5ConfText(kdc.port)
                .replace("[libdefaults]\n", "[libdefaults]\n udp_preference_limit = 1\n"));
        List<Boolean> tcpUsed = new ArrayList<>();
        KdcTransport recording = (k, req, tcp, t) -> {
            tcpUsed.add(tcp);
            return new NetworkKdcTransport().exchange(k, req, tcp, t);
        };
        ServiceTicket tgt = aliceTgt(KdcClient.of(conf, recording));
        assertEquals("alice@TEST.JNEGOTIATE", tgt.client().toString());
        assertEquals(List.of(true, true), tcpUsed);
    }

    @Test
    void asExchange_keytab_getsTgt() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        Keytab keytab = Keytab.loadKeytab(kdc.keytabOf(KerbyKdc.BOB));
        List<Krb5Key> keys = new ArrayList<>();
        for (KeytabEntry e : keytab.getKeytabEntries(keytab.getPrincipals().get(0))) {
            EncryptionType.of(e.getKey().getKeyType().getValue())
                    .ifPresent(t -> keys.add(new Krb5Key(t, e.getKey().getKeyData())));
        }
        assertFalse(keys.isEmpty());
        KdcClient client = kdc.client();
        ServiceTicket tgt = new AsExchange(KdcContexts.of(client, false))
                .requestTgt(
                        KerberosName.parse(KerbyKdc.BOB, KerbyKdc.REALM, 1),
                        ClientKeys.keys(keys),
                        TicketOptions.fromConfig(client.config()));
        assertEquals("bob@TEST.JNEGOTIATE", tgt.client().toString());
    }

    @Test
    void asExchange_wrongPassword_isLogonDenied() throws Exception {
        KdcClient client = KerbyKdc.get().client();
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new AsExchange(KdcContexts.of(client, false))
                        .requestTgt(
                                alice(),
                                ClientKeys.password("wrong".toCharArray()),
                                TicketOptions.fromConfig(client.config())));
        assertEquals(Failure.LOGON_DENIED, e.failure(), e.getMessage());
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    }

    @Test
    void asExchange_unknownClient_isLogonDenied() throws Exception {
        KdcClient client = KerbyKdc.get().client();
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new AsExchange(KdcContexts.of(client, false))
                        .requestTgt(
                                KerberosName.parse("nobody", KerbyKdc.REALM, 1),
                                ClientKeys.password("x".toCharArray()),
                                TicketOptions.fromConfig(client.config())));
        assertEquals(Failure.LOGON_DENIED, e.failure(), e.getMessage());
        assertEquals(6, e.minor());
    }

    @Test
    void tgsExchange_service_getsTicket() throws Exception {
        KdcClient client = KerbyKdc.get().client();
        ServiceTicket tgt = aliceTgt(client);
        KerberosName http = KerberosName.hostbasedService("HTTP", "localhost", KerbyKdc.REALM);
        ServiceTicket st = new TgsExchange(KdcContexts.of(client, false))
                .request(tgt, http, TicketOptions.fromConfig(client.config()));
        assertEquals("HTTP/localhost@TEST.JNEGOTIATE", st.server().toString());
        assertEquals("alice@TEST.JNEGOTIATE", st.client().toString());
        assertEquals(List.of("HTTP", "localhost"), st.ticket().server().components());
    }

    @Test
    void tgsExchange_forwardedTgt_isForwarded() throws Exception {
        KdcClient client = KerbyKdc.get().client();
        ServiceTicket tgt = aliceTgt(client);
        assertTrue(new TicketFlags(tgt.flags()).isFlagSet(TicketFlag.FORWARDABLE));
        ServiceTicket fwd = new TgsExchange(KdcContexts.of(client, false))
                .request(
                        tgt,
                        tgt.server(),
                        TicketOptions.fromConfig(client.config()).withForwarded());
        assertEquals(tgt.server(), fwd.server());
        // Kerby 2.1.1's KDC issues the ticket but does not set the FORWARDED flag (MIT and AD do)
        assertFalse(tgt.ticket().sameBytes(fwd.ticket()));
    }

    @Test
    void tgsExchange_unknownService_isTargetUnknown() throws Exception {
        KdcClient client = KerbyKdc.get().client();
        ServiceTicket tgt = aliceTgt(client);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new TgsExchange(KdcContexts.of(client, false))
                        .request(
                                tgt,
                                KerberosName.hostbasedService("HTTP", "nowhere.invalid", KerbyKdc.REALM),
                                TicketOptions.fromConfig(client.config())));
        assertEquals(Failure.TARGET_UNKNOWN, e.failure(), e.getMessage());
        assertEquals(7, e.minor());
        assertTrue(e.getMessage().contains("HTTP/nowhere.invalid@TEST.JNEGOTIATE"), e.getMessage());
    }

    @Test
    void asExchange_unreachableKdc_namesTheKdc() throws Exception {
        int closed = KerbyKdc.freePort();
        Krb5Config conf = Krb5Config.parse(KerbyKdc.krb5ConfText(closed)
                .replace("kdc_timeout = 2s", "kdc_timeout = 500ms")
                .replace(" kdc_timeout = 500ms\n", " kdc_timeout = 1s\n"));
        KdcClient client = KdcClient.of(conf, new NetworkKdcTransport());
        NegotiateException e = assertThrows(NegotiateException.class, () -> aliceTgt(client));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertTrue(
                e.getMessage().contains("127.0.0.1:" + closed)
                        && e.getMessage().contains("udp")
                        && e.getMessage().contains("ms spent"),
                e.getMessage());
    }
}
