package org.jnegotiate.krb5.kdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kerby.kerberos.kerb.KrbErrorCode;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/** KdcClient's ordering, retries, failover and UDP-to-TCP switch with a scripted transport. */
class KdcClientTest {
    private static final String CONF = "[libdefaults]\n dns_lookup_kdc = false\n max_retries = 2\n kdc_timeout = 1s\n"
            + "[realms]\n R.TEST = {\n kdc = a.test\n kdc = b.test:750\n }\n";

    private record Call(String kdc, boolean tcp) {}

    private static byte[] error(int code) throws Exception {
        KrbError e = new KrbError();
        e.setStime(KerberosTime.now());
        e.setSusec(0);
        e.setErrorCode(KrbErrorCode.fromValue(code));
        e.setRealm("R.TEST");
        e.setSname(new PrincipalName("krbtgt/R.TEST"));
        return KdcMessages.encode(e);
    }

    /** Something that starts like a TGS-REP: all KdcClient looks at before handing a reply back. */
    private static final byte[] TGS_REP = {0x6D, 1, 2, 3};

    @Test
    void timeouts_retryThenOtherTransportThenFailOverInOrder() throws Exception {
        List<Call> calls = new ArrayList<>();
        KdcTransport t = (kdc, req, tcp, timeout) -> {
            calls.add(new Call(kdc.toString(), tcp));
            if (kdc.host().equals("a.test")) {
                throw new SocketTimeoutException();
            }
            return TGS_REP;
        };
        byte[] reply = new KdcClient(Krb5Config.parse(CONF), t, new KdcLocator(Krb5Config.parse(CONF)))
                .send("R.TEST", new byte[10]);
        assertArrayEquals(TGS_REP, reply);
        assertEquals(
                List.of(
                        new Call("a.test:88", false),
                        new Call("a.test:88", false),
                        new Call("a.test:88", true),
                        new Call("a.test:88", true),
                        new Call("b.test:750", false)),
                calls);
    }

    @Test
    void udpRefused_sameKdcOverTcp_beforeTheNext() throws Exception {
        List<Call> calls = new ArrayList<>();
        KdcTransport t = (kdc, req, tcp, timeout) -> {
            calls.add(new Call(kdc.toString(), tcp));
            if (!tcp) {
                throw new ConnectException("port unreachable");
            }
            return TGS_REP;
        };
        assertArrayEquals(TGS_REP, KdcClient.of(Krb5Config.parse(CONF), t).send("R.TEST", new byte[10]));
        assertEquals(List.of(new Call("a.test:88", false), new Call("a.test:88", true)), calls);
    }

