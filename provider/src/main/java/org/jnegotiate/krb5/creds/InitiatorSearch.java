package org.jnegotiate.krb5.creds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.kdc.AsExchange;
import org.jnegotiate.krb5.kdc.ClientKeys;
import org.jnegotiate.krb5.kdc.KdcRequestContext;
import org.jnegotiate.krb5.kdc.TicketOptions;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.names.LoginName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Where an initiator's TGT is looked for, in order (see {@link KerberosCredentials}): the JAAS Subject, an explicit
 * password, then, unless only the Subject may be used, the ccache and the client keytab. Each stage gives what it
 * found as a {@link ClientTgt}, or nothing and a note of what it looked at for the final message. One search per
 * acquisition.
 */
final class InitiatorSearch {
    /** Under the name the README documents for where credentials came from. */
    private static final System.Logger LOG = System.getLogger(KerberosCredentials.class.getName());

    /** One place to look: what it found, or empty (having noted in {@link #looked} what it saw). */
    @FunctionalInterface
    private interface Stage {
        Optional<ClientTgt> find() throws NegotiateException;
    }

    private final CredentialRequest request;
    private final NegotiateConfig config;
    private final KdcRequestContext kdc;
    private final Krb5Config krb5;
    private final AsExchange as;
    private final Optional<Subject> subject;
    /** The client asked for; null for "whoever the credentials are of". */
    private final KerberosName wanted;

    private final List<String> looked = new ArrayList<>();

    InitiatorSearch(CredentialRequest request, NegotiateConfig config, KdcRequestContext kdc, Optional<Subject> subject)
            throws NegotiateException {
        this.request = request;
        this.config = config;
        this.kdc = kdc;
        this.krb5 = kdc.config();
        this.as = new AsExchange(kdc);
        this.subject = subject;
        this.wanted = request.name().isPresent()
                ? KerberosCredentials.clientName(request.name().get(), krb5)
                : null;
    }

