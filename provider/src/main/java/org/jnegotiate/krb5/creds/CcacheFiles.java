package org.jnegotiate.krb5.creds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.ccache.CredCacheInputStream;
import org.apache.kerby.kerberos.kerb.ccache.Credential;
import org.apache.kerby.kerberos.kerb.ccache.CredentialCache;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.EncodedTicket;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.krb5.tokens.KrbInts;
import org.jnegotiate.krb5.tokens.TicketCodec;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/** Reads MIT FILE credential caches (Kerby's codec for each credential, the raw key type kept). */
public final class CcacheFiles {
    private static final long MAX_SIZE = 16L << 20;

    private CcacheFiles() {}

    /** The contents of a ccache: its default principal and its tickets (config entries skipped). */
    public record Contents(KerberosName principal, List<ServiceTicket> tickets) {
        /** The TGT of the principal's own realm, if present and not expired at {@code now}. */
        public Optional<ServiceTicket> tgt(Instant now) {
            for (ServiceTicket t : tickets) {
                List<String> c = t.server().components();
                if (c.size() == 2
                        && c.get(0).equals("krbtgt")
                        && c.get(1).equals(principal.realm())
                        && t.client().samePrincipal(principal)
                        && !t.isExpired(now)) {
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
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new NegotiateException(
                        Failure.UNKNOWN_CREDENTIALS, "credential cache " + file + " is larger than 16 MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new NegotiateException(
                    Failure.UNKNOWN_CREDENTIALS, "credential cache " + file + " is unreadable: " + e, e);
        }
        try {
            return parse(bytes, file.toString());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Parses the MIT FILE ccache format (versions 0x0503 and 0x0504): header (v4: tagged fields), default
     * principal, then credentials up to the end. The file structure is walked here and each credential is read
     * by Kerby's {@link Credential#load}, through a stream that keeps the raw key type (Kerby's own reader turns
     * the RFC 8009 enctypes 19 and 20 into no key at all) and refuses counts larger than what is left.
     */
    static Contents parse(byte[] bytes, String what) throws NegotiateException {
        List<ServiceTicket> tickets = new ArrayList<>();
        try {
            RawKeyStream in = new RawKeyStream(new ByteArrayInputStream(bytes));
            int version = in.readUnsignedShort();
            if (version != CredentialCache.FCC_FVNO_3 && version != CredentialCache.FCC_FVNO_4) {
                throw new NegotiateException(
                        Failure.UNKNOWN_CREDENTIALS,
                        "credential cache " + what + " has unsupported version 0x" + Integer.toHexString(version));
            }
            if (version == CredentialCache.FCC_FVNO_4) {
                int headerLength = in.readUnsignedShort(); // tags (KDC time offset): not needed here
                in.checkCount(headerLength);
                in.skipNBytes(headerLength);
            }
            PrincipalName primary = in.readPrincipal(version);
            if (primary == null) {
                throw new NegotiateException(
                        Failure.UNKNOWN_CREDENTIALS, "credential cache " + what + " has no principal");
            }
            KerberosName principal = KerberosName.fromKerby(primary, primary.getRealm());
            while (in.available() > 0) {
                Credential c = new Credential();
                c.load(in, version);
                toTicket(c).ifPresent(tickets::add);
            }
            return new Contents(principal, tickets);
        } catch (IOException | RuntimeException e) {
            tickets.forEach(t -> t.sessionKey().destroy());
            throw new NegotiateException(
                    Failure.UNKNOWN_CREDENTIALS, "credential cache " + what + " is malformed: " + e, e);
        }
    }

    /** Kerby's ccache stream with the key type kept as a number and every count checked against the input. */
    private static final class RawKeyStream extends CredCacheInputStream {
        RawKeyStream(ByteArrayInputStream in) {
            super(in);
        }

        @Override
        public EncryptionKey readKey(int version) throws IOException {
            int type = readShort();
            if (version == CredentialCache.FCC_FVNO_3) {
                readShort(); // version 3 repeats the enctype
            }
            return KrbInts.encryptionKey(type, readCountedOctets());
        }

        @Override
        public int readOctetsCount() throws IOException {
            return checkCount(readInt());
        }

        int checkCount(int count) throws IOException {
            if (count < 0 || count > available()) {
                throw new IOException("a count of " + count + " with " + available() + " bytes left");
            }
            return count;
        }
    }

    private static Optional<ServiceTicket> toTicket(Credential c) {
        // the stream above made every key a KrbInts key (raw type): anything else is not one of its credentials
        KrbInts.IntEncryptionKey k = c.getKey() instanceof KrbInts.IntEncryptionKey own ? own : null;
        PrincipalName server = c.getServerName();
        PrincipalName client = c.getClientName();
        if (k == null
                || k.getKeyData() == null
                || server == null
                || client == null
                || c.getTicket() == null
                || c.getEndTime() == null
                || (server.getRealm() != null && server.getRealm().equals("X-CACHECONF:"))
                || server.getNameStrings().get(0).equals("X-CACHECONF:")) {
            return Optional.empty();
        }
        Optional<EncryptionType> t;
        EncodedTicket ticket;
        try {
            t = EncryptionType.of(KrbInts.keyType(k));
            // Kerby decoded the ticket from the local file; its re-encoding is checked as any ticket is
            ticket = TicketCodec.of(c.getTicket());
        } catch (NegotiateException e) {
            return Optional.empty();
        }
        byte[] data = k.getKeyData();
        try {
            if (t.isEmpty() || data.length != t.get().keyLength()) {
                return Optional.empty();
            }
            String clientRealm = client.getRealm() != null ? client.getRealm() : c.getClientRealm();
            String serverRealm = server.getRealm() != null ? server.getRealm() : clientRealm;
            return Optional.of(new ServiceTicket(
                    ticket,
                    new Krb5Key(t.get(), data),
                    KerberosName.fromKerby(client, clientRealm),
                    KerberosName.fromKerby(server, serverRealm),
                    instant(c.getAuthTime()),
                    instant(c.getStartTime()),
                    instant(c.getEndTime()),
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
