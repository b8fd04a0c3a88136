package org.jnegotiate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.ntlm.FileNtlmUserDatabase;
import org.jnegotiate.ntlm.NtlmCredential;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.ntlm.NtlmServerNames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NTLM (NTLMv2, extended session security, 128-bit RC4 sealing with key exchange), initiator and acceptor in
 * one thread:
 *
 * <ul>
 * <li>full three-message handshakes per second: with {@link NtlmMechanism} directly (users and server names
 *     handed in), with {@code NtlmMechanism} as the engine's catalog builds it (the users file read and the
 *     host name looked up for every acceptor context), and through the JDK's {@code GSSManager} with the
 *     JNegotiate provider at front for the NTLM OID (framework framing, name and credential objects);</li>
 * <li>one sealed wrap plus its unwrap, 1 KiB and 64 KiB, ops/s (MB/s = ops/s x size / 10^6), beside the raw
 *     JCA cost of the same bytes: per message and side, ARCFOUR over the data, HmacMD5 over seq||data, ARCFOUR
 *     over the 8-byte checksum, with the Cipher and Mac instances kept (the ceiling for NTLM sealing).</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/jnegotiate-benchmarks.jar NtlmBench -f 1 -wi 3 -w 2s -i 3 -r 2s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g", JvmFlags.SPI_EXPORT, JvmFlags.JGSS_EXPORT})
public class NtlmBench {
    static final String USERS = "BENCH:alice:Secret1\n";
    static final NtlmServerNames NAMES = new NtlmServerNames("SERVER", "BENCH", "server.bench.test", "bench.test");
    static final Oid NTLM = MechOid.NTLM.oid();
    static final Oid SPNEGO = MechOid.SPNEGO.oid();

