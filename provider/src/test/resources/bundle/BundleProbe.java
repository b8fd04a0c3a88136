import java.io.File;
import java.security.PrivilegedExceptionAction;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.MessageProp;
import org.ietf.jgss.Oid;

/**
 * An application that knows nothing of JNegotiate: plain org.ietf.jgss, run as a single source file by the
 * JVMs that BundleJarIT starts (with -javaagent and nothing of JNegotiate on the class path). Prints one line
 * per fact; exits non-zero on any failure.
 *
 * <p>Arguments: {@code kerberos <client principal> <client keytab>} (SPNEGO over the KDC that krb5.conf names; the
 * acceptor's keys come from KRB5_KTNAME), {@code ntlm <DOMAIN\\user>} (SPNEGO with the user of
 * jnegotiate.ntlm.userFile), {@code providers} (only prints who serves Kerberos).
 */
public class BundleProbe {
    static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    static final Oid KRB5 = oid("1.2.840.113554.1.2.2");

    public static void main(String[] args) throws Exception {
        GSSManager manager = GSSManager.getInstance();
        Provider first = Security.getProviders()[0];
        System.out.println("first provider: " + first.getName() + " " + first.getClass().getName() + " from "
                + first.getClass().getProtectionDomain().getCodeSource());
        System.out.println("GSSManager mechanisms: " + Arrays.toString(manager.getMechs()));
        switch (args[0]) {
            case "providers" -> {
                Provider jn = Security.getProvider("JNegotiate");
                System.out.println("JNegotiate installed: " + (jn != null));
                GSSContext c = manager.createContext(manager.createName("HTTP@localhost",
                        GSSName.NT_HOSTBASED_SERVICE), KRB5, null, GSSContext.DEFAULT_LIFETIME);
                System.out.println("kerberos context class: " + c.getClass().getName());
            }
            case "kerberos" -> {
                Subject client = new Subject();
                KerberosPrincipal principal = new KerberosPrincipal(args[1]);
                client.getPrincipals().add(principal);
                client.getPrivateCredentials().add(KeyTab.getInstance(principal, new File(args[2])));
                handshake(manager, client, null, "kerberos");
            }
            case "ntlm" -> {
                GSSCredential cred = manager.createCredential(manager.createName(args[1], GSSName.NT_USER_NAME),
                        GSSCredential.DEFAULT_LIFETIME, SPNEGO, GSSCredential.INITIATE_ONLY);
                handshake(manager, null, cred, "ntlm");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    @SuppressWarnings("removal")
    static void handshake(GSSManager manager, Subject subject, GSSCredential cred, String label) throws Exception {
        GSSName target = manager.createName("HTTP@localhost", GSSName.NT_HOSTBASED_SERVICE);
        GSSContext client = as(subject, () -> manager.createContext(target, SPNEGO, cred, GSSContext.DEFAULT_LIFETIME));
        client.requestMutualAuth(true);
        client.requestConf(true);
        client.requestInteg(true);
        GSSContext server = manager.createContext((GSSCredential) null);
        byte[] token = new byte[0];
        int legs = 0;
        while (!client.isEstablished() || !server.isEstablished()) {
            if (++legs > 10) {
                throw new IllegalStateException("no establishment after 10 legs");
            }
            if (!client.isEstablished()) {
                byte[] in = token;
                token = as(subject, () -> client.initSecContext(in, 0, in.length));
                legs++;
            }
            if (token != null && token.length > 0 && !server.isEstablished()) {
                token = server.acceptSecContext(token, 0, token.length);
            }
        }
        byte[] data = "jnegotiate.jar".getBytes();
        byte[] sealed = client.wrap(data, 0, data.length, new MessageProp(0, true));
        byte[] plain = server.unwrap(sealed, 0, sealed.length, new MessageProp(0, false));
        if (!Arrays.equals(data, plain)) {
            throw new IllegalStateException("wrap/unwrap round trip changed the data");
        }
        System.out.println("OK " + label + " client mech=" + client.getMech() + " server mech=" + server.getMech()
                + " client=" + server.getSrcName() + " target=" + client.getTargName()
                + " mutual=" + client.getMutualAuthState() + " context class=" + client.getClass().getName());
    }

    interface Action<T> {
        T run() throws Exception;
    }

    @SuppressWarnings("removal")
    static <T> T as(Subject subject, Action<T> action) throws Exception {
        if (subject == null) {
            return action.run();
        }
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<T>) action::run);
        } catch (java.security.PrivilegedActionException e) {
            throw e.getException();
        }
    }

    static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
