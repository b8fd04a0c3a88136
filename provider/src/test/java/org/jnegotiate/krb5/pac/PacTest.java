package org.jnegotiate.krb5.pac;

import static org.jnegotiate.krb5.pac.PacTestSupport.ifRelevant;
import static org.jnegotiate.krb5.pac.PacTestSupport.resign;
import static org.jnegotiate.krb5.pac.PacTestSupport.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

/**
 * The PAC decoder and verifier on a PAC a Samba 4.17 AD DC issued (user {@code tampuser} of domain EXAMPLE /
 * AD.EXAMPLE.TEST, written from a ticket of the conformance suite's DC), re-signed here with a key of the test
 * where a signature must verify; and on malformed PACs, including the CVE-2022-42898 shapes.
 */
class PacTest {
    static final String DOMAIN_SID = "S-1-5-21-307938335-2606526835-121944856";
    static final Instant AUTH_TIME = Instant.parse("2026-12-02T01:02:59Z");

    @Test
    void sambaPac_decodesNamesSidsGroupsUpnAndClientInfo() throws Exception {
        Pac pac = Pac.decode(sample());
        assertEquals(List.of(1, 10, 12, 6, 7, 16, 19), pac.bufferTypes());
        KerbValidationInfo logon = pac.logonInfo().orElseThrow();
        assertEquals("tampuser", logon.effectiveName());
        assertEquals("", logon.fullName());
        assertEquals("DC1", logon.logonServer());
        assertEquals("EXAMPLE", logon.logonDomainName());
        assertEquals(Sid.parse(DOMAIN_SID), logon.logonDomainSid());
        assertEquals(1102, logon.userId());
        assertEquals(Sid.parse(DOMAIN_SID + "-1102"), logon.userSid());
        assertEquals(Sid.parse(DOMAIN_SID + "-513"), logon.primaryGroupSid());
        assertEquals(List.of(new KerbValidationInfo.GroupMembership(513, 7)), logon.groupIds());
        // "Authentication authority asserted identity", as Windows adds it
        assertEquals(List.of(new KerbValidationInfo.SidAndAttributes(Sid.parse("S-1-18-1"), 7)), logon.extraSids());
        assertEquals(List.of(Sid.parse(DOMAIN_SID + "-513"), Sid.parse("S-1-18-1")), logon.groupSids());
        assertEquals(Optional.empty(), logon.resourceGroupDomainSid());

        UpnDnsInfo upn = pac.upnDnsInfo().orElseThrow();
        assertEquals("tampuser@ad.example.test", upn.upn());
        assertEquals("AD.EXAMPLE.TEST", upn.dnsDomainName());
        assertEquals(UpnDnsInfo.EXTENDED, upn.flags());
        assertEquals(Optional.of("tampuser"), upn.samName());
        assertEquals(Optional.of(logon.userSid()), upn.sid());

        assertEquals(new PacClientInfo(AUTH_TIME, "tampuser"), pac.clientInfo().orElseThrow());
        assertEquals(
                PacSignature.HMAC_SHA1_96_AES256,
                pac.serverSignature().orElseThrow().type());
        assertEquals(
                PacSignature.HMAC_SHA1_96_AES256,
                pac.kdcSignature().orElseThrow().type());
    }

    @Test
    void sid_parseAndPrint() {
        assertEquals(DOMAIN_SID + "-1102", Sid.parse(DOMAIN_SID).withRid(1102).toString());
        assertEquals(1102, Sid.parse(DOMAIN_SID + "-1102").rid());
        assertThrows(IllegalArgumentException.class, () -> Sid.parse("S-2-5"));
        assertThrows(IllegalArgumentException.class, () -> Sid.parse("S-1-5-4294967296"));
    }

    // ---- verification ------------------------------------------------------------------------

    @Test
    void verify_resignedWithTheServiceKey_returnsThePac() throws Exception {
        Krb5Cipher key = key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        Pac pac = PacVerifier.verify(resign(sample(), key), key, client("tampuser"), AUTH_TIME);
        assertEquals("tampuser", pac.logonInfo().orElseThrow().effectiveName());
        // the client name may carry the realm (MIT writes it so for cross-realm clients) and differs in case only
        PacVerifier.verify(resign(sample(), key), key, client("TampUser"), AUTH_TIME);
    }

