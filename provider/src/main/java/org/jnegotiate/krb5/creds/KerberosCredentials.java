package org.jnegotiate.krb5.creds;

import org.jnegotiate.krb5.ticket.ServiceTicket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.names.LoginName;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.kdc.AsExchange;
import org.jnegotiate.krb5.kdc.ClientKeys;
import org.jnegotiate.krb5.kdc.KdcClient;
import org.jnegotiate.krb5.kdc.KdcTransport;
import org.jnegotiate.krb5.kdc.TgsExchange;
import org.jnegotiate.krb5.kdc.TicketOptions;
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
 * default_client_keytab_name). Acceptor: the Subject's KerberosKeys/KeyTabs, else the keytab (KRB5_KTNAME,
 * default_keytab_name, /etc/krb5.keytab). For BOTH, the acceptor keys are added to the initiator credential.
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
    private static final System.Logger LOG = System.getLogger(KerberosCredentials.class.getName());

    private KerberosCredentials() {
    }

    public static KerberosCredential acquire(CredentialRequest request, NegotiateConfig config, Krb5Config krb5,
            KdcTransport transport) throws NegotiateException {
        KdcClient kdc = KdcClient.of(krb5, transport);
        AsExchange as = new AsExchange(kdc, config.allowWeakCrypto());
        TgsExchange tgs = new TgsExchange(kdc, config.allowWeakCrypto());
        Optional<Subject> subject = request.subject().or(KerberosCredentials::callerSubject);
        if (request.usage() == Usage.ACCEPT) {
            return acceptor(request, config, krb5, subject);
        }
        KerberosCredential initiator = initiator(request, config, krb5, subject, as, tgs);
        if (request.usage() == Usage.BOTH) {
            KerberosCredential acceptor = acceptor(request, config, krb5, subject);
            return initiator.withAcceptorKeys(acceptor);
        }
        return initiator;
    }

    private static KerberosCredential initiator(CredentialRequest request, NegotiateConfig config, Krb5Config krb5,
            Optional<Subject> subject, AsExchange as, TgsExchange tgs) throws NegotiateException {
        KerberosName wanted = request.name().isPresent() ? clientName(request.name().get(), krb5) : null;
        List<String> looked = new ArrayList<>();
        // 1. the JAAS Subject
        if (subject.isPresent()) {
            Optional<ServiceTicket> tgt = SubjectCredentials.tgt(subject.get(), wanted, krb5.clockSkew());
            if (tgt.isPresent()) {
                return new KerberosCredential(Usage.INITIATE, tgt.get().client(), tgt.get(), null, List.of(), false, krb5,
                        as, tgs, "Subject", subject.get());
            }
            List<KeytabKey> keys = SubjectCredentials.keys(subject.get(), wanted, krb5.defaultRealm().orElse(""));
            if (!keys.isEmpty()) {
                KerberosName who = keys.get(0).principal();
                keys.stream().filter(k -> !k.principal().samePrincipal(who)).forEach(k -> k.key().destroy());
                ClientKeys ck = ClientKeys.keys(keys.stream().filter(k -> k.principal().samePrincipal(who))
                        .map(KeytabKey::key).toList());
                ServiceTicket fresh = as.requestTgt(who, ck, TicketOptions.fromConfig(krb5));
                // kept in the Subject, so that the next context built from it does not run the AS exchange again
                SubjectTickets.store(subject.get(), fresh, Instant.now());
                return new KerberosCredential(Usage.INITIATE, who, fresh, ck, List.of(), false, krb5, as, tgs,
                        "Subject keys", subject.get());
            }
            // a TGT that expires within the skew and no keys to replace it: used, so that it fails as expired
            Optional<ServiceTicket> expiring = SubjectCredentials.tgt(subject.get(), wanted, java.time.Duration.ZERO);
            if (expiring.isPresent()) {
                return new KerberosCredential(Usage.INITIATE, expiring.get().client(), expiring.get(), null, List.of(),
                        false, krb5, as, tgs, "Subject", subject.get());
            }
            looked.add("the JAAS Subject (no KerberosTicket TGT, KerberosKey or KeyTab" + (wanted == null ? "" : " for " + wanted) + ")");
        }
        // 2. an explicit password: given through the API, so not ambient and allowed under useSubjectCredsOnly
        Optional<char[]> password = request.password();
        if (password.isPresent()) {
            if (wanted == null) {
                throw new NegotiateException(Failure.NO_CREDENTIALS, "a password was given without a user name");
            }
            char[] pw = password.get();
            try {
                ClientKeys ck = ClientKeys.password(pw);
                ServiceTicket tgt = as.requestTgt(LoginName.of(request.name().get().name(), krb5), ck,
                        TicketOptions.fromConfig(krb5));
                // the KDC's canonical name: a UPN login (enterprise name) becomes the account's principal
                return new KerberosCredential(Usage.INITIATE, tgt.client(), tgt, ck, List.of(), false, krb5, as, tgs,
                        "password");
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        if (request.subjectCredsOnly().orElse(config.useSubjectCredsOnly())) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "javax.security.auth.useSubjectCredsOnly is true and "
                    + (subject.isPresent() ? "the Subject holds no Kerberos credentials" : "there is no JAAS Subject")
                    + "; log in with JAAS (Krb5LoginModule), give a password, or set "
                    + "javax.security.auth.useSubjectCredsOnly=false to use the ccache and keytab");
        }
        // 3. the ccache
        String ccName = config.environment().krb5CcName().or(krb5::defaultCcacheName)
                .orElse("FILE:/tmp/krb5cc_%{uid}").replace("%{uid}", uid()).replace("%{euid}", uid());
        Optional<Path> cc = CcacheFiles.path(ccName);
        if (cc.isPresent() && Files.isRegularFile(cc.get())) {
            CcacheFiles.Contents contents = CcacheFiles.read(cc.get());
            if (wanted == null || contents.principal().samePrincipal(wanted)) {
                Optional<ServiceTicket> tgt = contents.tgt(Instant.now());
                if (tgt.isPresent()) {
                    contents.tickets().stream().filter(t -> t != tgt.get()).forEach(t -> t.sessionKey().destroy());
                    LOG.log(System.Logger.Level.DEBUG, "using TGT of {0} from {1}", contents.principal(), cc.get());
                    return new KerberosCredential(Usage.INITIATE, contents.principal(), tgt.get(), null, List.of(), false,
                            krb5, as, tgs, "ccache " + cc.get());
                }
                looked.add("ccache " + cc.get() + " (no current TGT)");
            } else {
                looked.add("ccache " + cc.get() + " (holds " + contents.principal() + ")");
            }
            contents.tickets().forEach(t -> t.sessionKey().destroy());
        } else {
            looked.add("ccache " + ccName + (cc.isPresent() ? " (missing)" : " (not a FILE ccache)"));
        }
        // 4. the client keytab
        Optional<String> ktName = config.environment().krb5ClientKtName().or(krb5::defaultClientKeytabName);
        if (ktName.isPresent()) {
            Optional<Path> kt = KeytabFiles.path(ktName.get().replace("%{uid}", uid()).replace("%{euid}", uid()));
            if (kt.isPresent() && Files.isRegularFile(kt.get())) {
                List<KeytabKey> keys = KeytabFiles.read(kt.get());
                KerberosName who = wanted != null ? wanted : keys.isEmpty() ? null : keys.get(0).principal();
                List<Krb5Key> mine = new ArrayList<>();
                for (KeytabKey k : keys) {
                    if (who != null && k.principal().samePrincipal(who)) {
                        mine.add(k.key());
                    } else {
                        k.key().destroy();
                    }
                }
                if (!mine.isEmpty()) {
                    return withKeys(who, mine, krb5, as, tgs, "client keytab " + kt.get());
                }
            }
            looked.add("client keytab " + ktName.get());
        } else {
            looked.add("no client keytab configured");
        }
        throw new NegotiateException(Failure.NO_CREDENTIALS, "no Kerberos credentials" + (wanted == null ? "" : " for " + wanted)
                + "; looked at " + String.join(", ", looked));
    }

    private static KerberosCredential withKeys(KerberosName who, List<Krb5Key> keys, Krb5Config krb5, AsExchange as,
            TgsExchange tgs, String origin) throws NegotiateException {
        ClientKeys ck = ClientKeys.keys(keys);
        ServiceTicket tgt = as.requestTgt(who, ck, TicketOptions.fromConfig(krb5));
        return new KerberosCredential(Usage.INITIATE, who, tgt, ck, List.of(), false, krb5, as, tgs, origin);
    }

    private static KerberosCredential acceptor(CredentialRequest request, NegotiateConfig config, Krb5Config krb5,
            Optional<Subject> subject) throws NegotiateException {
        KerberosName wanted = request.name().isPresent() ? serviceName(request.name().get(), krb5) : null;
        String origin;
        List<KeytabKey> keys;
        if (subject.isPresent() && !(keys = SubjectCredentials.keys(subject.get(), wanted, "")).isEmpty()) {
            origin = "Subject keys";
        } else {
            String name = config.environment().krb5KtName().or(krb5::defaultKeytabName).orElse("/etc/krb5.keytab");
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
        } else if (keys.isEmpty()) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, origin + " holds no usable key");
        }
        return new KerberosCredential(Usage.ACCEPT, wanted, null, null, keys, wanted == null, krb5, null, null, origin);
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
            String realm = krb5.realmOfHost(host).orElseThrow(() -> new NegotiateException(
                    Failure.NO_AUTHENTICATING_AUTHORITY, "no realm for host " + host + " and no default_realm"));
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

    private static String uid() {
        try {
            return Long.toString(new com.sun.security.auth.module.UnixSystem().getUid());
        } catch (Throwable e) { // not on Unix, or jdk.security.auth absent
            return "0";
        }
    }
}
