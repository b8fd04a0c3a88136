package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * The exchanges read the world only through their {@link KdcRequestContext}: the request times come from its clock,
 * the nonces and the confounders of what they encrypt from its randomness, and a TGT expires on its clock, not on the
 * system's.
 */
class KdcRequestContextTest {
    private static final Instant THEN = Instant.parse("2031-05-06T07:08:09Z");
    private static final KerberosName HTTP = KerberosName.hostbasedService("HTTP", "www.r.test", ForgedKdc.REALM);

    /** Randomness that always draws 0x81 bytes: nextInt() is 0x81818181, the nonce 0x01818181. */
    private static SecureRandom fixedRandom() {
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                Arrays.fill(bytes, (byte) 0x81);
            }
        };
    }

    private static KdcRequestContext context(List<byte[]> sent, Clock clock) throws NegotiateException {
        KdcTransport capture = (kdc, request, tcp, timeout) -> {
            sent.add(request);
            throw new IOException("refused");
        };
        return new KdcRequestContext(
                KdcClient.of(Krb5Config.parse(ForgedKdc.CONF), capture), false, clock, fixedRandom());
    }

    /** KDC-REQ-BODY ::= SEQUENCE { ..., till [5] KerberosTime, rtime [6] OPTIONAL, nonce [7] UInt32, ... }. */
    private static Instant till(byte[] request) throws NegotiateException {
        return Asn1Tree.bind(request, "KDC-REQ", root -> {
            int app = root.isApplication(10) ? 10 : 12;
            DerElement[] req = Asn1Tree.fields(Asn1Tree.application(root, app, "KDC-REQ"), 5, "KDC-REQ");
            return Asn1Tree.kerberosTime(Asn1Tree.fields(req[4], 12, "req-body")[5], "till");
        });
    }

    @Test
    void asRequest_timesFromTheContextsClock_nonceFromItsRandomness() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        KdcRequestContext context = context(sent, Clock.fixed(THEN, ZoneOffset.UTC));
        TicketOptions options = TicketOptions.fromConfig(context.config());
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new AsExchange(context)
                        .requestTgt(ForgedKdc.ALICE, ClientKeys.password(ForgedKdc.PASSWORD.toCharArray()), options));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(0x01818181, ForgedKdc.nonce(sent.get(0)));
        assertEquals(THEN.plus(options.lifetime()), till(sent.get(0)));
    }

    @Test
    void tgsRequest_tgtExpiredOnTheContextsClock_isCredentialsExpiredWithoutAskingTheKdc() throws Exception {
        ServiceTicket tgt = ForgedKdc.tgt(); // valid until ForgedKdc.END on the system clock
        List<byte[]> sent = new ArrayList<>();
        KdcRequestContext late = context(sent, Clock.fixed(ForgedKdc.END.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new TgsExchange(late).request(tgt, HTTP, TicketOptions.fromConfig(late.config())));
        assertEquals(Failure.CREDENTIALS_EXPIRED, e.failure());
        assertTrue(sent.isEmpty());
    }

    @Test
    void tgsRequest_timesFromTheContextsClock_nonceFromItsRandomness() throws Exception {
        ServiceTicket tgt = ForgedKdc.tgt();
        List<byte[]> sent = new ArrayList<>();
        KdcRequestContext context = context(sent, Clock.fixed(THEN, ZoneOffset.UTC));
        TicketOptions options = TicketOptions.fromConfig(context.config());
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> new TgsExchange(context).request(tgt, HTTP, options));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(0x01818181, ForgedKdc.nonce(sent.get(0)));
        assertEquals(THEN.plus(options.lifetime()), till(sent.get(0)));
    }

    @Test
    void tgsRequest_authenticatorConfounderFromTheContextsRandomness_sameWorldSameBytes() throws Exception {
        ServiceTicket tgt = ForgedKdc.tgt();
        List<byte[]> first = new ArrayList<>();
        List<byte[]> second = new ArrayList<>();
        for (List<byte[]> sent : List.of(first, second)) {
            KdcRequestContext context = context(sent, Clock.fixed(THEN, ZoneOffset.UTC));
            NegotiateException e = assertThrows(
                    NegotiateException.class,
                    () -> new TgsExchange(context).request(tgt, HTTP, TicketOptions.fromConfig(context.config())));
            assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        }
        assertArrayEquals(
                first.get(0), second.get(0), "the encrypted authenticator too: its confounder is the world's");
    }

    @Test
    void s4uRequest_nonceFromTheContextsRandomness() throws Exception {
        ServiceTicket tgt = ForgedKdc.tgt();
        List<byte[]> sent = new ArrayList<>();
        KdcRequestContext context = context(sent, Clock.fixed(THEN, ZoneOffset.UTC));
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new TgsExchange(context).s4u().s4u2self(tgt, HTTP, TicketOptions.fromConfig(context.config())));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(0x01818181, ForgedKdc.nonce(sent.get(0)));
        assertEquals(THEN.plus(TicketOptions.fromConfig(context.config()).lifetime()), till(sent.get(0)));
    }
}
