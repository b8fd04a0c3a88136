package org.jnegotiate.krb5.creds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.kdc.KdcRequestContext;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.names.LoginName;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential.Usage;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * Acquires Kerberos credentials, looking where SunJGSS and MIT look.
 *
 * <p>Initiator, in order: the JAAS Subject (TGT, then KerberosKey/KeyTab for an AS exchange whose TGT is added
 * to the Subject; service tickets are looked for in and added to the Subject too, see {@link KerberosCredential});
 * an explicit
 * password of the request (AS exchange); then, unless {@code useSubjectCredsOnly} is true, the FILE ccache
 * (KRB5CCNAME, default_ccache_name, /tmp/krb5cc_UID) and the client keytab (KRB5_CLIENT_KTNAME,
 * default_client_keytab_name). Acceptor: the Subject's KerberosKeys/KeyTabs (an unbound KeyTab, for a default
 * acceptor, through {@link SubjectKeyTabs}), else the keytab (KRB5_KTNAME, default_keytab_name, /etc/krb5.keytab).
 * For BOTH, the acceptor keys are added to the initiator credential.
 *
 * <p><b>A deliberate difference from SunJGSS for acceptors.</b> SunJGSS's Krb5AcceptCredential takes the keys from
 * the current Subject only when {@code javax.security.auth.useSubjectCredsOnly} is true (its default outside the HTTP
 * client): {@code Krb5Util.getServiceCreds} logs in through JAAS ({@code com.sun.security.jgss.accept}) only when the
 * property is false, and otherwise fails with NO_CRED "Failed to find any Kerberos credentials". JNegotiate's
 * acceptor falls back to the keytab whatever the property says, as MIT's gss_accept_sec_context does (KRB5_KTNAME):
 * the README's plain GSS-API server ({@code createContext((GSSCredential) null)} without a Subject) and every SSPI
 * {@code AcceptSecurityContext} port rely on it, and a keytab only ever proves the service to its clients. The
 * property keeps its meaning for initiators, where ambient credentials (the user's ccache) are the concern.
 */
public final class KerberosCredentials {
    private KerberosCredentials() {}

    /**
     * A credential for {@code request}: for INITIATE a TGT (see {@link InitiatorSearch}), for ACCEPT service keys,
     * for BOTH the two. The KDCs, clock and randomness are {@code kdc}'s.
     */
    public static KerberosCredential acquire(CredentialRequest request, NegotiateConfig config, KdcRequestContext kdc)
            throws NegotiateException {
        Optional<Subject> subject = request.subject().or(KerberosCredentials::callerSubject);
        if (request.usage() == Usage.ACCEPT) {
            return KerberosCredential.acceptor(serviceKeys(request, config, kdc.config(), subject), kdc);
        }
        ClientTgt client = new InitiatorSearch(request, config, kdc, subject).run();
        if (request.usage() == Usage.BOTH) {
            return KerberosCredential.both(client, serviceKeys(request, config, kdc.config(), subject), kdc);
        }
        return KerberosCredential.initiator(client, kdc);
    }

    private static ServiceKeys serviceKeys(
            CredentialRequest request, NegotiateConfig config, Krb5Config krb5, Optional<Subject> subject)
            throws NegotiateException {
        KerberosName wanted =
                request.name().isPresent() ? serviceName(request.name().get(), krb5) : null;
        List<KeytabKey> keys = subject.isPresent() ? SubjectCredentials.keys(subject.get(), wanted, "") : List.of();
        Optional<SubjectKeyTabs> unbound =
                subject.isPresent() && wanted == null ? SubjectKeyTabs.of(subject.get()) : Optional.empty();
        String origin;
        if (!keys.isEmpty()) {
            origin = unbound.isPresent() ? "Subject keys and the Subject's unbound KeyTab" : "Subject keys";
        } else if (unbound.isPresent()) {
            origin = "the Subject's unbound KeyTab";
        } else {
            String name = config.environment()
                    .krb5KtName()
                    .or(krb5::defaultKeytabName)
                    .orElse("/etc/krb5.keytab");
            Optional<Path> kt = KeytabFiles.path(name);
            if (kt.isEmpty()) {
                throw new NegotiateException(Failure.NO_CREDENTIALS, "keytab " + name + " is not a FILE keytab");
            }
            keys = new ArrayList<>(KeytabFiles.read(kt.get()));
            origin = "keytab " + kt.get();
        }
        if (wanted != null) {
            List<KeytabKey> mine = new ArrayList<>();
            for (KeytabKey k : keys) {
                if (k.principal().samePrincipal(wanted)) {
                    mine.add(k);
                } else {
                    k.key().destroy();
                }
            }
            if (mine.isEmpty()) {
                throw new NegotiateException(Failure.NO_CREDENTIALS, "no key for " + wanted + " in " + origin);
            }
            keys = mine;
        } else if (keys.isEmpty() && unbound.isEmpty()) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, origin + " holds no usable key");
        }
        return new ServiceKeys(Optional.ofNullable(wanted), keys, unbound, origin);
    }

    /**
     * A user or principal name to the client principal to look for in Subjects, ccaches and keytabs (default realm
     * when none given): the name as {@link LoginName} reads it, a UPN whose suffix is a realm in another case as
     * {@code user@REALM}.
     */
    static KerberosName clientName(PeerName name, Krb5Config krb5) throws NegotiateException {
        LoginName login = LoginName.of(name.name(), krb5);
        return login.fallback().orElse(login.principal());
    }

    /** {@code service@host} to {@code service/host@REALM-of-host}; a principal name as is. */
    static KerberosName serviceName(PeerName name, Krb5Config krb5) throws NegotiateException {
        if (name.type() == PeerName.Type.HOSTBASED_SERVICE) {
            String n = name.name();
            int at = n.indexOf('@');
            String service = at < 0 ? n : n.substring(0, at);
            String host = at < 0 ? "localhost" : n.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
            String realm = krb5.realmOfHost(host)
                    .orElseThrow(() -> new NegotiateException(
                            Failure.NO_AUTHENTICATING_AUTHORITY,
                            "no realm for host " + host + " and no default_realm"));
            return KerberosName.hostbasedService(service, host, realm);
        }
        return KerberosName.parse(name.name(), krb5.defaultRealm().orElse(null), KerberosName.NT_PRINCIPAL);
    }

    @SuppressWarnings("removal")
    private static Optional<Subject> callerSubject() {
        try {
            return Optional.ofNullable(Subject.getSubject(java.security.AccessController.getContext()));
        } catch (UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    static String uid() {
        try {
            return Long.toString(new com.sun.security.auth.module.UnixSystem().getUid());
        } catch (Throwable e) { // not on Unix, or jdk.security.auth absent
            return "0";
        }
    }
}
