package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users file is read once and again only after it changed. */
class UserFileCacheTest {
    @TempDir
    Path dir;

    Path write(Path file, String content, String modified) throws Exception {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(modified)));
        return file;
    }

    @Test
    void get_unchangedFile_sameDatabaseNotReRead() throws Exception {
        Path f = write(dir.resolve("users"), "D:alice:pw\n", "2024-01-01T00:00:00Z");
        UserFileCache cache = new UserFileCache();
        assertSame(cache.get(f), cache.get(f));
    }

    @Test
    void get_fileEdited_reloaded() throws Exception {
        Path f = write(dir.resolve("users"), "D:alice:pw\n", "2024-01-01T00:00:00Z");
        UserFileCache cache = new UserFileCache();
        FileNtlmUserDatabase before = cache.get(f);
        write(f, "D:alice:pw\nD:bob:pw2\n", "2024-01-01T00:00:05Z");
        FileNtlmUserDatabase after = cache.get(f);
        assertNotSame(before, after);
        assertEquals(1, before.size());
        assertEquals(2, after.size());
    }

    @Test
    void get_missingFile_noCredentialsAndLoadedOnceItAppears() throws Exception {
        Path f = dir.resolve("later");
        UserFileCache cache = new UserFileCache();
        NegotiateException e = assertThrows(NegotiateException.class, () -> cache.get(f));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        write(f, "D:alice:pw\n", "2024-01-01T00:00:00Z");
        assertEquals(1, cache.get(f).size());
    }

    @Test
    void acceptor_userAddedToFile_acceptedAtNextHandshake() throws Exception {
        Path f = write(dir.resolve("users"), "DOMAIN:alice:Secret1\n", "2024-01-01T00:00:00Z");
        NtlmMechanism m = new NtlmMechanism(
                NegotiateConfig.builder().ntlmUserFile(f).environment(Map.of()).build(),
                null,
                NtlmHandshakeTest.NAMES,
                new SecureRandom(),
                Clock.systemUTC());
        MechCredential carol =
                m.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\carol"), MechCredential.Usage.INITIATE)
                        .withPassword("CarolPw".toCharArray()));
        MechContext client =
                m.initiator(MechOid.NTLM, carol, NtlmHandshakeTest.request().build());
        MechContext server = m.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
        NtlmHandshakeTest.failure(Failure.LOGON_DENIED, server, NtlmHandshakeTest.authenticate(client, server));

        write(f, "DOMAIN:alice:Secret1\nDOMAIN:carol:CarolPw\n", "2024-01-01T00:01:00Z");
        client = m.initiator(MechOid.NTLM, carol, NtlmHandshakeTest.request().build());
        server = m.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
        server.step(NtlmHandshakeTest.authenticate(client, server));
        assertEquals(Optional.of(PeerName.user("DOMAIN\\carol")), server.initiatorName());
    }
}
