package org.jnegotiate.krb5.creds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.ccache.Credential;
import org.apache.kerby.kerberos.kerb.ccache.CredentialCache;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** Reads MIT FILE credential caches with Kerby's codec. */
public final class CcacheFiles {
    private static final long MAX_SIZE = 16L << 20;

    private CcacheFiles() {
    }

    /** The contents of a ccache: its default principal and its tickets (config entries skipped). */
    public record Contents(KerberosName principal, List<ServiceTicket> tickets) {
        /** The TGT of the principal's own realm, if present and not expired at {@code now}. */
        public Optional<ServiceTicket> tgt(Instant now) {
            for (ServiceTicket t : tickets) {
                List<String> c = t.server().components();
                if (c.size() == 2 && c.get(0).equals("krbtgt") && c.get(1).equals(principal.realm())
                        && t.client().samePrincipal(principal) && !t.isExpired(now)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** The path of a ccache name ({@code FILE:/path} or a plain path), or empty for other types (KEYRING:, KCM:, DIR:). */
    public static Optional<Path> path(String name) {
        if (name.startsWith("FILE:")) {
            return Optional.of(Path.of(name.substring(5)));
        }
        if (name.matches("^[A-Z]+:.*")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(name));
    }

    /**
     * Reads a FILE ccache.
     *
     * @throws NegotiateException NO_CREDENTIALS when missing, UNKNOWN_CREDENTIALS when malformed
     */
    public static Contents read(Path file) throws NegotiateException {
        if (!Files.isRegularFile(file)) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "credential cache " + file + " does not exist");
        }
        CredentialCache cc = new CredentialCache();
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "credential cache " + file + " is larger than 16 MiB");
            }
            try (InputStream in = Files.newInputStream(file)) {
                cc.load(in);
            }
        } catch (IOException | RuntimeException e) {
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "credential cache " + file + " is malformed: " + e, e);
        }
        PrincipalName primary = cc.getPrimaryPrincipal();
        if (primary == null) {
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "credential cache " + file + " has no principal");
        }
        KerberosName principal = KerberosName.fromKerby(primary, primary.getRealm());
        List<ServiceTicket> tickets = new ArrayList<>();
        for (Credential c : cc.getCredentials()) {
            toTicket(c).ifPresent(tickets::add);
        }
        return new Contents(principal, tickets);
    }

    private static Optional<ServiceTicket> toTicket(Credential c) {
        EncryptionKey k = c.getKey();
        PrincipalName server = c.getServerName();
        PrincipalName client = c.getClientName();
        if (k == null || k.getKeyType() == null || k.getKeyData() == null || server == null || client == null
                || c.getTicket() == null || c.getEndTime() == null
                || (server.getRealm() != null && server.getRealm().equals("X-CACHECONF:"))
                || server.getNameStrings().get(0).equals("X-CACHECONF:")) {
            return Optional.empty();
        }
        Optional<EncryptionType> t = EncryptionType.of(k.getKeyType().getValue());
        byte[] data = k.getKeyData();
        try {
            if (t.isEmpty() || data.length != t.get().keyLength()) {
                return Optional.empty();
            }
            String clientRealm = client.getRealm() != null ? client.getRealm() : c.getClientRealm();
            String serverRealm = server.getRealm() != null ? server.getRealm() : clientRealm;
            return Optional.of(new ServiceTicket(c.getTicket(), new Krb5Key(t.get(), data),
                    KerberosName.fromKerby(client, clientRealm), KerberosName.fromKerby(server, serverRealm),
                    instant(c.getAuthTime()), instant(c.getStartTime()), instant(c.getEndTime()),
                    Optional.ofNullable(instant(c.getRenewTill())),
                    c.getTicketFlags() == null ? 0 : c.getTicketFlags().getFlags()));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    private static Instant instant(KerberosTime t) {
        return t == null || t.getTime() == 0 ? null : Instant.ofEpochMilli(t.getTime());
    }
}
