package org.jnegotiate.spnego;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.KerberosMechanism;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.mech.Step;
import org.jnegotiate.mech.TokenOrder;
import org.jnegotiate.mech.Unwrapped;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.ntlm.NtlmServerNames;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.junit.jupiter.api.Test;

/**
 * {@link MechContext}'s threading contract: one established context of each mechanism (Kerberos with a ticket from
 * the embedded Kerby KDC, NTLM, and SPNEGO over each) is shared by threads that wrap and sign at the same time, in
 * both directions at once, while others ask the context about itself. Every token must then verify at the peer when
 * taken in the order of its sequence number, and the sequence numbers must be consecutive and distinct: a wrap
 * whose sequence number and cipher state were not taken together (the RC4 keystream of NTLM, the counter of either)
 * produces a duplicate number or a token that no longer decrypts in its place.
 */
class MechContextThreadingTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 1000;

    private final Mechanism kerberos;
    private final Mechanism ntlm;
    private final NegotiateMechanism negotiate;

    MechContextThreadingTest() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        NegotiateConfig config = NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .ntlmServiceNames(List.of("HTTP/localhost", "HTTP/nosuchservice.localhost"))
                .build();
        kerberos = KerberosMechanism.create(config);
        ntlm = new NtlmMechanism(
                config,
                (domain, user) -> KerbyKdc.ALICE.equalsIgnoreCase(user)
                        ? Optional.of(SecretBytes.adopt(NtlmCrypto.ntowfV1(KerbyKdc.ALICE_PASSWORD.toCharArray())))
                        : Optional.empty(),
                new NtlmServerNames("LOCALHOST", "TEST", "localhost", "test.jnegotiate"),
                new SecureRandom(),
                Clock.systemUTC());
        negotiate = new NegotiateMechanism(
                config,
                oid -> oid.isKerberos()
                        ? Optional.of(kerberos)
                        : oid == MechOid.NTLM ? Optional.of(ntlm) : Optional.empty());
    }

    @Test
    void kerberos_sharedContexts_everyTokenVerifiesInSequence() throws Exception {
        MechContext[] pair = establish(kerberos, MechOid.KERBEROS, "HTTP@localhost");
        assertSharedSafely(pair, MechContextThreadingTest::kerberosSeq);
    }

    @Test
    void ntlm_sharedContexts_everyTokenVerifiesInSequence() throws Exception {
        MechContext[] pair = establish(ntlm, MechOid.NTLM, "HTTP@localhost");
        assertSharedSafely(pair, MechContextThreadingTest::ntlmSeq);
    }

    @Test
    void spnegoOverKerberos_sharedContexts_everyTokenVerifiesInSequence() throws Exception {
        MechContext[] pair = establish(negotiate, MechOid.SPNEGO, "HTTP@localhost");
        assertTrue(pair[1].negotiatedMechanism().orElseThrow().isKerberos());
        assertSharedSafely(pair, MechContextThreadingTest::kerberosSeq);
    }

    @Test
    void spnegoOverNtlm_sharedContexts_everyTokenVerifiesInSequence() throws Exception {
        // no service principal for this name: Negotiate falls back to NTLM before the first token (and the NTLM
        // acceptor answers for it: in one process the reflection check would refuse it otherwise)
        MechContext[] pair = establish(negotiate, MechOid.SPNEGO, "HTTP@nosuchservice.localhost");
        assertEquals(Optional.of(MechOid.NTLM), pair[1].negotiatedMechanism());
        assertSharedSafely(pair, MechContextThreadingTest::ntlmSeq);
    }

    // ------------------------------------------------------------ the contexts

    private static MechContext[] establish(Mechanism m, MechOid oid, String target) throws NegotiateException {
        MechCredential client =
                m.acquire(CredentialRequest.of(PeerName.user(KerbyKdc.ALICE), MechCredential.Usage.INITIATE)
                        .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray()));
        MechCredential server = m.acquire(CredentialRequest.of(
                oid == MechOid.NTLM ? null : PeerName.hostbased("HTTP@localhost"), MechCredential.Usage.ACCEPT));
        ContextRequest.Builder wanted = ContextRequest.builder().target(PeerName.hostbased(target));
        for (ContextFlag f : List.of(
                ContextFlag.MUTUAL,
                ContextFlag.INTEGRITY,
                ContextFlag.CONFIDENTIALITY,
                ContextFlag.REPLAY_DETECTION,
                ContextFlag.SEQUENCE_DETECTION)) {
            wanted.flag(f, true);
        }
        MechContext init = m.initiator(oid, client, wanted.build());
        MechContext acc = m.acceptor(
                oid,
                server,
                ContextRequest.builder()
                        .flag(ContextFlag.REPLAY_DETECTION, true)
                        .flag(ContextFlag.SEQUENCE_DETECTION, true)
                        .build());
        Step s = init.step(null);
        while (s.hasToken()) {
            Step a = acc.step(s.token());
            if (!a.hasToken() || init.isEstablished()) {
                break;
            }
            s = init.step(a.token());
        }
        assertTrue(init.isEstablished() && acc.isEstablished());
        return new MechContext[] {init, acc};
    }

    // ------------------------------------------------------------ the sequence number of a per-message token

    /** RFC 4121 section 4.2.6: SND_SEQ, 8 bytes big-endian at offset 8, in MIC and wrap tokens alike. */
    private static long kerberosSeq(byte[] token) {
        return ByteBuffer.wrap(token, 8, 8).getLong();
    }

    /** MS-NLMP 2.2.2.9.2 (extended session security): SeqNum, 4 bytes little-endian at offset 12, in the clear. */
    private static long ntlmSeq(byte[] token) {
        return Integer.toUnsignedLong(
                ByteBuffer.wrap(token, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    // ------------------------------------------------------------ sharing

    /** One message sent: a wrap token or a MIC over {@code message}. */
    private record Sent(boolean wrapped, byte[] message, byte[] token) {}

    /**
     * Both sides send at the same time from {@link #THREADS} threads each, mixing wraps and MICs (which share the
     * sequence number and, for NTLM with key exchange, the RC4 keystream), while two more threads ask both contexts
     * about themselves; then each side receives the other's tokens in sequence order.
     */
    private static void assertSharedSafely(MechContext[] pair, ToLongFunction<byte[]> seqOf) throws Exception {
        MechContext init = pair[0];
        MechContext acc = pair[1];
        List<Sent> fromInit = Collections.synchronizedList(new ArrayList<>());
        List<Sent> fromAcc = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            jobs.add(sender(init, "i" + t, start, fromInit));
            jobs.add(sender(acc, "a" + t, start, fromAcc));
        }
        for (MechContext c : pair) {
            jobs.add(() -> {
                start.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    assertTrue(c.isEstablished());
                    assertTrue(c.granted().contains(ContextFlag.INTEGRITY));
                    assertEquals(16, c.sessionKey().toByteArray().length);
                    assertTrue(c.initiatorName().isPresent());
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs.size());
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Callable<Void> job : jobs) {
                done.add(pool.submit(job));
            }
            start.countDown();
            for (Future<Void> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        receiveInSequence(acc.protector(), fromInit, seqOf);
        receiveInSequence(init.protector(), fromAcc, seqOf);
    }

    private static Callable<Void> sender(MechContext context, String name, CountDownLatch start, List<Sent> out) {
        return () -> {
            start.await();
            for (int i = 0; i < PER_THREAD; i++) {
                MessageProtector p = context.protector();
                byte[] message = (name + " message " + i).getBytes(StandardCharsets.US_ASCII);
                boolean wrap = i % 3 != 2;
                byte[] token = wrap ? p.wrap(message, 0, message.length, true) : p.getMic(message, 0, message.length);
                out.add(new Sent(wrap, message, token));
            }
            return null;
        };
    }

    private static void receiveInSequence(MessageProtector receiver, List<Sent> sent, ToLongFunction<byte[]> seqOf)
            throws NegotiateException {
        List<Sent> ordered = new ArrayList<>(sent);
        ordered.sort(Comparator.comparingLong(s -> seqOf.applyAsLong(s.token())));
        assertEquals(2 * THREADS * PER_THREAD / 2, ordered.size());
        long first = seqOf.applyAsLong(ordered.get(0).token());
        for (int i = 0; i < ordered.size(); i++) {
            Sent s = ordered.get(i);
            assertEquals(first + i, seqOf.applyAsLong(s.token()), "sequence numbers are consecutive and distinct");
            if (s.wrapped()) {
                Unwrapped u = receiver.unwrap(s.token(), 0, s.token().length);
                assertArrayEquals(s.message(), u.message(), "token " + i + " unwraps to what was wrapped");
                assertEquals(TokenOrder.IN_ORDER, u.order());
            } else {
                assertEquals(
                        TokenOrder.IN_ORDER,
                        receiver.verifyMic(s.token(), 0, s.token().length, s.message(), 0, s.message().length));
            }
        }
    }
}
