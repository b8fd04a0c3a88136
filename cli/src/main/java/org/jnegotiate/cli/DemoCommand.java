package org.jnegotiate.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
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

/**
 * {@code jnegotiate demo}: an embedded KDC, then a Kerberos context established through plain
 * {@code org.ietf.jgss} with JNegotiate installed, messages wrapped both ways, every step printed.
 */
final class DemoCommand {
    private static final String REALM = "JNEGOTIATE.DEMO";
    private static final Oid KRB5 = oid("1.2.840.113554.1.2.2");

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] args) throws Exception {
        if (args.length > 0) {
            throw new Main.UsageException("demo takes no arguments");
        }
        out.println("== JNegotiate demo: Kerberos v5 through org.ietf.jgss");
        try (EmbeddedKdc kdc = EmbeddedKdc.start(REALM)) {
            out.printf("KDC      : Apache Kerby on 127.0.0.1:%d (UDP+TCP), realm %s%n", kdc.port(), REALM);
            Path aliceKeytab = kdc.principal("alice", "alice-secret-1");
            Path serviceKeytab = kdc.principal("HTTP/localhost", "service-secret-1");
            out.println("principals: alice@" + REALM + ", HTTP/localhost@" + REALM + " (keys exported to keytabs)");
            System.setProperty("java.security.krb5.conf", kdc.krb5Conf().toString());
            JNegotiateProvider.install();
            if (java.security.Security.getProvider(JNegotiateProvider.NAME)
                    .getProperty("GssApiMechanism." + KRB5) == null) {
                throw new IllegalStateException("JNegotiate registered no Kerberos mechanism; see the warning above");
            }
            out.println("provider : " + java.security.Security.getProviders()[0].getName()
                    + " installed first; GSSManager will use it");

            Subject client = subject("alice@" + REALM, aliceKeytab, false);
            Subject server = subject("HTTP/localhost@" + REALM, serviceKeytab, true);
            kerberos(client, server);
        }
        out.println("== done: KDC stopped, temporary files removed");
        return 0;
    }

    private void kerberos(Subject client, Subject server) throws Exception {
        GSSManager manager = GSSManager.getInstance();
        GSSName target = manager.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE);
        GSSContext initiator = as(client, () -> {
            GSSContext c = manager.createContext(target, KRB5, null, GSSContext.DEFAULT_LIFETIME);
            c.requestMutualAuth(true);
            c.requestConf(true);
            c.requestInteg(true);
            c.requestReplayDet(true);
            c.requestSequenceDet(true);
            return c;
        });
        GSSContext acceptor = as(server, () -> manager.createContext((GSSCredential) null));
        out.println("-- handshake (initiator alice, acceptor HTTP/localhost)");
        byte[] token = new byte[0];
        int leg = 0;
        while (!initiator.isEstablished() || !acceptor.isEstablished()) {
            if (++leg > 6) {
                throw new IllegalStateException("handshake did not finish in 6 legs");
            }
            final byte[] in = token;
            if (leg % 2 == 1) {
                token = as(client, () -> initiator.initSecContext(in, 0, in.length));
                out.printf("leg %d    : initiator -> acceptor  %s  (initiator established: %s)%n", leg, size(token),
                        initiator.isEstablished());
            } else {
                token = as(server, () -> acceptor.acceptSecContext(in, 0, in.length));
                out.printf("leg %d    : acceptor  -> initiator %s  (acceptor established: %s)%n", leg, size(token),
                        acceptor.isEstablished());
            }
            if (len(token) == 0) {
                break;
            }
        }
        if (!initiator.isEstablished() || !acceptor.isEstablished()) {
            throw new IllegalStateException("a side has nothing to send but the context is not established");
        }
        out.println("mechanism: Kerberos v5 " + initiator.getMech() + " served by "
                + java.security.Security.getProvider(JNegotiateProvider.NAME).getProperty("GssApiMechanism." + KRB5));
        out.println("client   : " + acceptor.getSrcName() + "  ->  service: " + initiator.getTargName());
        out.printf("granted  : mutual=%s conf=%s integ=%s replay=%s sequence=%s; lifetime %d s%n",
                initiator.getMutualAuthState(), initiator.getConfState(), initiator.getIntegState(),
                initiator.getReplayDetState(), initiator.getSequenceDetState(), initiator.getLifetime());

        out.println("-- per-message protection (RFC 4121 tokens)");
        exchange("initiator", initiator, "acceptor", acceptor, "hello from alice");
        exchange("acceptor", acceptor, "initiator", initiator, "hello from the service");
        initiator.dispose();
        acceptor.dispose();
    }

    private void exchange(String fromName, GSSContext from, String toName, GSSContext to, String text)
            throws GSSException {
        byte[] msg = text.getBytes(StandardCharsets.UTF_8);
        MessageProp prop = new MessageProp(0, true);
        byte[] wrapped = from.wrap(msg, 0, msg.length, prop);
        MessageProp got = new MessageProp(0, false);
        byte[] back = to.unwrap(wrapped, 0, wrapped.length, got);
        out.printf("wrap     : %s -> %s  %d-byte message sealed into %d bytes; unwrapped \"%s\" (privacy %s)%n",
                fromName, toName, msg.length, wrapped.length, new String(back, StandardCharsets.UTF_8),
                got.getPrivacy());
        byte[] mic = from.getMIC(msg, 0, msg.length, new MessageProp(0, false));
        to.verifyMIC(mic, 0, mic.length, msg, 0, msg.length, new MessageProp(0, false));
        out.printf("MIC      : %s -> %s  %d-byte MIC verified%n", fromName, toName, mic.length);
    }

    private static Subject subject(String principal, Path keytab, boolean acceptor) {
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

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
