package org.jnegotiate.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.ntlm.NtlmPasswordCredential;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegTokenInit;

/**
 * {@code jnegotiate demo}: an embedded KDC, then the whole story through plain {@code org.ietf.jgss} with
 * JNegotiate installed: Kerberos with messages wrapped both ways; Negotiate choosing Kerberos; a man in the
 * middle stripping Kerberos from the offer, caught by the mechListMIC; the KDC stopped and the same client
 * falling back to NTLM. Every step is printed; everything is removed afterwards.
 */
final class DemoCommand {
    private static final String REALM = "JNEGOTIATE.DEMO";
    private static final String NTLM_DOMAIN = "JNEGOTIATE";

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args) throws Exception {
        if (args.length > 0) {
            throw new Main.UsageException("demo takes no arguments");
        }
        out.println("== JNegotiate demo: the Windows Negotiate package through org.ietf.jgss");
        try (EmbeddedKdc kdc = EmbeddedKdc.start(REALM)) {
            out.printf("KDC      : Apache Kerby on 127.0.0.1:%d, realm %s%n", kdc.port(), REALM);
            Path aliceKeytab = kdc.principal("alice", "alice-secret-1");
            Path serviceKeytab = kdc.principal("HTTP/localhost", "service-secret-1");
            Path ntlmUsers = kdc.file("ntlm-users", NTLM_DOMAIN + ":alice:alice-ntlm-secret\n");
            out.println("principals: alice@" + REALM + ", HTTP/localhost@" + REALM + " (keys exported to keytabs);"
                    + " NTLM user " + NTLM_DOMAIN + "\\alice in a users file");
            System.setProperty("java.security.krb5.conf", kdc.krb5Conf().toString());
            System.setProperty("jnegotiate.ntlm.userFile", ntlmUsers.toString());
            JNegotiateProvider.install();
            requireRegistered(MechOid.KERBEROS);
            requireRegistered(MechOid.SPNEGO);
            out.println("provider : JNegotiate installed first; GSSManager uses it for Kerberos, SPNEGO and NTLM");

            Subject server = keytabSubject("HTTP/localhost@" + REALM, serviceKeytab);
            out.println();
            out.println("== 1. Kerberos v5 (" + MechOid.KERBEROS.dotted() + ")");
            Pair krb5 = handshake(aliceWithKerberos(aliceKeytab), server, MechOid.KERBEROS, UnaryOperator.identity());
            protect(krb5);
            krb5.dispose();

            out.println();
            out.println("== 2. Negotiate (SPNEGO " + MechOid.SPNEGO.dotted() + "): Kerberos when it can");
            Pair spnego = handshake(aliceWithBoth(aliceKeytab), server, MechOid.SPNEGO, UnaryOperator.identity());
            out.println("negotiated: " + named(spnego.initiator.getMech()));
            protect(spnego);
            spnego.dispose();

            out.println();
            out.println("== 3. A man in the middle strips Kerberos from the offer (a downgrade attempt)");
            try {
                handshake(aliceWithBoth(aliceKeytab), server, MechOid.SPNEGO, DemoCommand::stripKerberos)
                        .dispose();
                throw new IllegalStateException("the downgrade was not detected");
            } catch (GSSException e) {
                out.println("refused  : " + e.getMessage());
            }

            out.println();
            out.println("== 4. The KDC stops: the same client falls back to NTLM");
            kdc.stop();
            out.println("KDC      : stopped");
            Pair fallback = handshake(aliceWithBoth(aliceKeytab), server, MechOid.SPNEGO, UnaryOperator.identity());
            out.println("negotiated: " + named(fallback.initiator.getMech()) + " (Kerberos could not reach a KDC)");
            protect(fallback);
            fallback.dispose();
        }
        out.println();
        out.println("== done: KDC stopped, temporary files removed");
        return 0;
    }

    /** Both contexts of one exchange. */
    private record Pair(Subject client, GSSContext initiator, Subject server, GSSContext acceptor) {
        void dispose() throws GSSException {
            initiator.dispose();
            acceptor.dispose();
        }
    }

    /**
     * Runs initSecContext/acceptSecContext until both sides are established, printing each leg;
     * {@code onTheWire} may rewrite the initiator's first token.
     */
    private Pair handshake(Subject client, Subject server, MechOid mech, UnaryOperator<byte[]> onTheWire)
            throws Exception {
        GSSManager manager = GSSManager.getInstance();
        GSSName target = manager.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE);
        GSSContext initiator = as(client, () -> {
            GSSContext c = manager.createContext(target, mech.oid(), null, GSSContext.DEFAULT_LIFETIME);
            c.requestMutualAuth(true);
            c.requestConf(true);
            c.requestInteg(true);
            c.requestReplayDet(true);
            c.requestSequenceDet(true);
            return c;
        });
        GSSContext acceptor = as(server, () -> manager.createContext((GSSCredential) null));
        byte[] token = new byte[0];
        for (int leg = 1; !initiator.isEstablished() || !acceptor.isEstablished(); leg++) {
            if (leg > 8) {
                throw new IllegalStateException("the handshake did not finish in 8 legs");
            }
            final byte[] in = token;
            if (leg % 2 == 1) {
                token = as(client, () -> initiator.initSecContext(in, 0, in.length));
                if (leg == 1) {
                    token = onTheWire.apply(token);
                }
                out.printf("leg %d    : alice -> service   %s%n", leg, size(token));
            } else {
                token = as(server, () -> acceptor.acceptSecContext(in, 0, in.length));
                out.printf("leg %d    : service -> alice   %s%n", leg, size(token));
            }
            if (len(token) == 0) {
                break;
            }
        }
        if (!initiator.isEstablished() || !acceptor.isEstablished()) {
            throw new IllegalStateException("a side has nothing to send but the context is not established");
        }
        out.println("names    : " + acceptor.getSrcName() + " authenticated to " + initiator.getTargName());
        int lifetime = initiator.getLifetime();
        out.printf(
                "granted  : mutual=%s conf=%s integ=%s replay=%s sequence=%s; lifetime %s%n",
                initiator.getMutualAuthState(),
                initiator.getConfState(),
                initiator.getIntegState(),
                initiator.getReplayDetState(),
                initiator.getSequenceDetState(),
                lifetime == GSSContext.INDEFINITE_LIFETIME ? "indefinite" : lifetime + " s");
        return new Pair(client, initiator, server, acceptor);
    }

    /** Wraps and signs a message in each direction. */
    private void protect(Pair p) throws GSSException {
        exchange("alice", p.initiator, "service", p.acceptor, "hello from alice");
        exchange("service", p.acceptor, "alice", p.initiator, "hello from the service");
    }

    private void exchange(String fromName, GSSContext from, String toName, GSSContext to, String text)
            throws GSSException {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        MessageProp prop = new MessageProp(0, true);
        byte[] wrapped = from.wrap(msg, 0, msg.length, prop);
        MessageProp got = new MessageProp(0, false);
        byte[] back = to.unwrap(wrapped, 0, wrapped.length, got);
        out.printf(
                "wrap     : %s -> %s  %d bytes sealed into %d; unwrapped \"%s\" (privacy %s)%n",
                fromName,
                toName,
                msg.length,
                wrapped.length,
                new String(back, StandardCharsets.UTF_8),
                got.getPrivacy());
        byte[] mic = from.getMIC(msg, 0, msg.length, new MessageProp(0, false));
        to.verifyMIC(mic, 0, mic.length, msg, 0, msg.length, new MessageProp(0, false));
        out.printf("MIC      : %s -> %s  %d-byte MIC verified%n", fromName, toName, mic.length);
    }

    /** The man in the middle: keeps the framing, offers NTLM only, drops the optimistic Kerberos token. */
    private static byte[] stripKerberos(byte[] firstToken) {
        try {
            GssFraming.unwrap(firstToken, MechOid.SPNEGO);
            NegTokenInit forged = NegTokenInit.of(MechTypeList.of(List.of(MechOid.NTLM)), null);
            return GssFraming.wrap(MechOid.SPNEGO, forged.encode());
        } catch (NegotiateException e) {
            throw new IllegalStateException("the first token is not a framed SPNEGO token", e);
        }
    }

    private void requireRegistered(MechOid oid) {
        if (java.security.Security.getProvider(JNegotiateProvider.NAME).getProperty("GssApiMechanism." + oid.dotted())
                == null) {
            throw new IllegalStateException("JNegotiate registered no " + oid + " mechanism; see the warning above");
        }
    }

    private static String named(Oid oid) {
        return MechOid.of(oid).map(MechOid::toString).orElse(oid.toString());
    }

    /** alice with Kerberos only: her keytab (JNegotiate runs the AS exchange itself). */
    private static Subject aliceWithKerberos(Path keytab) {
        return keytabSubject("alice@" + REALM, keytab);
    }

    /** alice with Kerberos and an NTLM password, as Negotiate on Windows would have both. */
    private static Subject aliceWithBoth(Path keytab) {
        Subject s = keytabSubject("alice@" + REALM, keytab);
        s.getPrivateCredentials()
                .add(new NtlmPasswordCredential(NTLM_DOMAIN, "alice", "alice-ntlm-secret".toCharArray()));
        return s;
    }

    private static Subject keytabSubject(String principal, Path keytab) {
        KerberosPrincipal p = new KerberosPrincipal(principal);
        Subject s = new Subject();
        s.getPrincipals().add(p);
        s.getPrivateCredentials().add(KeyTab.getInstance(p, keytab.toFile()));
        return s;
    }

    @SuppressWarnings("removal")
    private static <T> T as(Subject s, PrivilegedExceptionAction<T> action) throws Exception {
        try {
            return Subject.doAs(s, action);
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        }
    }

    private static String size(byte[] b) {
        return len(b) == 0 ? "nothing to send" : String.format("%5d bytes", len(b));
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }
}
