package org.jnegotiate.krb5.creds;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabInputStream;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Reads MIT keytab files. Keys of enctypes JNegotiate does not implement (DES, DES3,
 * camellia) are skipped. Names may carry a {@code FILE:} or {@code WRFILE:} prefix.
 */
public final class KeytabFiles {
    private static final long MAX_SIZE = 16L << 20;

    private KeytabFiles() {}

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
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "keytab " + file + " is larger than 16 MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "keytab " + file + " is unreadable: " + e, e);
        }
        try {
            return parse(bytes, file.toString());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * Parses the MIT keytab format (version 0x0502, big-endian): entries prefixed by a signed 32-bit size, a
     * negative size being a hole left by a deleted entry. Kerby's {@code Keytab} reader cannot be used as a whole:
     * it maps the key type through its enum, which lacks the RFC 8009 enctypes 19 and 20, and drops those keys; so
     * the entry loop and the key block are read here, the principal and timestamp with Kerby's stream.
     */
    static List<KeytabKey> parse(byte[] bytes, String what) throws NegotiateException {
        List<KeytabKey> out = new ArrayList<>();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            int version = in.readUnsignedShort();
            if (version != Keytab.V502 && version != Keytab.V501) {
                throw new NegotiateException(
                        Failure.UNKNOWN_CREDENTIALS,
                        "keytab " + what + " has unknown version 0x" + Integer.toHexString(version));
            }
            int pos = 2;
            while (bytes.length - pos >= 4) {
                int size = in.readInt();
                pos += 4;
                if (size == 0) {
                    break; // MIT writes a zero size at the end of a file it pre-extended
                }
                long length = Math.abs((long) size);
                if (length > bytes.length - pos) {
                    throw new NegotiateException(
                            Failure.UNKNOWN_CREDENTIALS,
                            "keytab " + what + " is truncated: an entry of " + size + " bytes at offset " + (pos - 4));
                }
                if (size > 0) {
                    entry(new ByteArrayInputStream(bytes, pos, (int) length), version)
                            .ifPresent(out::add);
                }
                in.skipNBytes(length);
                pos += (int) length;
            }
        } catch (IOException | RuntimeException e) {
            out.forEach(k -> k.key().destroy());
            throw new NegotiateException(Failure.UNKNOWN_CREDENTIALS, "keytab " + what + " is malformed: " + e, e);
        }
        out.sort(Comparator.comparingInt(KeytabKey::kvno).reversed());
        return out;
    }

    /** One entry: principal, timestamp, 8-bit kvno, key block (16-bit type, counted key), optional 32-bit kvno. */
    private static Optional<KeytabKey> entry(ByteArrayInputStream bytes, int version)
            throws IOException, NegotiateException {
        KeytabInputStream in = new KeytabInputStream(bytes);
        PrincipalName p = in.readPrincipal(version);
        in.readTime();
        int kvno = in.readUnsignedByte();
        int keyType = in.readShort();
        int keyLength = in.readUnsignedShort();
        if (keyLength > in.available()) {
            throw new IOException("key of " + keyLength + " bytes in an entry of " + in.available() + " left");
        }
        byte[] data = in.readNBytes(keyLength);
        try {
            if (in.available() >= 4) {
                int kvno32 = in.readInt();
                if (kvno32 != 0) {
                    kvno = kvno32; // the 8-bit field wraps at 255
                }
            }
            Optional<EncryptionType> t = EncryptionType.of(keyType);
            if (t.isEmpty() || data.length != t.get().keyLength()) {
                return Optional.empty(); // DES, 3DES, camellia: not implemented
            }
            return Optional.of(
                    new KeytabKey(KerberosName.fromKerby(p, p.getRealm()), kvno, new Krb5Key(t.get(), data)));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }
}