    @Test
    void notAKerberosReply_otherTransportThenNextKdc() throws Exception {
        List<Call> calls = new ArrayList<>();
        byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        KdcTransport t = (kdc, req, tcp, timeout) -> {
            calls.add(new Call(kdc.toString(), tcp));
            return kdc.host().equals("a.test") ? http : TGS_REP;
        };
        assertArrayEquals(TGS_REP, KdcClient.of(Krb5Config.parse(CONF), t).send("R.TEST", new byte[10]));
        assertEquals(
                List.of(new Call("a.test:88", false), new Call("a.test:88", true), new Call("b.test:750", false)),
                calls);
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> KdcClient.of(Krb5Config.parse(CONF), (k, r, tcp, to) -> new byte[0])
                        .send("R.TEST", new byte[10]));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertTrue(e.getMessage().contains("b.test:750 (tcp: 0 bytes that are not a Kerberos reply)"), e.getMessage());
    }

    @Test
    void refused_failsOverWithoutRetry() throws Exception {
        List<Call> calls = new ArrayList<>();
        KdcTransport t = (kdc, req, tcp, timeout) -> {
            calls.add(new Call(kdc.toString(), tcp));
            throw new ConnectException("refused");
        };
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> KdcClient.of(Krb5Config.parse(CONF), t).send("R.TEST", new byte[10]));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertEquals(
                List.of(
                        new Call("a.test:88", false),
                        new Call("a.test:88", true),
                        new Call("b.test:750", false),
                        new Call("b.test:750", true)),
                calls);
        assertTrue(
                e.getMessage().contains("a.test:88 (udp: java.net.ConnectException: refused)")
                        && e.getMessage().contains("b.test:750")
                        && e.getMessage().contains("ms spent"),
                e.getMessage());
    }

    @Test
    void allTimeouts_messageNamesEveryKdcAndTime() throws Exception {
        KdcTransport t = (kdc, req, tcp, timeout) -> {
            throw new SocketTimeoutException();
        };
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> KdcClient.of(Krb5Config.parse(CONF), t).send("R.TEST", new byte[10]));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertTrue(
                e.getMessage().contains("a.test:88 (udp: no reply in 1000 ms)")
                        && e.getMessage().contains("b.test:750 (udp: no reply in 1000 ms)"),
                e.getMessage());
    }

    @Test
    void responseTooBig_switchesToTcpOnSameKdc() throws Exception {
        byte[] tooBig = error(52);
        List<Call> calls = new ArrayList<>();
        KdcTransport t = (kdc, req, tcp, timeout) -> {
            calls.add(new Call(kdc.toString(), tcp));
            return tcp ? TGS_REP : tooBig;
        };
        assertArrayEquals(TGS_REP, KdcClient.of(Krb5Config.parse(CONF), t).send("R.TEST", new byte[10]));
        assertEquals(List.of(new Call("a.test:88", false), new Call("a.test:88", true)), calls);
    }

    @Test
    void largeRequest_goesTcpFirst() throws Exception {
        List<Call> calls = new ArrayList<>();
        KdcTransport t = (kdc, req, tcp, timeout) -> {
            calls.add(new Call(kdc.toString(), tcp));
            return TGS_REP;
        };
        KdcClient.of(Krb5Config.parse(CONF), t).send("R.TEST", new byte[1465]);
        assertEquals(List.of(new Call("a.test:88", true)), calls);
    }

    @Test
    void otherKrbError_isReturnedToCaller() throws Exception {
        byte[] err = error(25);
        KdcTransport t = (kdc, req, tcp, timeout) -> err;
        byte[] reply = KdcClient.of(Krb5Config.parse(CONF), t).send("R.TEST", new byte[10]);
        assertEquals(25, KdcError.decodeOrNull(reply).code());
    }

    @Test
    void unknownRealm_withoutDns_namesRealm() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> KdcClient.of(Krb5Config.parse(CONF), (k, r, tcp, to) -> new byte[0])
                        .send("NOPE.TEST", new byte[1]));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertTrue(
                e.getMessage().contains("NOPE.TEST") && e.getMessage().contains("dns_lookup_kdc is off"),
                e.getMessage());
    }

    @Test
    void dnsSrv_usedWhenRealmHasNoKdc_orderedByPriority() throws Exception {
        Krb5Config c = Krb5Config.parse("[libdefaults]\n dns_lookup_kdc = true\n");
        KdcLocator locator = new KdcLocator(
                c,
                name -> name.startsWith("_kerberos._udp.")
                        ? List.of(
                                new KdcLocator.Srv(10, 0, 88, "late.test."),
                                new KdcLocator.Srv(0, 5, 8888, "early.test."))
                        : List.of(new KdcLocator.Srv(0, 0, 88, "late.test.")));
        assertEquals(
                List.of(new KdcAddress("early.test", 8888), new KdcAddress("late.test", 88)), locator.locate("D.TEST"));
    }

    @Test
    void kdcAddress_parsesForms() throws Exception {
        assertEquals(new KdcAddress("h", 88), KdcAddress.parse("h"));
        assertEquals(new KdcAddress("h", 750), KdcAddress.parse("tcp/h:750"));
        assertEquals(new KdcAddress("::1", 99), KdcAddress.parse("[::1]:99"));
        assertEquals("[::1]:99", KdcAddress.parse("[::1]:99").toString());
        for (String bad : List.of("h:0", "h:x", "[::1", "h:70000", "")) {
            assertEquals(
                    Failure.INVALID_PARAMETER,
                    assertThrows(NegotiateException.class, () -> KdcAddress.parse(bad))
                            .failure());
        }
    }

    @Test
    void networkTcp_oversizedLength_rejectedBeforeAllocation() throws Exception {
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket s = ss.accept()) {
                    new java.io.DataInputStream(s.getInputStream()).readFully(new byte[4 + 3]);
                    s.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                } catch (Exception ignored) {
                    // test peer
                }
            });
            server.start();
            IOException e = assertThrows(
                    IOException.class,
                    () -> new NetworkKdcTransport()
                            .exchange(
                                    new KdcAddress("127.0.0.1", ss.getLocalPort()),
                                    new byte[] {1, 2, 3},
                                    true,
                                    java.time.Duration.ofSeconds(2)));
            assertTrue(e.getMessage().contains("limit"), e.getMessage());
            server.join();
        }
    }

    @Test
    void kdcErrors_mapToFailures() {
        assertEquals(Failure.LOGON_DENIED, KdcErrors.failureFor(6));
        assertEquals(Failure.LOGON_DENIED, KdcErrors.failureFor(24));
        assertEquals(Failure.LOGON_DENIED, KdcErrors.failureFor(31));
        assertEquals(Failure.TARGET_UNKNOWN, KdcErrors.failureFor(7));
        assertEquals(Failure.UNSUPPORTED_FUNCTION, KdcErrors.failureFor(14));
        assertEquals(Failure.TIME_SKEW, KdcErrors.failureFor(37));
        assertEquals(Failure.INTERNAL_ERROR, KdcErrors.failureFor(60));
    }
}