    @Test
    void verify_samba_signatureOfAnotherKey_logonDenied() throws Exception {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> PacVerifier.verify(
                        sample(), key(EncryptionType.AES256_CTS_HMAC_SHA1_96), client("tampuser"), AUTH_TIME));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertTrue(e.getMessage().contains("server signature does not verify"), e.getMessage());
    }

    @Test
    void verify_alteredAfterSigning_logonDenied() throws Exception {
        Krb5Cipher key = key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        byte[] pac = resign(sample(), key);
        int rid = indexOf(pac, new byte[] {0x01, 0x02, 0, 0, 0x07, 0, 0, 0}); // GroupIds[0] = {513, 7}
        pac[rid] = 0x00; // 512: Domain Admins
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> PacVerifier.verify(pac, key, client("tampuser"), AUTH_TIME));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertTrue(e.getMessage().contains("server signature does not verify"), e.getMessage());
    }

    @Test
    void verify_otherClientOrAuthTime_logonDenied() throws Exception {
        Krb5Cipher key = key(EncryptionType.AES256_CTS_HMAC_SHA1_96);
        byte[] pac = resign(sample(), key);
        NegotiateException name =
                assertThrows(NegotiateException.class, () -> PacVerifier.verify(pac, key, client("alice"), AUTH_TIME));
        assertEquals(Failure.LOGON_DENIED, name.failure());
        assertEquals("logon denied: the PAC is for tampuser, the ticket for alice@AD.EXAMPLE.TEST", name.getMessage());
        NegotiateException time = assertThrows(
                NegotiateException.class,
                () -> PacVerifier.verify(pac, key, client("tampuser"), AUTH_TIME.plusSeconds(1)));
        assertEquals(Failure.LOGON_DENIED, time.failure());
        assertTrue(
                time.getMessage().startsWith("logon denied: the PAC's authentication time 2026-12-02T01:02:59Z is not"),
                time.getMessage());
    }

    @Test
    void verify_keyOfAnotherEnctype_logonDeniedNamingTheChecksumType() throws Exception {
        Krb5Cipher aes128 = key(EncryptionType.AES128_CTS_HMAC_SHA1_96);
        NegotiateException e = assertThrows(
                NegotiateException.class, () -> PacVerifier.verify(sample(), aes128, client("tampuser"), AUTH_TIME));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertEquals(
                "logon denied: the PAC's server signature is of checksum type 16, which a aes128-cts-hmac-sha1-96 key does "
                        + "not make",
                e.getMessage());
    }

    @Test
    void verify_noServerSignature_logonDenied() throws Exception {
        byte[] pac = sample();
        setBufferType(pac, 3, 99); // the server checksum buffer becomes one of an unknown type
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> PacVerifier.verify(
                        pac, key(EncryptionType.AES256_CTS_HMAC_SHA1_96), client("tampuser"), AUTH_TIME));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertEquals("logon denied: the PAC has no server signature", e.getMessage());
    }

    @Test
    void find_pacInsideAdIfRelevant_andTwoPacsRefused() throws Exception {
        byte[] pac = sample();
        AuthorizationDataEntry wrapped = ifRelevant(pac);
        assertArrayEquals(
                pac,
                Pac.find(List.of(new AuthorizationDataEntry(99, new byte[1]), wrapped))
                        .orElseThrow());
        assertEquals(
                Optional.empty(),
                Pac.find(List.of(new AuthorizationDataEntry(128, pac))),
                "a PAC outside AD-IF-RELEVANT is not where a KDC puts it");
        NegotiateException e = assertThrows(NegotiateException.class, () -> Pac.find(List.of(wrapped, wrapped)));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    // ---- malformed ---------------------------------------------------------------------------

    @Test
    void everyTruncation_invalidToken() throws Exception {
        byte[] pac = sample();
        for (int length = 0; length < pac.length; length++) {
            byte[] cut = Arrays.copyOf(pac, length);
            NegotiateException e = assertThrows(NegotiateException.class, () -> Pac.decode(cut), "length " + length);
            assertEquals(Failure.INVALID_TOKEN, e.failure());
        }
    }

    @Test
    void cve202242898_bufferCountOverflowingTheHeader_invalidToken() throws Exception {
        // cBuffers = 2^28: 8 + 16 * cBuffers is 8 in 32-bit arithmetic
        byte[] pac = le(0x10000000, 0, 1, 0x100, 8, 0);
        NegotiateException e = assertThrows(NegotiateException.class, () -> Pac.decode(pac));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        assertEquals("invalid token: PAC: version 0 with 268435456 buffers in 24 bytes", e.getMessage());
    }

    @Test
    void cve202242898_offsetOrSizeWrapping_invalidToken() throws Exception {
        byte[] offsetWrap = Arrays.copyOf(le(1, 0, 10, 16, 0xFFFFFFF8, 0xFFFFFFFF), 40);
        NegotiateException e = assertThrows(NegotiateException.class, () -> Pac.decode(offsetWrap));
        assertEquals(
                "invalid token: PAC: buffer 0 (type 10) at 18446744073709551608+16 outside 24..40", e.getMessage());
        byte[] sizeWrap = Arrays.copyOf(le(1, 0, 10, 0xFFFFFFF0, 24, 0), 40);
        e = assertThrows(NegotiateException.class, () -> Pac.decode(sizeWrap));
        assertEquals("invalid token: PAC: buffer 0 (type 10) at 24+4294967280 outside 24..40", e.getMessage());
    }

    @Test
    void duplicateInterpretedBuffer_invalidToken() throws Exception {
        byte[] pac = sample();
        setBufferType(pac, 2, 10); // UPN_DNS_INFO claims to be a second client info
        NegotiateException e = assertThrows(NegotiateException.class, () -> Pac.decode(pac));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        assertTrue(e.getMessage().contains("two buffers of type 10"), e.getMessage());
    }

    @Test
    void groupCountBeyondTheBytes_invalidTokenBeforeAllocation() throws Exception {
        byte[] pac = sample();
        // GroupCount alone set to 4096: the conformance count (1) disagrees
        int groupCount = indexOf(pac, new byte[] {0x4e, 0x04, 0, 0, 0x01, 0x02, 0, 0, 0x01, 0, 0, 0}) + 8;
        ByteBuffer.wrap(pac).order(ByteOrder.LITTLE_ENDIAN).putInt(groupCount, 4096);
        NegotiateException e = assertThrows(NegotiateException.class, () -> Pac.decode(pac));
        assertEquals("invalid token: PAC logon info: GroupIds: MaxCount 1 for a count of 4096", e.getMessage());
        // and the conformance count too: 32 KiB announced, a few hundred bytes there
        int maxCount = indexOf(pac, new byte[] {0x01, 0, 0, 0, 0x01, 0x02, 0, 0, 0x07, 0, 0, 0});
        ByteBuffer.wrap(pac).order(ByteOrder.LITTLE_ENDIAN).putInt(maxCount, 4096);
        e = assertThrows(NegotiateException.class, () -> Pac.decode(pac));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
        assertTrue(
                e.getMessage().startsWith("invalid token: PAC logon info: GroupIds needs 32768 bytes"), e.getMessage());
    }

    // ---- helpers -----------------------------------------------------------------------------

    static KerberosName client(String name) {
        return new KerberosName(KerberosName.NT_PRINCIPAL, List.of(name), "AD.EXAMPLE.TEST");
    }

    static Krb5Cipher key(EncryptionType type) {
        byte[] bytes = new byte[type.keyLength()];
        Arrays.fill(bytes, (byte) 0x5A);
        return Krb5Ciphers.of(new Krb5Key(type, bytes), new SecureRandom());
    }

    private static void setBufferType(byte[] pac, int index, int type) {
        ByteBuffer.wrap(pac).order(ByteOrder.LITTLE_ENDIAN).putInt(8 + 16 * index, type);
    }

    private static byte[] le(int... words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        int at = org.jnegotiate.testing.Bytes.indexOf(haystack, needle);
        assertTrue(at >= 0, "pattern not found");
        return at;
    }
}