    /**
     * The first TGT found.
     *
     * @throws NegotiateException NO_CREDENTIALS when no stage finds one (the message lists what was looked at), or
     *                            the ambient stages are not allowed; what the AS exchange throws
     */
    ClientTgt run() throws NegotiateException {
        for (Stage stage : List.<Stage>of(
                this::fromSubject,
                this::fromPassword,
                this::ambientAllowed,
                this::fromCcache,
                this::fromClientKeytab)) {
            Optional<ClientTgt> found = stage.find();
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new NegotiateException(
                Failure.NO_CREDENTIALS,
                "no Kerberos credentials" + (wanted == null ? "" : " for " + wanted) + "; looked at "
                        + String.join(", ", looked));
    }

    /**
     * 1. The JAAS Subject: a TGT that does not expire within the skew; else its KerberosKeys/KeyTabs, through an AS
     * exchange whose TGT is kept in the Subject; else a TGT that expires within the skew (used, so that it fails as
     * expired).
     */
    private Optional<ClientTgt> fromSubject() throws NegotiateException {
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        Subject s = subject.get();
        Optional<ServiceTicket> tgt = SubjectCredentials.tgt(s, wanted, kdc.now(), krb5.clockSkew());
        if (tgt.isPresent()) {
            return Optional.of(new ClientTgt(tgt.get().client(), tgt.get(), Optional.empty(), "Subject", subject));
        }
        List<KeytabKey> keys =
                SubjectCredentials.keys(s, wanted, krb5.defaultRealm().orElse(""));
        if (!keys.isEmpty()) {
            KerberosName who = keys.get(0).principal();
            keys.stream()
                    .filter(k -> !k.principal().samePrincipal(who))
                    .forEach(k -> k.key().destroy());
            ClientKeys ck = ClientKeys.keys(keys.stream()
                    .filter(k -> k.principal().samePrincipal(who))
                    .map(KeytabKey::key)
                    .toList());
            ServiceTicket fresh = as.requestTgt(who, ck, TicketOptions.fromConfig(krb5));
            // kept in the Subject, so that the next context built from it does not run the AS exchange again
            SubjectTickets.store(s, fresh, kdc.now());
            return Optional.of(new ClientTgt(who, fresh, Optional.of(ck), "Subject keys", subject));
        }
        Optional<ServiceTicket> expiring = SubjectCredentials.tgt(s, wanted, kdc.now(), Duration.ZERO);
        if (expiring.isPresent()) {
            return Optional.of(
                    new ClientTgt(expiring.get().client(), expiring.get(), Optional.empty(), "Subject", subject));
        }
        looked.add("the JAAS Subject (no KerberosTicket TGT, KerberosKey or KeyTab"
                + (wanted == null ? "" : " for " + wanted) + ")");
        return Optional.empty();
    }

    /** 2. An explicit password: given through the API, so not ambient and allowed under useSubjectCredsOnly. */
    private Optional<ClientTgt> fromPassword() throws NegotiateException {
        Optional<char[]> password = request.password();
        if (password.isEmpty()) {
            return Optional.empty();
        }
        if (wanted == null) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "a password was given without a user name");
        }
        char[] pw = password.get();
        try {
            ClientKeys ck = ClientKeys.password(pw);
            ServiceTicket tgt =
                    as.requestTgt(LoginName.of(request.name().get().name(), krb5), ck, TicketOptions.fromConfig(krb5));
            // the KDC's canonical name: a UPN login (enterprise name) becomes the account's principal
            return Optional.of(new ClientTgt(tgt.client(), tgt, Optional.of(ck), "password", Optional.empty()));
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    /** Between the given credentials and the ambient ones: stops the search when only the Subject may be used. */
    private Optional<ClientTgt> ambientAllowed() throws NegotiateException {
        if (request.subjectCredsOnly().orElse(config.useSubjectCredsOnly())) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    "javax.security.auth.useSubjectCredsOnly is true and "
                            + (subject.isPresent()
                                    ? "the Subject holds no Kerberos credentials"
                                    : "there is no JAAS Subject")
                            + "; log in with JAAS (Krb5LoginModule), give a password, or set "
                            + "javax.security.auth.useSubjectCredsOnly=false to use the ccache and keytab");
        }
        return Optional.empty();
    }

    /** 3. The FILE ccache (KRB5CCNAME, default_ccache_name, /tmp/krb5cc_UID): its TGT when current. */
    private Optional<ClientTgt> fromCcache() throws NegotiateException {
        String ccName = config.environment()
                .krb5CcName()
                .or(krb5::defaultCcacheName)
                .orElse("FILE:/tmp/krb5cc_%{uid}")
                .replace("%{uid}", KerberosCredentials.uid())
                .replace("%{euid}", KerberosCredentials.uid());
        Optional<Path> cc = CcacheFiles.path(ccName);
        if (cc.isEmpty() || !Files.isRegularFile(cc.get())) {
            looked.add("ccache " + ccName + (cc.isPresent() ? " (missing)" : " (not a FILE ccache)"));
            return Optional.empty();
        }
        CcacheFiles.Contents contents = CcacheFiles.read(cc.get());
        if (wanted == null || contents.principal().samePrincipal(wanted)) {
            Optional<ServiceTicket> tgt = contents.tgt(kdc.now());
            if (tgt.isPresent()) {
                contents.tickets().stream()
                        .filter(t -> t != tgt.get())
                        .forEach(t -> t.sessionKey().destroy());
                LOG.log(System.Logger.Level.DEBUG, "using TGT of {0} from {1}", contents.principal(), cc.get());
                return Optional.of(new ClientTgt(
                        contents.principal(), tgt.get(), Optional.empty(), "ccache " + cc.get(), Optional.empty()));
            }
            looked.add("ccache " + cc.get() + " (no current TGT)");
        } else {
            looked.add("ccache " + cc.get() + " (holds " + contents.principal() + ")");
        }
        contents.tickets().forEach(t -> t.sessionKey().destroy());
        return Optional.empty();
    }

    /**
     * 4. The client keytab (KRB5_CLIENT_KTNAME, default_client_keytab_name): the keys of the client asked for, else
     * of the keytab's first principal, through an AS exchange.
     */
    private Optional<ClientTgt> fromClientKeytab() throws NegotiateException {
        Optional<String> ktName = config.environment().krb5ClientKtName().or(krb5::defaultClientKeytabName);
        if (ktName.isEmpty()) {
            looked.add("no client keytab configured");
            return Optional.empty();
        }
        Optional<Path> kt = KeytabFiles.path(ktName.get()
                .replace("%{uid}", KerberosCredentials.uid())
                .replace("%{euid}", KerberosCredentials.uid()));
        if (kt.isPresent() && Files.isRegularFile(kt.get())) {
            List<KeytabKey> keys = KeytabFiles.read(kt.get());
            KerberosName who = wanted != null
                    ? wanted
                    : keys.isEmpty() ? null : keys.get(0).principal();
            List<Krb5Key> mine = new ArrayList<>();
            for (KeytabKey k : keys) {
                if (who != null && k.principal().samePrincipal(who)) {
                    mine.add(k.key());
                } else {
                    k.key().destroy();
                }
            }
            if (!mine.isEmpty()) {
                ClientKeys ck = ClientKeys.keys(mine);
                ServiceTicket tgt = as.requestTgt(who, ck, TicketOptions.fromConfig(krb5));
                return Optional.of(
                        new ClientTgt(who, tgt, Optional.of(ck), "client keytab " + kt.get(), Optional.empty()));
            }
        }
        looked.add("client keytab " + ktName.get());
        return Optional.empty();
    }
}
