package org.jnegotiate.conformance.ad;

import java.nio.file.Path;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.conformance.fixtures.SunJgss;

/**
 * What the Active Directory test classes share: the JVM's Samba AD DC ({@link SambaAdDc#shared()}), the two GSS
 * managers (JNegotiate in front, SunJGSS in front), keytab Subjects, and a token loop between two Java contexts.
 * Each class creates its own accounts with a prefix of its own, so the classes can share the DC.
 */
final class AdRealm {
    static final Oid KRB5 = SunJgss.KRB5;
    static final Oid SPNEGO = SunJgss.SPNEGO;

    final SambaAdDc dc;
    private final JNegotiateProvider provider = new JNegotiateProvider();

    AdRealm() {
        dc = SambaAdDc.shared();
        JvmKrb5Conf.use(dc);
    }

    String principal(String name) {
        return dc.principal(name);
    }

    /** A keytab file in the DC's directory holding the keys of {@code names}. */
    Path keytab(String file, String... names) {
        Path keytab = dc.directory().resolve(file);
        dc.exportKeytab(keytab, names);
        return keytab;
    }

    /** A Subject with {@code name}'s principal and keytab (JNegotiate's credentials, initiator or acceptor). */
    Subject keytabSubject(String name, Path keytab) {
        KerberosPrincipal principal = new KerberosPrincipal(principal(name));
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.getPrivateCredentials().add(KeyTab.getInstance(principal, keytab.toFile()));
        return subject;
    }

    GSSManager jnegotiate() throws GSSException {
        GSSManager manager = GSSManager.getInstance();
        manager.addProviderAtFront(provider, KRB5);
        manager.addProviderAtFront(provider, SPNEGO);
        return manager;
    }

    /** An initiator context of {@code manager} to {@code service@host}, mutual and with confidentiality. */
    static GSSContext initiator(GSSManager manager, String hostBasedTarget, Oid mech) throws GSSException {
        GSSContext c = manager.createContext(
                manager.createName(hostBasedTarget, GSSName.NT_HOSTBASED_SERVICE),
                mech,
                null,
                GSSContext.DEFAULT_LIFETIME);
        c.requestMutualAuth(true);
        c.requestConf(true);
        c.requestInteg(true);
        return c;
    }

    /** Runs the token loop, each side as its own Subject; returns the initiator's first token. */
    static byte[] establish(
            GSSContext initiator, Subject initiatorSubject, GSSContext acceptor, Subject acceptorSubject)
            throws Exception {
        byte[] first = null;
        byte[] token = new byte[0];
        for (int round = 0; round < 10 && !(initiator.isEstablished() && acceptor.isEstablished()); round++) {
            byte[] in = token;
            byte[] toAcceptor = initiator.isEstablished()
                    ? null
                    : SunJgss.as(initiatorSubject, () -> initiator.initSecContext(in, 0, in.length));
            if (first == null) {
                first = toAcceptor;
            }
            if (toAcceptor == null) {
                break;
            }
            token = SunJgss.as(acceptorSubject, () -> acceptor.acceptSecContext(toAcceptor, 0, toAcceptor.length));
            if (token == null) {
                token = new byte[0];
            }
        }
        if (!initiator.isEstablished() || !acceptor.isEstablished()) {
            throw new AssertionError("the contexts did not establish");
        }
        return first;
    }
}
