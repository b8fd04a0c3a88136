package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * The AS and TGS exchanges against forged and garbage KDC replies through the {@link KdcTransport} seam: every
 * reply that is not exactly right ends in a {@link NegotiateException} with the status today's code gives (mostly
 * INVALID_TOKEN), never another exception.
 */
class ForgedKdcExchangeTest {

    /** A KDC answering each request with what {@code answer} makes of it. */
    private interface Answer {
        byte[] of(byte[] request) throws Exception;
    }

    private static KdcClient kdc(Answer answer, List<byte[]> requests) throws NegotiateException {
        KdcTransport t = (k, request, tcp, timeout) -> {
            requests.add(request);
            try {
                return answer.of(request);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        return KdcClient.of(Krb5Config.parse(ForgedKdc.CONF), t);
    }

    private static ServiceTicket login(Answer answer) throws Exception {
        KdcClient client = kdc(answer, new ArrayList<>());
        return new AsExchange(KdcContexts.of(client, false))
                .requestTgt(
                        ForgedKdc.ALICE,
                        ClientKeys.password(ForgedKdc.PASSWORD.toCharArray()),
                        TicketOptions.fromConfig(client.config()));
    }

    private static NegotiateException loginFails(Answer answer) {
        return assertThrows(NegotiateException.class, () -> login(answer));
    }

    @Test
    void asRep_valid_givesTgt() throws Exception {
        ServiceTicket tgt = login(r -> ForgedKdc.asRep(r, UnaryOperator.identity()));
        assertEquals(ForgedKdc.ALICE, tgt.client());
        assertEquals(ForgedKdc.TGS, tgt.server());
        assertEquals(ForgedKdc.END, tgt.endTime());
        assertEquals(0x40000000, tgt.flags());
        assertArrayEquals(
                KdcMessages.encode(ForgedKdc.ticket(ForgedKdc.TGS)),
                tgt.ticket().der());
        assertEquals(EncryptionType.AES256_CTS_HMAC_SHA1_96, tgt.sessionKey().type());
    }

    @Test
    void preauthRequired_methodDataSalt_thenAsRep() throws Exception {
        List<byte[]> requests = new ArrayList<>();
        KdcClient client = kdc(
                r -> requests.size() == 1
                        ? ForgedKdc.error(25, ForgedKdc.methodData("R.TESTalice"))
                        : ForgedKdc.asRep(r, UnaryOperator.identity()),
                requests);
        ServiceTicket tgt = new AsExchange(KdcContexts.of(client, false))
                .requestTgt(
                        ForgedKdc.ALICE,
                        ClientKeys.password(ForgedKdc.PASSWORD.toCharArray()),
                        TicketOptions.fromConfig(client.config()));
        assertEquals(2, requests.size());
        assertEquals(ForgedKdc.ALICE, tgt.client());
    }

    @Test
    void asRep_wrongNonce_invalidToken() {
        NegotiateException e = loginFails(r -> ForgedKdc.asRep(r, p -> {
            p.setNonce(p.getNonce() ^ 1);
            return p;
        }));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void asRep_otherServer_wrongPrincipal_otherSessionKeyType_unsupported() {
        assertEquals(
                Failure.WRONG_PRINCIPAL,
                loginFails(r -> ForgedKdc.asRep(r, p -> {
                            p.setSname(new PrincipalName("krbtgt/EVIL.TEST"));
                            return p;
                        }))
                        .failure());
        assertEquals(
                Failure.UNSUPPORTED_FUNCTION,
                loginFails(r -> {
                            Krb5Key key = ForgedKdc.aliceKey();
                            byte[] plain = KdcMessages.encode(
                                    ForgedKdc.part(25, ForgedKdc.TGS, ForgedKdc.nonce(r), 99, new byte[32]));
                            return ForgedKdc.reply(
                                    new org.apache.kerby.kerberos.kerb.type.kdc.AsRep(),
                                    ForgedKdc.ALICE,
                                    ForgedKdc.TGS,
                                    plain,
                                    key,
                                    AsExchange.USAGE_AS_REP_ENC_PART);
                        })
                        .failure());
    }

    @Test
    void asRep_wrongPassword_logonDenied() {
        NegotiateException e = loginFails(r -> {
            Krb5Key other = org.jnegotiate.krb5.crypto.StringToKey.derive(
                    EncryptionType.AES256_CTS_HMAC_SHA1_96,
                    "other".toCharArray(),
                    "R.TESTalice".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    null);
            byte[] plain = KdcMessages.encode(ForgedKdc.part(25, ForgedKdc.TGS, ForgedKdc.nonce(r), 18, new byte[32]));
            return ForgedKdc.reply(
                    new org.apache.kerby.kerberos.kerb.type.kdc.AsRep(),
                    ForgedKdc.ALICE,
                    ForgedKdc.TGS,
                    plain,
                    other,
                    AsExchange.USAGE_AS_REP_ENC_PART);
        });
        assertEquals(Failure.LOGON_DENIED, e.failure());
    }

    @Test
    void asRep_encPartOtherTag_invalidToken() {
        NegotiateException e = loginFails(r -> {
            byte[] plain = KdcMessages.encode(ForgedKdc.part(25, ForgedKdc.TGS, ForgedKdc.nonce(r), 18, new byte[32]));
            plain[0] = 0x7B; // [APPLICATION 27]
            return ForgedKdc.reply(
                    new org.apache.kerby.kerberos.kerb.type.kdc.AsRep(),
                    ForgedKdc.ALICE,
                    ForgedKdc.TGS,
                    plain,
                    ForgedKdc.aliceKey(),
                    AsExchange.USAGE_AS_REP_ENC_PART);
        });
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void krbErrors_mapToTheirFailures() {
        NegotiateException unknownClient = loginFails(r -> ForgedKdc.error(6, null));
        assertEquals(Failure.LOGON_DENIED, unknownClient.failure());
        assertEquals(6, unknownClient.minor());
        assertEquals(
                Failure.TIME_SKEW, loginFails(r -> ForgedKdc.error(37, null)).failure());
        // KDC_ERR_PREAUTH_REQUIRED whose e-data is not METHOD-DATA
        assertEquals(
                Failure.INVALID_TOKEN,
                loginFails(r -> ForgedKdc.error(25, new byte[] {0x30, 0x03, 1})).failure());
    }

    @Test
    void garbageAndTruncatedReplies_invalidTokenOrNoKdc() throws Exception {
        // a reply that starts like a KDC message but is broken
        byte[][] garbage = {
            {0x7E},
            {0x6B},
            {0x6D, 0x00},
            {0x7E, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            {0x6B, (byte) 0x80, 0, 0},
        };
        for (byte[] g : garbage) {
            assertEquals(Failure.INVALID_TOKEN, loginFails(r -> g).failure(), Arrays.toString(g));
        }
        // a reply that is no Kerberos message at all (another service on the port) counts as no KDC answering
        byte[][] notKerberos = {
            {}, {0}, "HTTP/1.1 400 Bad Request\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)
        };
        for (byte[] g : notKerberos) {
            assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, loginFails(r -> g).failure(), Arrays.toString(g));
        }
        // every truncation of a valid AS-REP (built for each request's nonce)
        byte[] sample = ForgedKdc.asRep(new ForgedRequest().asReq(), UnaryOperator.identity());
        for (int len = 1; len < sample.length; len += 11) { // cut at 0 is the empty reply above
            int cut = len;
            NegotiateException e = loginFails(r -> Arrays.copyOf(ForgedKdc.asRep(r, UnaryOperator.identity()), cut));
            assertEquals(Failure.INVALID_TOKEN, e.failure(), "cut at " + cut + ": " + e.getMessage());
        }
    }

    @Test
    void flippedBits_onlyNegotiateException() {
        for (int i = 0; i < 400; i += 7) {
            int at = i;
            try {
                login(r -> {
                    byte[] rep = ForgedKdc.asRep(r, UnaryOperator.identity());
                    rep[at % rep.length] ^= (byte) (1 << (at % 8));
                    return rep;
                });
            } catch (NegotiateException expected) {
                // any failure status; what matters is the type
            } catch (Exception other) {
                throw new AssertionError("bit flip at " + at + " escaped as " + other, other);
            }
        }
    }

    @Test
    void tgsRep_valid_andForged() throws Exception {
        Krb5Key session = new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, new byte[32]);
        ServiceTicket tgt = login(r -> ForgedKdc.asRep(r, UnaryOperator.identity()));
        KerberosName http = KerberosName.hostbasedService("HTTP", "web.r.test", ForgedKdc.REALM);
        KdcClient good = kdc(r -> ForgedKdc.tgsRep(r, http, session), new ArrayList<>());
        ServiceTicket st = new TgsExchange(KdcContexts.of(good, false))
                .request(tgt, http, TicketOptions.fromConfig(good.config()));
        assertEquals(http, st.server());
        assertEquals(http, st.ticket().server());
        // an AS-REP where a TGS-REP is expected, garbage
        for (Answer bad :
                List.<Answer>of(r -> ForgedKdc.asRep(r, UnaryOperator.identity()), r -> new byte[] {0x6D, 1, 0})) {
            KdcClient client = kdc(bad, new ArrayList<>());
            NegotiateException e = assertThrows(
                    NegotiateException.class,
                    () -> new TgsExchange(KdcContexts.of(client, false))
                            .request(tgt, http, TicketOptions.fromConfig(client.config())));
            assertEquals(Failure.INVALID_TOKEN, e.failure(), e.getMessage());
        }
        // a reply in another key: the integrity check fails, as it did before
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 1);
        KdcClient wrongKey = kdc(
                r -> ForgedKdc.tgsRep(r, http, new Krb5Key(EncryptionType.AES256_CTS_HMAC_SHA1_96, other)),
                new ArrayList<>());
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> new TgsExchange(KdcContexts.of(wrongKey, false))
                        .request(tgt, http, TicketOptions.fromConfig(wrongKey.config())));
        assertEquals(Failure.MESSAGE_ALTERED, e.failure(), e.getMessage());
    }

    /** An AS-REQ to build a sample reply from, outside an exchange. */
    private static final class ForgedRequest {
        byte[] asReq() throws Exception {
            List<byte[]> requests = new ArrayList<>();
            try {
                login(r -> {
                    requests.add(r);
                    return new byte[0];
                });
            } catch (NegotiateException expected) {
                // the empty reply
            }
            return requests.get(0);
        }
    }
}
