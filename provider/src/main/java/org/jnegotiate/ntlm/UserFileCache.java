package org.jnegotiate.ntlm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.jnegotiate.mech.NegotiateException;

/**
 * The NTLM users file as last read: read and hashed again only when its modification time, size or file key
 * changed, so an edit takes effect at the next handshake without every handshake re-reading the file.
 * Thread-safe.
 */
final class UserFileCache {
    private record Snapshot(Path file, Object state, FileNtlmUserDatabase users) {}

    private Snapshot current;

    /** The users of {@code file} as it is now. */
    synchronized FileNtlmUserDatabase get(Path file) throws NegotiateException {
        Object state = state(file);
        if (current == null || !current.file().equals(file) || !current.state().equals(state)) {
            FileNtlmUserDatabase users = FileNtlmUserDatabase.load(file); // fails with the file's name
            current = new Snapshot(file, state, users);
        }
        return current.users();
    }

    private static Object state(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }
}
