package org.jnegotiate.conformance.ad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.gss.GssPac;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.krb5.crypto.Krb5Cipher;
import org.jnegotiate.krb5.crypto.Krb5Ciphers;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.krb5.pac.PacVerifier;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An AD ticket whose PAC was changed after the KDC signed it, with the service's key in hand (what an attacker
 * who knows a service's key can do: a silver ticket with extra groups). The ticket still decrypts, the
 * authenticator still matches: only the PAC's server signature tells, and JNegotiate's acceptor refuses it with
 * UNAUTHORIZED. A PAC re-signed with the service key but naming another client is refused by the client check.
 * SunJGSS does not verify PACs: it accepts both tickets. The KDC signature verifies with the krbtgt key exported
 * from the DC.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SambaAdPacTamperConformanceTest {
    static final String USER = "tampuser";
    static final String PASSWORD = "Tamp-user-Passw0rd";
    static final String SERVICE = "HTTP/tamper." + SambaAdDc.DNS_DOMAIN;
    static final String TARGET = "HTTP@tamper." + SambaAdDc.DNS_DOMAIN;
    /** PAC buffer types (MS-PAC 2.4). */
    static final int LOGON_INFO = 1;

    static final int SERVER_CHECKSUM = 6;
    static final int KDC_CHECKSUM = 7;
    static final int CLIENT_INFO = 10;

    private AdRealm realm;
    private Path userKeytab;
    private Path serviceKeytab;
    private Path krbtgtKeytab;

    @BeforeAll
    void accounts() {
        realm = new AdRealm();
        realm.dc.addUser(USER, PASSWORD);
        realm.dc.addServiceAccount("tampsvc", "Tamp-service-Passw0rd", true, SERVICE);
        userKeytab = realm.keytab("tampuser.keytab", USER);
        serviceKeytab = realm.keytab("tampsvc.keytab", SERVICE);
        krbtgtKeytab = realm.keytab("krbtgt.keytab", "krbtgt");
    }

    @Test
    void untouchedPac_accepted_andKdcSignatureVerifiesWithTheKrbtgtKey() throws Exception {
        ApReq apReq = ApReq.of(firstToken(), serviceCipher());
        GSSContext acceptor = realm.jnegotiate().createContext((GSSCredential) null);
        SunJgss.as(serviceSubject(), () -> acceptor.acceptSecContext(apReq.token, 0, apReq.token.length));
        assertTrue(acceptor.isEstablished());
        Pac pac = GssPac.of(acceptor).orElseThrow();
        assertArrayEquals(apReq.pac(), pac.encoded());
        assertEquals(USER, pac.logonInfo().orElseThrow().effectiveName());

        Krb5Cipher krbtgt = cipher(
                krbtgtKeytab, "krbtgt@" + SambaAdDc.REALM, EncryptionType.of(18).orElseThrow());
        PacVerifier.verifyKdcSignature(pac, krbtgt);
        byte[] otherServerSignature = apReq.pac();
        int at = signatureOffset(otherServerSignature, SERVER_CHECKSUM);
        otherServerSignature[at] ^= 1;
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> PacVerifier.verifyKdcSignature(Pac.decode(otherServerSignature), krbtgt));
        assertEquals(Failure.LOGON_DENIED, e.failure());
        assertTrue(e.getMessage().contains("KDC signature does not verify"), e.getMessage());
    }

    @Test
    void pacAlteredAfterSigning_jnegotiateRefusesUnauthorized_sunJgssAccepts() throws Exception {
        ApReq apReq = ApReq.of(firstToken(), serviceCipher());
        byte[] pac = apReq.pac();
        // one character of the user's name where it first appears (the logon info's EffectiveName)
        int name = indexOfUtf16(pac, USER);
        assertTrue(name > 0);
        pac[name] = (byte) 'T';
        byte[] tampered = apReq.withPac(pac);

        GSSContext acceptor = realm.jnegotiate().createContext((GSSCredential) null);
        GSSException failure = assertThrows(
                GSSException.class,
                () -> SunJgss.as(serviceSubject(), () -> acceptor.acceptSecContext(tampered, 0, tampered.length)));
        assertEquals(GSSException.UNAUTHORIZED, failure.getMajor());
        assertTrue(
                failure.getMinorString().contains("PAC's server signature does not verify"), failure.getMinorString());

        GSSContext sun = SunJgss.manager().createContext((GSSCredential) null);
        Subject service = SunJgss.login(realm.dc, realm.principal(SERVICE), serviceKeytab, false);
        SunJgss.as(service, () -> sun.acceptSecContext(tampered, 0, tampered.length));
        assertTrue(sun.isEstablished(), "SunJGSS does not check the PAC");
    }

    @Test
    void pacOfAnotherClient_resignedWithTheServiceKey_refusedUnauthorized() throws Exception {
        Krb5Cipher service = serviceCipher();
        ApReq apReq = ApReq.of(firstToken(), service);
        byte[] pac = apReq.pac();
        int name = bufferOffset(pac, CLIENT_INFO) + 8 + 2; // ClientId, NameLength, then the name
        assertEquals('t', pac[name]);
        pac[name] = 'x';
        // sign again with the service key, both signatures zeroed (what a holder of the service key can do)
        byte[] zeroed = pac.clone();
        int server = signatureOffset(pac, SERVER_CHECKSUM);
        int kdc = signatureOffset(pac, KDC_CHECKSUM);
        Arrays.fill(zeroed, server, server + 12, (byte) 0);
        Arrays.fill(zeroed, kdc, kdc + 12, (byte) 0);
        byte[] signature = service.checksum(17, zeroed, 0, zeroed.length);
        System.arraycopy(signature, 0, pac, server, 12);
        byte[] resigned = apReq.withPac(pac);

        GSSContext acceptor = realm.jnegotiate().createContext((GSSCredential) null);
        GSSException failure = assertThrows(
                GSSException.class,
                () -> SunJgss.as(serviceSubject(), () -> acceptor.acceptSecContext(resigned, 0, resigned.length)));
        assertEquals(GSSException.UNAUTHORIZED, failure.getMajor());
        assertTrue(
                failure.getMinorString().contains("the PAC is for xampuser, the ticket for " + USER + "@"),
                failure.getMinorString());
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A fresh AP-REQ of JNegotiate's initiator for the service (never accepted before). */
    private byte[] firstToken() throws Exception {
        GSSContext initiator = AdRealm.initiator(realm.jnegotiate(), TARGET, AdRealm.KRB5);
        Subject user = realm.keytabSubject(USER, userKeytab);
        return SunJgss.as(user, () -> initiator.initSecContext(new byte[0], 0, 0));
    }

    private Subject serviceSubject() {
        return realm.keytabSubject(SERVICE, serviceKeytab);
    }

    private Krb5Cipher serviceCipher() {
        return cipher(
                serviceKeytab,
                SERVICE + "@" + SambaAdDc.REALM,
                EncryptionType.of(18).orElseThrow());
    }

    private static Krb5Cipher cipher(Path keytab, String principal, EncryptionType type) {
        KerberosPrincipal p = new KerberosPrincipal(principal);
        for (KerberosKey key : KeyTab.getInstance(p, keytab.toFile()).getKeys(p)) {
            if (key.getKeyType() == type.id()) {
                return Krb5Ciphers.of(new Krb5Key(type, key.getEncoded()), new SecureRandom());
            }
        }
        throw new AssertionError("no " + type.krb5Name() + " key of " + principal + " in " + keytab);
    }

    /** An AP-REQ token with its ticket decrypted, to be re-encrypted with another PAC. */
    private record ApReq(
            byte[] token, Krb5Cipher service, byte[] plain, int pacOffset, int pacLength, int cipherOffset) {

        static ApReq of(byte[] token, Krb5Cipher service) throws NegotiateException {
            ContextToken.Located located = ContextToken.locate(GssFraming.unwrap(token, MechOid.KERBEROS));
            ApReqMessage message = ApReqMessage.decode(located.bytes(), located.offset(), located.length());
            byte[] cipher = message.ticketCipher();
            byte[] plain = message.decryptTicket(service);
            byte[] pac = Pac.find(TicketPart.decode(plain).authorizationData()).orElseThrow();
            return new ApReq(token, service, plain, indexOf(plain, pac), pac.length, indexOf(token, cipher));
        }

        byte[] pac() {
            return Arrays.copyOfRange(plain, pacOffset, pacOffset + pacLength);
        }

        /** The token with {@code pac} (same length) in the ticket, encrypted again with the service key. */
        byte[] withPac(byte[] pac) {
            byte[] newPlain = plain.clone();
            System.arraycopy(pac, 0, newPlain, pacOffset, pacLength);
            byte[] cipher = service.encrypt(ApReqMessage.TICKET_USAGE, newPlain, 0, newPlain.length);
            byte[] out = token.clone();
            System.arraycopy(cipher, 0, out, cipherOffset, cipher.length);
            assertNotEquals(-1, cipherOffset);
            return out;
        }
    }

    /** PACTYPE: cBuffers, Version, then {ulType, cbBufferSize, Offset (8)} per buffer; the offset of {@code type}. */
    private static int bufferOffset(byte[] pac, int type) {
        ByteBuffer b = ByteBuffer.wrap(pac).order(ByteOrder.LITTLE_ENDIAN);
        int count = b.getInt(0);
        for (int i = 0; i < count; i++) {
            if (b.getInt(8 + 16 * i) == type) {
                return (int) b.getLong(8 + 16 * i + 8);
            }
        }
        throw new AssertionError("no PAC buffer of type " + type);
    }

    /** PAC_SIGNATURE_DATA: SignatureType (4), then the signature. */
    private static int signatureOffset(byte[] pac, int type) {
        return bufferOffset(pac, type) + 4;
    }

    private static int indexOfUtf16(byte[] haystack, String text) {
        return indexOf(haystack, text.getBytes(StandardCharsets.UTF_16LE));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
