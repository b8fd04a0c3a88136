package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.junit.jupiter.api.Test;

class NtlmIdentityTest {

    @Test
    void parse_backslash_domainAndUser() {
        assertEquals(new NtlmIdentity("DOMAIN", "alice"), NtlmIdentity.parse("DOMAIN\\alice"));
        assertEquals("DOMAIN\\alice", NtlmIdentity.parse("DOMAIN\\alice").toString());
    }

    @Test
    void parse_atNetbiosDomain_split() {
        assertEquals(new NtlmIdentity("DOMAIN", "alice"), NtlmIdentity.parse("alice@DOMAIN"));
    }

    @Test
    void parse_upn_keptWholeWithEmptyDomain() {
        assertEquals(new NtlmIdentity("", "alice@domain.local"), NtlmIdentity.parse("alice@domain.local"));
    }

    @Test
    void parse_bareUser_emptyDomain() {
        assertEquals(new NtlmIdentity("", "alice"), NtlmIdentity.parse("alice"));
    }

    @Test
    void userFile_lookup_caseInsensitiveUserAndWildcardDomain() throws Exception {
        FileNtlmUserDatabase db = FileNtlmUserDatabase.parse(
                List.of("# comment", "", "DOMAIN:Alice:pw:with:colons", ":bob:pw2"), "users");
        assertEquals(2, db.size());
        assertArrayEquals(
                NtlmCrypto.ntowfV1("pw:with:colons".toCharArray()),
                db.ntHash("domain", "ALICE").orElseThrow().toByteArray());
        assertTrue(db.ntHash("OTHER", "alice").isEmpty());
        assertArrayEquals(
                NtlmCrypto.ntowfV1("pw2".toCharArray()),
                db.ntHash("ANY", "Bob").orElseThrow().toByteArray());
    }

    @Test
    void userFile_malformedLine_noCredentialsWithLineNumber() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> FileNtlmUserDatabase.parse(List.of("DOMAIN:alice:pw", "garbage"), "users"));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void credential_toString_neverShowsSecret() {
        NtlmCredential c = NtlmCredential.withPassword(NtlmIdentity.parse("D\\u1"), "Secret1".toCharArray());
        assertEquals("NtlmCredential[D\\u1, INITIATE]", c.toString());
    }
}
