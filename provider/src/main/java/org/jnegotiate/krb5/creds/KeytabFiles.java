package org.jnegotiate.krb5.creds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Reads MIT keytab files with Kerby's codec. Keys of enctypes JNegotiate does not implement (DES, DES3,
 * camellia) are skipped. Names may carry a {@code FILE:} or {@code WRFILE:} prefix.
 */
public final class KeytabFiles {
    private static final long MAX_SIZE = 16L << 20;

    private KeytabFiles() {
    }

    /** The path of a keytab name, or empty when it is not a file keytab. */
    public static Optional<Path> path(String name) {
        if (name.startsWith("FILE:")) {
            return Optional.of(Path.of(name.substring(5)));
        }
        if (name.startsWith("WRFILE:")) {
            return Optional.of(Path.of(name.substring(7)));
        }
        if (name.matches("^[A-Z]+:.*") && !name.matches("^[A-Za-z]:\\\\.*")) {
            return Optional.empty(); // MEMORY:, KDB:, ...
        }
        return Optional.of(Path.of(name));
    }

    /**
     * All usable keys, highest kvno first.
     *
     * @throws NegotiateException NO_CREDENTIALS when the file is missing, UNKNOWN_CREDENTIALS when it is malformed
     */
    public static List<KeytabKey> read(Path file) throws NegotiateException {
        if (!Files.isRegularFile(file)) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "keytab " + file + " does not exist");
        }
        Keytab keytab;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "keytab " + file + " is larger than 16 MiB");
            }
            try (InputStream in = Files.newInputStream(file)) {
                keytab = Keytab.loadKeytab(in);
            }
        } catch (IOException | RuntimeException e) {
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "keytab " + file + " is unreadable or malformed: " + e, e);
        }
        List<KeytabKey> out = new ArrayList<>();
        for (PrincipalName p : keytab.getPrincipals()) {
            for (KeytabEntry e : keytab.getKeytabEntries(p)) {
                if (e.getKey() == null || e.getKey().getKeyType() == null || e.getKey().getKeyData() == null) {
                    continue;
                }
                Optional<EncryptionType> t = EncryptionType.of(e.getKey().getKeyType().getValue());
                byte[] data = e.getKey().getKeyData();
                if (t.isPresent() && data.length == t.get().keyLength()) {
                    out.add(new KeytabKey(KerberosName.fromKerby(p, p.getRealm()), e.getKvno(), new Krb5Key(t.get(), data)));
                }
                Arrays.fill(data, (byte) 0);
            }
        }
        out.sort(Comparator.comparingInt(KeytabKey::kvno).reversed());
        return out;
    }
}
