package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the NTLM initiator finds its password: explicit, JAAS Subject, users file (by name, NTLMUSER, USER, only entry). */
class NtlmInitiatorCredentialsTest {
    static final String USERS = "# test users\nDOMAIN:alice:Secret1\n:bob:BobPw\nOTHER:carol:CarolPw\n";

    @TempDir
    Path dir;

    Path users(String content) throws Exception {
        Path f = dir.resolve("users");
        Files.writeString(f, content);
        return f;
    }

    NtlmMechanism mech(Path file, Map<String, String> env) {
        NegotiateConfig.Builder b = NegotiateConfig.builder().environment(env);
        if (file != null) {
            b.ntlmUserFile(file);
        }
        return new NtlmMechanism(b.build(), null, NtlmHandshakeTest.NAMES, new SecureRandom(), Clock.systemUTC());
    }

    static CredentialRequest named(String name) {
        return CredentialRequest.of(PeerName.user(name), MechCredential.Usage.INITIATE);
    }

    static CredentialRequest defaults() {
        return CredentialRequest.of(null, MechCredential.Usage.INITIATE);
    }

    /** The credential's account and that its NT hash is the one of {@code password}. */
    static void assertCredential(String domain, String user, String password, MechCredential c) {
        NtlmCredential n = (NtlmCredential) c;
        assertEquals(Optional.of(new NtlmIdentity(domain, user)), n.identity());
        assertArrayEquals(NtlmCrypto.ntowfV1(password.toCharArray()), n.ntHash());
        assertEquals(MechCredential.Usage.INITIATE, n.usage());
    }

    static NegotiateException noCredentials(NtlmMechanism mech, CredentialRequest request) {
        NegotiateException e = assertThrows(NegotiateException.class, () -> mech.acquire(request));
        assertEquals(Failure.NO_CREDENTIALS, e.failure(), e.getMessage());
        return e;
    }

    static Subject subjectWith(NtlmPasswordCredential... creds) {
        Subject s = new Subject();
        for (NtlmPasswordCredential c : creds) {
            s.getPrivateCredentials().add(c);
        }
        return s;
    }

    // ---- a name without a password: the users file ----

    @Test
    void nameWithoutPassword_inUsersFile_passwordFromFile() throws Exception {
        assertCredential(
                "DOMAIN", "alice", "Secret1", mech(users(USERS), Map.of()).acquire(named("DOMAIN\\alice")));
    }

    @Test
    void nameWithoutPassword_userAndDomainOtherCase_matchedAndNamedAsAsked() throws Exception {
        assertCredential(
                "domain", "ALICE", "Secret1", mech(users(USERS), Map.of()).acquire(named("domain\\ALICE")));
    }

    @Test
    void nameWithoutPassword_emptyDomainEntry_matchesAnyDomain() throws Exception {
        assertCredential(
                "SOMEWHERE", "bob", "BobPw", mech(users(USERS), Map.of()).acquire(named("SOMEWHERE\\bob")));
    }

    @Test
    void nameWithoutPassword_noDomainAsked_takesTheEntrysDomain() throws Exception {
        assertCredential(
                "OTHER", "carol", "CarolPw", mech(users(USERS), Map.of()).acquire(named("carol")));
    }

    @Test
    void nameWithoutPassword_otherDomainThanEntry_noCredentialsNamingFileAndUser() throws Exception {
        Path file = users(USERS);
        NegotiateException e = noCredentials(mech(file, Map.of()), named("ELSEWHERE\\alice"));
        assertTrue(
                e.getMessage().contains(file.toString()) && e.getMessage().contains("ELSEWHERE\\alice"),
                e.getMessage());
    }

    @Test
    void nameWithoutPassword_noUsersFileConfigured_noCredentialsSayingHowToConfigure() {
        NegotiateException e = noCredentials(mech(null, Map.of()), named("DOMAIN\\alice"));
        assertTrue(
                e.getMessage().contains("DOMAIN\\alice")
                        && e.getMessage().contains("NTLM_USER_FILE")
                        && e.getMessage().contains("jnegotiate.ntlm.userFile"),
                e.getMessage());
    }