    static Path usersFile() {
        try {
            Path f = Files.createTempFile("ntlm-bench-users", ".txt");
            f.toFile().deleteOnExit();
            Files.writeString(f, USERS);
            return f;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ContextRequest initiatorRequest() {
        return ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@server.bench.test"))
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.REPLAY_DETECTION, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true)
                .build();
    }

    /** Runs NEGOTIATE, CHALLENGE, AUTHENTICATE; returns the established acceptor. */
    static MechContext handshake(
            NtlmMechanism mech, MechCredential cred, ContextRequest clientRequest, ContextRequest serverRequest)
            throws NegotiateException {
        MechContext client = mech.initiator(MechOid.NTLM, cred, clientRequest);
        MechContext server = mech.acceptor(MechOid.NTLM, NtlmCredential.acceptor(), serverRequest);
        byte[] challenge = server.step(client.step(null).token()).token();
        server.step(client.step(challenge).token());
        if (!server.isEstablished()) {
            throw new IllegalStateException("NTLM handshake did not complete");
        }
        client.dispose();
        return server;
    }

    // ---- handshakes ----

    /** The mechanism with its users and names handed in: the protocol and crypto alone. */
    @State(Scope.Thread)
    public static class Engine {
        NtlmMechanism mech;
        MechCredential cred;
        final ContextRequest clientRequest = initiatorRequest();
        final ContextRequest serverRequest = ContextRequest.builder().build();

        @Setup
        public void setup() throws NegotiateException {
            NegotiateConfig config = NegotiateConfig.defaults();
            mech = new NtlmMechanism(
                    config, FileNtlmUserDatabase.load(usersFile()), NAMES, new SecureRandom(), Clock.systemUTC());
            cred = mech.acquire(CredentialRequest.of(PeerName.user("BENCH\\alice"), MechCredential.Usage.INITIATE)
                    .withPassword("Secret1".toCharArray()));
        }
    }

    @Benchmark
    public MechContext handshakeEngine(Engine s) throws NegotiateException {
        MechContext server = handshake(s.mech, s.cred, s.clientRequest, s.serverRequest);
        server.dispose();
        return server;
    }

    /** The mechanism as MechanismCatalog builds it: users file and host name read for every acceptor context. */
    @State(Scope.Thread)
    public static class EngineDefaultConfig {
        NtlmMechanism mech;
        MechCredential cred;
        final ContextRequest clientRequest = initiatorRequest();
        final ContextRequest serverRequest = ContextRequest.builder().build();

        @Setup
        public void setup() throws NegotiateException {
            mech = new NtlmMechanism(
                    NegotiateConfig.builder().ntlmUserFile(usersFile()).build());
            cred = mech.acquire(CredentialRequest.of(PeerName.user("BENCH\\alice"), MechCredential.Usage.INITIATE));
        }
    }

    @Benchmark
    public MechContext handshakeEngineDefaultConfig(EngineDefaultConfig s) throws NegotiateException {
        MechContext server = handshake(s.mech, s.cred, s.clientRequest, s.serverRequest);
        server.dispose();
        return server;
    }

    /** org.ietf.jgss with JNegotiate at front for NTLM; the users file through jnegotiate.ntlm.userFile. */
    @State(Scope.Thread)
    public static class GssDoor {
        GSSManager manager;
        GSSName target;
        GSSCredential cred;

        @Setup
        public void setup() throws GSSException {
            // before anything builds Engine.system(): it reads the property once per JVM (each fork is fresh)
            System.setProperty("jnegotiate.ntlm.userFile", usersFile().toString());
            manager = GSSManager.getInstance();
            manager.addProviderAtFront(new JNegotiateProvider(), NTLM);
            target = manager.createName("HTTP@server.bench.test", GSSName.NT_HOSTBASED_SERVICE);
            cred = manager.createCredential(
                    manager.createName("BENCH\\alice", GSSName.NT_USER_NAME),
                    GSSCredential.DEFAULT_LIFETIME,
                    NTLM,
                    GSSCredential.INITIATE_ONLY);
        }

        GSSContext[] establish() throws GSSException {
            GSSContext client = manager.createContext(target, NTLM, cred, GSSContext.DEFAULT_LIFETIME);
            GSSContext server = manager.createContext((GSSCredential) null);
            byte[] negotiate = client.initSecContext(new byte[0], 0, 0);
            byte[] challenge = server.acceptSecContext(negotiate, 0, negotiate.length);
            byte[] authenticate = client.initSecContext(challenge, 0, challenge.length);
            server.acceptSecContext(authenticate, 0, authenticate.length);
            if (!server.isEstablished()) {
                throw new IllegalStateException("NTLM handshake through the GSS door did not complete");
            }
            return new GSSContext[] {client, server};
        }
    }

    @Benchmark
    public GSSContext handshakeGssDoor(GssDoor s) throws GSSException {
        GSSContext[] c = s.establish();
        c[0].dispose();
        c[1].dispose();
        return c[1];
    }

    /** The same through SPNEGO (1.3.6.1.5.5.2): NTLM negotiated inside Negotiate, mechListMIC legs included. */
    @State(Scope.Thread)
    public static class SpnegoGssDoor {
        GSSManager manager;
        GSSName target;
        GSSCredential cred;

        @Setup
        public void setup() throws GSSException {
            System.setProperty("jnegotiate.ntlm.userFile", usersFile().toString());
            // no krb5.conf: Negotiate has only NTLM credentials, as a client outside any realm
            System.setProperty(
                    "java.security.krb5.conf",
                    usersFile().resolveSibling("no-krb5.conf").toString());
            manager = GSSManager.getInstance();
            JNegotiateProvider jnegotiate = new JNegotiateProvider();
            manager.addProviderAtFront(jnegotiate, SPNEGO);
            // createName without a mechanism asks the default mechanism (Kerberos): JNegotiate's needs no realm
            manager.addProviderAtFront(jnegotiate, MechOid.KERBEROS.oid());
            target = manager.createName("HTTP@server.bench.test", GSSName.NT_HOSTBASED_SERVICE);
            // default credentials: the users file's only entry (BENCH\\alice)
            cred = manager.createCredential(null, GSSCredential.DEFAULT_LIFETIME, SPNEGO, GSSCredential.INITIATE_ONLY);
        }

        GSSContext[] establish() throws GSSException {
            GSSContext client = manager.createContext(target, SPNEGO, cred, GSSContext.DEFAULT_LIFETIME);
            GSSContext server = manager.createContext((GSSCredential) null);
            byte[] token = client.initSecContext(new byte[0], 0, 0);
            for (int leg = 0; token != null && token.length > 0 && leg < 6; leg++) {
                token = leg % 2 == 0
                        ? server.acceptSecContext(token, 0, token.length)
                        : client.initSecContext(token, 0, token.length);
            }
            if (!server.isEstablished() || !client.isEstablished()) {
                throw new IllegalStateException("SPNEGO(NTLM) handshake through the GSS door did not complete");
            }
            return new GSSContext[] {client, server};
        }
    }

    @Benchmark
    public GSSContext handshakeSpnegoGssDoor(SpnegoGssDoor s) throws GSSException {
        GSSContext[] c = s.establish();
        c[0].dispose();
        c[1].dispose();
        return c[1];
    }

    // ---- per message ----

    /** An established engine-level pair and a payload. */
    @State(Scope.Thread)
    public static class Sealed {
        @Param({"1024", "65536"})
        int size;

        byte[] payload;
        MessageProtector client;
        MessageProtector server;

        @Setup(Level.Trial)
        public void setup() throws NegotiateException {
            Engine e = new Engine();
            e.setup();
            MechContext c = e.mech.initiator(MechOid.NTLM, e.cred, e.clientRequest);
            MechContext s = e.mech.acceptor(MechOid.NTLM, NtlmCredential.acceptor(), e.serverRequest);
            byte[] challenge = s.step(c.step(null).token()).token();
            s.step(c.step(challenge).token());
            client = c.protector();
            server = s.protector();
            payload = new byte[size];
            new SecureRandom().nextBytes(payload);
            if (!client.confidentialityAvailable()) {
                throw new IllegalStateException("sealing was not negotiated");
            }
        }
    }

    @Benchmark
    public byte[] wrapUnwrapSealed(Sealed s) throws NegotiateException {
        byte[] token = s.client.wrap(s.payload, 0, s.payload.length, true);
        return s.server.unwrap(token, 0, token.length).message();
    }

    /** The same through GSSContext.wrap/unwrap. */
    @State(Scope.Thread)
    public static class SealedGss {
        @Param({"1024", "65536"})
        int size;

        byte[] payload;
        GSSContext client;
        GSSContext server;

        @Setup(Level.Trial)
        public void setup() throws GSSException {
            GssDoor door = new GssDoor();
            door.setup();
            GSSContext[] c = door.establish();
            client = c[0];
            server = c[1];
            payload = new byte[size];
            new SecureRandom().nextBytes(payload);
        }
    }

    @Benchmark
    public byte[] wrapUnwrapSealedGssDoor(SealedGss s) throws GSSException {
        byte[] token = s.client.wrap(s.payload, 0, s.payload.length, new MessageProp(0, true));
        return s.server.unwrap(token, 0, token.length, new MessageProp(0, true));
    }

    /**
     * What one sealed message costs on each side with the JCA alone, instances kept: ARCFOUR over the data,
     * HmacMD5 over seq||data, ARCFOUR over the 8-byte checksum; the receiver does the same with its own handle.
     */
    @State(Scope.Thread)
    public static class RawJca {
        @Param({"1024", "65536"})
        int size;

        byte[] payload;
        byte[] sealed;
        byte[] opened;
        final byte[] seq = new byte[4];
        final byte[] checksum = new byte[8];
        Cipher senderRc4;
        Cipher receiverRc4;
        Mac senderMac;
        Mac receiverMac;
        int n;

        @Setup(Level.Trial)
        public void setup() throws GeneralSecurityException {
            byte[] sealKey = new byte[16];
            byte[] signKey = new byte[16];
            new SecureRandom().nextBytes(sealKey);
            new SecureRandom().nextBytes(signKey);
            senderRc4 = rc4(sealKey);
            receiverRc4 = rc4(sealKey);
            senderMac = Mac.getInstance("HmacMD5");
            senderMac.init(new SecretKeySpec(signKey, "HmacMD5"));
            receiverMac = Mac.getInstance("HmacMD5");
            receiverMac.init(new SecretKeySpec(signKey, "HmacMD5"));
            payload = new byte[size];
            new SecureRandom().nextBytes(payload);
            sealed = new byte[size];
            opened = new byte[size];
        }

        static Cipher rc4(byte[] key) throws GeneralSecurityException {
            Cipher c = Cipher.getInstance("ARCFOUR");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            return c;
        }

        /** One side of one sealed message: data through {@code rc4} into {@code out}, then the signature. */
        byte[] side(Cipher rc4, Mac mac, byte[] in, byte[] out, byte[] plain) throws GeneralSecurityException {
            rc4.update(in, 0, in.length, out, 0);
            seq[0] = (byte) n;
            seq[1] = (byte) (n >>> 8);
            seq[2] = (byte) (n >>> 16);
            seq[3] = (byte) (n >>> 24);
            mac.update(seq);
            mac.update(plain);
            byte[] full = mac.doFinal();
            System.arraycopy(full, 0, checksum, 0, 8);
            return rc4.update(checksum);
        }
    }

    @Benchmark
    public byte[] rawJcaSealUnseal(RawJca s) throws GeneralSecurityException {
        byte[] sent = s.side(s.senderRc4, s.senderMac, s.payload, s.sealed, s.payload);
        byte[] received = s.side(s.receiverRc4, s.receiverMac, s.sealed, s.opened, s.opened);
        s.n++;
        return sent[0] == received[0] ? s.opened : sent;
    }
}
