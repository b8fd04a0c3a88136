package org.jnegotiate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.crypto.StripedSecureRandom;
import org.jnegotiate.krb5.kdc.FaultyKdc;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.spnego.NegotiateInitiator;
import org.jnegotiate.spnego.tokens.NegTokenInit;
import org.jnegotiate.spnego.tokens.NegotiationToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with a KDC transport injected ({@link Engine#create(NegotiateConfig, KdcTransport, Clock,
 * java.security.SecureRandom)}): alice gets her TGT from the embedded KDC, then the KDC breaks before the TGS
 * exchange of her first context. Each fault ends in its status within the bound KdcClient promises (one KDC, two
 * transports, one try each of {@value #TIMEOUT_SECONDS} s), and Negotiate falls back to NTLM where the failure
 * allows it.
 */
class EngineKdcFaultsTest {
    private static final int TIMEOUT_SECONDS = 1;
    /** KDCs x transports x max_retries x kdc_timeout. */
    private static final Duration BOUND = Duration.ofSeconds(1 * 2 * 1 * TIMEOUT_SECONDS);
    /** What a loaded test machine may add to the bound (thread scheduling, the first KDC exchange's class loading). */
    private static final Duration SLACK = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    private final FaultyKdc kdc = new FaultyKdc();

    @AfterEach
    void closeKdc() throws Exception {
        kdc.close();
    }

    private Engine engine(boolean ntlmFallback) throws Exception {
        KerbyKdc real = KerbyKdc.get();
        Path conf = dir.resolve("krb5.conf");
        Files.writeString(
                conf,
                KerbyKdc.krb5ConfText(real.port)
                        .replace("kdc_timeout = 2s", "kdc_timeout = " + TIMEOUT_SECONDS + "s")); // max_retries = 1
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(conf)
                .ntlmFallback(ntlmFallback)
                .environment(Map.of("KRB5_KTNAME", real.serviceKeytab.toString()))
                .build();
        return Engine.create(config, kdc, Clock.systemUTC(), StripedSecureRandom.asSecureRandom());
    }

    private static CredentialRequest alice() {
        return CredentialRequest.of(PeerName.user(KerbyKdc.ALICE), MechCredential.Usage.INITIATE)
                .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray());
    }

    private static ContextRequest toService() {
        return ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@localhost"))
                .flag(ContextFlag.MUTUAL, true)
                .build();
    }

    /** Runs {@code action}, asserting that it took no longer than the bound (plus slack). */
    private static <T> T within(ThrowingSupplier<T> action) throws Throwable {
        long start = System.nanoTime();
        try {
            return action.get();
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(BOUND.plus(SLACK)) <= 0, "took " + took.toMillis() + " ms, bound " + BOUND);
        }
    }

    /** Alice's first Kerberos context, its TGS exchange meeting {@code fault}; the AP-REQ it makes. */
    private byte[] firstKerberosToken(KdcTransport fault) throws Throwable {
        Mechanism krb = engine(true).mechanism(MechOid.KERBEROS);
        MechCredential tgt = krb.acquire(alice()); // the AS exchange, with the KDC still healthy
        kdc.fail(fault);
        return within(() ->
                krb.initiator(MechOid.KERBEROS, tgt, toService()).step(null).token());
    }

    private Failure kerberosFailure(KdcTransport fault) {
        return assertThrows(NegotiateException.class, () -> firstKerberosToken(fault))
                .failure();
    }

    @Test
    void kdcDown_noAuthenticatingAuthority() throws Exception {
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, kerberosFailure(kdc.down()));
    }

    @Test
    void kdcBlackHole_noAuthenticatingAuthority_afterBothTransportsTimedOut() throws Throwable {
        KdcTransport hole = kdc.blackHole();
        long start = System.nanoTime();
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, kerberosFailure(hole));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(
                took.compareTo(BOUND.minus(Duration.ofMillis(100))) >= 0,
                "UDP and TCP each waited their " + "timeout: " + took.toMillis() + " ms");
    }

    @Test
    void kdcAnswersSomethingElse_noAuthenticatingAuthority() {
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, kerberosFailure(FaultyKdc.notKerberos()));
    }

    @Test
    void kdcAnswersBrokenKerberos_invalidToken() {
        assertEquals(Failure.INVALID_TOKEN, kerberosFailure(FaultyKdc.brokenKerberos()));
    }

    @Test
    void responseTooBigOverUdp_askedAgainOverTcp_ticketIssued() throws Throwable {
        byte[] apReq = firstKerberosToken(FaultyKdc.tooBigOverUdp(kdc.network()));
        assertTrue(apReq.length > 100, "an AP-REQ with the ticket the KDC sent over TCP");
    }

    @Test
    void responseTooBigOverUdp_tcpDown_noAuthenticatingAuthority() throws Exception {
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, kerberosFailure(FaultyKdc.tooBigOverUdp(kdc.down())));
    }

    @Test
    void kdcOnlySpeaksTcp_smallRequestStillServed() throws Throwable {
        byte[] apReq = firstKerberosToken(kdc.tcpOnly());
        assertTrue(apReq.length > 100, "an AP-REQ with the ticket from the TCP-only KDC");
    }

    @Test
    void kdcDownAtLogin_noAuthenticatingAuthority() throws Throwable {
        Mechanism krb = engine(true).mechanism(MechOid.KERBEROS);
        kdc.fail(kdc.down());
        NegotiateException e = assertThrows(NegotiateException.class, () -> within(() -> krb.acquire(alice())));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
    }

    // ------------------------------------------------------------ Negotiate

    /** Negotiate's first token for alice when the TGS exchange meets {@code fault}. */
    private NegotiateInitiator negotiate(boolean ntlmFallback, KdcTransport fault, List<MechOid> offered)
            throws Throwable {
        Mechanism spnego = engine(ntlmFallback).mechanism(MechOid.SPNEGO);
        kdc.fail(null);
        MechCredential both = spnego.acquire(alice());
        kdc.fail(fault);
        NegotiateInitiator init = (NegotiateInitiator) spnego.initiator(MechOid.SPNEGO, both, toService());
        byte[] first = within(() -> init.step(null).token());
        assertEquals(
                offered,
                assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(first))
                        .mechTypes()
                        .known());
        return init;
    }

    @Test
    void negotiate_kdcDownSilentGarbageOrTooBig_fallsBackToNtlm() throws Throwable {
        for (KdcTransport fault :
                List.of(kdc.down(), kdc.blackHole(), FaultyKdc.notKerberos(), FaultyKdc.tooBigOverUdp(kdc.down()))) {
            NegotiateInitiator init = negotiate(true, fault, List.of(MechOid.NTLM));
            assertEquals(
                    Failure.NO_AUTHENTICATING_AUTHORITY,
                    init.fallbackReason().orElseThrow().failure());
        }
    }

    @Test
    void negotiate_tcpOnlyKdc_staysWithKerberos() throws Throwable {
        NegotiateInitiator init =
                negotiate(true, kdc.tcpOnly(), List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLM));
        assertTrue(init.fallbackReason().isEmpty());
    }

    @Test
    void negotiate_brokenKerberosReply_reportedNotHiddenByNtlm() {
        NegotiateException e =
                assertThrows(NegotiateException.class, () -> negotiate(true, FaultyKdc.brokenKerberos(), List.of()));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void negotiate_fallbackDisabled_kdcDownReported() {
        NegotiateException e = assertThrows(NegotiateException.class, () -> negotiate(false, kdc.down(), List.of()));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
    }
}