    @Test
    void nameWithoutPassword_usersFileMissing_noCredentialsNamingFile() {
        Path missing = dir.resolve("no-such-file");
        NegotiateException e = noCredentials(mech(missing, Map.of()), named("DOMAIN\\alice"));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void nameWithoutPassword_credentialFromFile_authenticatesToAcceptorOfSameFile() throws Exception {
        NtlmMechanism m = mech(users(USERS), Map.of());
        MechContext client = m.initiator(
                MechOid.NTLM,
                m.acquire(named("DOMAIN\\alice")),
                NtlmHandshakeTest.request().build());
        MechContext server = m.acceptor(
                MechOid.NTLM,
                m.acquire(CredentialRequest.of(null, MechCredential.Usage.ACCEPT)),
                ContextRequest.builder().build());
        server.step(NtlmHandshakeTest.authenticate(client, server));
        assertEquals(Optional.of(PeerName.user("DOMAIN\\alice")), server.initiatorName());
    }

    // ---- no name: default credentials ----

    @Test
    void defaults_ntlmUserSet_thatEntry() throws Exception {
        assertCredential(
                "OTHER",
                "carol",
                "CarolPw",
                mech(users(USERS), Map.of("NTLMUSER", "carol", "USER", "alice")).acquire(defaults()));
    }

    @Test
    void defaults_ntlmUserWithDomain_thatEntryNamedAsSet() throws Exception {
        assertCredential(
                "FAR",
                "bob",
                "BobPw",
                mech(users(USERS), Map.of("NTLMUSER", "FAR\\bob")).acquire(defaults()));
    }

    @Test
    void defaults_ntlmUserNotInFile_noCredentialsEvenWithSingleEntry() throws Exception {
        Path file = users("DOMAIN:alice:Secret1\n");
        NegotiateException e = noCredentials(mech(file, Map.of("NTLMUSER", "mallory")), defaults());
        assertTrue(
                e.getMessage().contains("NTLMUSER=mallory") && e.getMessage().contains(file.toString()),
                e.getMessage());
    }

    @Test
    void defaults_userSetNoNtlmUser_thatEntry() throws Exception {
        assertCredential(
                "DOMAIN",
                "alice",
                "Secret1",
                mech(users(USERS), Map.of("USER", "alice")).acquire(defaults()));
    }

    @Test
    void defaults_userNotInFileButSingleEntry_thatEntry() throws Exception {
        assertCredential(
                "DOMAIN",
                "alice",
                "Secret1",
                mech(users("# only one\nDOMAIN:alice:Secret1\n"), Map.of("USER", "root"))
                        .acquire(defaults()));
    }

    @Test
    void defaults_noEnvironmentSingleEntry_thatEntry() throws Exception {
        assertCredential(
                "", "bob", "BobPw", mech(users(":bob:BobPw\n"), Map.of()).acquire(defaults()));
    }

    @Test
    void defaults_userNotInFileSeveralEntries_noCredentialsNamingFileAndWhatWasLookedFor() throws Exception {
        Path file = users(USERS);
        NegotiateException e = noCredentials(mech(file, Map.of("USER", "root")), defaults());
        assertTrue(
                e.getMessage().contains(file.toString())
                        && e.getMessage().contains("USER=root")
                        && e.getMessage().contains("NTLMUSER")
                        && e.getMessage().contains("3 entries"),
                e.getMessage());
    }

    @Test
    void defaults_noUserFileConfigured_noCredentials() {
        NegotiateException e = noCredentials(mech(null, Map.of("USER", "alice")), defaults());
        assertTrue(e.getMessage().contains("NTLM_USER_FILE"), e.getMessage());
    }

    @Test
    void defaults_emptyUsersFile_noCredentials() throws Exception {
        NegotiateException e = noCredentials(mech(users("# nobody\n"), Map.of()), defaults());
        assertTrue(e.getMessage().contains("0 entries"), e.getMessage());
    }

    // ---- explicit password ----

    @Test
    void explicitPassword_winsOverUsersFile() throws Exception {
        MechCredential c =
                mech(users(USERS), Map.of()).acquire(named("DOMAIN\\alice").withPassword("Given".toCharArray()));
        assertCredential("DOMAIN", "alice", "Given", c);
    }

    @Test
    void explicitPasswordWithoutName_noCredentials() {
        NegotiateException e = noCredentials(mech(null, Map.of()), defaults().withPassword("pw".toCharArray()));
        assertTrue(e.getMessage().contains("without a user name"), e.getMessage());
    }

    // ---- JAAS Subject ----

    @Test
    void subject_noName_itsOnlyPasswordCredential() throws Exception {
        Subject s = subjectWith(new NtlmPasswordCredential("CORP", "dave", "DavePw".toCharArray()));
        assertCredential(
                "CORP",
                "dave",
                "DavePw",
                mech(users(USERS), Map.of()).acquire(defaults().withSubject(s)));
    }

    @Test
    void subject_name_matchingCredentialWinsOverUsersFile() throws Exception {
        Subject s = subjectWith(
                new NtlmPasswordCredential("CORP", "carol", "X".toCharArray()),
                NtlmPasswordCredential.of("domain\\ALICE", "FromSubject".toCharArray()));
        assertCredential(
                "DOMAIN",
                "alice",
                "FromSubject",
                mech(users(USERS), Map.of()).acquire(named("DOMAIN\\alice").withSubject(s)));
    }

    @Test
    void subject_nameNotInSubject_fallsBackToUsersFile() throws Exception {
        Subject s = subjectWith(new NtlmPasswordCredential("CORP", "dave", "DavePw".toCharArray()));
        assertCredential(
                "DOMAIN",
                "alice",
                "Secret1",
                mech(users(USERS), Map.of()).acquire(named("DOMAIN\\alice").withSubject(s)));
    }

    @Test
    void subject_credentialWithoutDomain_takesAskedDomain() throws Exception {
        Subject s = subjectWith(new NtlmPasswordCredential("", "erin", "ErinPw".toCharArray()));
        assertCredential(
                "CORP",
                "erin",
                "ErinPw",
                mech(null, Map.of()).acquire(named("CORP\\erin").withSubject(s)));
    }

    @Test
    void subject_twoCredentialsNoName_noCredentialsAskingForAName() {
        Subject s = subjectWith(
                new NtlmPasswordCredential("CORP", "dave", "a".toCharArray()),
                new NtlmPasswordCredential("CORP", "erin", "b".toCharArray()));
        NegotiateException e = noCredentials(mech(null, Map.of()), defaults().withSubject(s));
        assertTrue(
                e.getMessage().contains("2 NTLM password credentials")
                        && e.getMessage().contains("CORP\\dave"),
                e.getMessage());
        assertFalse(e.getMessage().contains("a]") || e.getMessage().contains("b]"), e.getMessage());
    }

    @Test
    void subject_destroyedCredential_ignored() throws Exception {
        NtlmPasswordCredential c = new NtlmPasswordCredential("CORP", "dave", "DavePw".toCharArray());
        c.destroy();
        assertCredential(
                "",
                "bob",
                "BobPw",
                mech(users(":bob:BobPw\n"), Map.of()).acquire(defaults().withSubject(subjectWith(c))));
    }

    @Test
    void subject_ofCallingThread_usedWithoutBeingPassed() throws Exception {
        NtlmMechanism m = mech(null, Map.of());
        Subject s = subjectWith(new NtlmPasswordCredential("CORP", "dave", "DavePw".toCharArray()));
        @SuppressWarnings("removal")
        MechCredential c = Subject.doAs(s, (PrivilegedExceptionAction<MechCredential>) () -> m.acquire(defaults()));
        assertCredential("CORP", "dave", "DavePw", c);
    }

    @Test
    void subject_withoutPasswordCredential_noFile_noCredentials() {
        NegotiateException e = noCredentials(mech(null, Map.of()), defaults().withSubject(new Subject()));
        assertTrue(e.getMessage().contains("NtlmPasswordCredential"), e.getMessage());
    }

    // ---- the others ----

    @Test
    void anonymousName_anonymousCredential() throws Exception {
        NtlmCredential c = (NtlmCredential) mech(null, Map.of())
                .acquire(
                        CredentialRequest.of(new PeerName("", PeerName.Type.ANONYMOUS), MechCredential.Usage.INITIATE));
        assertTrue(c.isAnonymous());
    }

    @Test
    void acceptUsage_defaultAcceptorCredentialWithoutLookingForPasswords() throws Exception {
        NtlmCredential c =
                (NtlmCredential) mech(null, Map.of()).acquire(CredentialRequest.of(null, MechCredential.Usage.ACCEPT));
        assertEquals(MechCredential.Usage.ACCEPT, c.usage());
        assertEquals(Optional.empty(), c.identity());
    }

    // ---- NtlmPasswordCredential ----

    @Test
    void passwordCredential_destroy_zeroesAndRefusesAccess() {
        char[] given = "pw".toCharArray();
        NtlmPasswordCredential c = new NtlmPasswordCredential("D", "u", given);
        given[0] = 'X';
        assertArrayEquals("pw".toCharArray(), c.password());
        c.destroy();
        assertTrue(c.isDestroyed());
        assertThrows(IllegalStateException.class, c::password);
    }

    @Test
    void passwordCredential_toString_namesAccountNeverPassword() {
        NtlmPasswordCredential c = NtlmPasswordCredential.of("user@DOM", "hunter2".toCharArray());
        assertEquals("NtlmPasswordCredential[DOM\\user]", c.toString());
        assertEquals(new NtlmIdentity("DOM", "user"), c.identity());
    }

    @Test
    void passwordCredential_emptyUser_rejected() {
        assertThrows(IllegalArgumentException.class, () -> new NtlmPasswordCredential("D", "", new char[1]));
    }
}
