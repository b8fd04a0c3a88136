package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.TokenOrder;
import org.junit.jupiter.api.Test;

/**
 * The project's crypto ({@link KerberosCrypto#standard(java.security.SecureRandom)}) on one side, Kerby's on the other: AP-REQ/AP-REP
 * and every per-message token (key usages 2, 11, 12, 14, 22-25) must agree between the two implementations.
 */
class KerberosCryptoCrossTest {
    private final Krb5Testbed bed = new Krb5Testbed();

    private KerberosSettings with(KerberosCrypto crypto) {
        KerberosSettings s = bed.settings();
        return new KerberosSettings(
                crypto,
                s.clock(),
                s.clockSkew(),
                s.realmResolver(),
                s.replayCache(),
                s.allowMissingBindings(),
                s.allowWeakCrypto(),
                s.tgsClient());
    }

    @Test
    void standardInitiator_kerbyAcceptor_interoperate() throws Exception {
        run(with(KerberosCrypto.standard(new SecureRandom())), with(bed.crypto));
    }

    @Test
    void kerbyInitiator_standardAcceptor_interoperate() throws Exception {
        run(with(bed.crypto), with(KerberosCrypto.standard(new SecureRandom())));
    }

    private void run(KerberosSettings initSettings, KerberosSettings accSettings) throws Exception {
        ContextRequest req = ContextRequest.builder()
                .target(PeerName.hostbased("HTTP@www.example.com"))
                .flag(ContextFlag.MUTUAL, true)
                .flag(ContextFlag.DELEGATION, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true)
                .build();
        KerberosInitiator init = new KerberosInitiator(MechOid.KERBEROS, bed.tickets(), req, initSettings);
        KerberosAcceptor acc = new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), ContextRequest.builder().build(), accSettings);
        init.step(acc.step(init.step(null).token()).token());
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertTrue(acc.delegatedCredential().isPresent());
        byte[] m = "cross-implementation".getBytes(StandardCharsets.US_ASCII);
        exchange(init.protector(), acc.protector(), m);
        exchange(acc.protector(), init.protector(), m);
    }

    private static void exchange(MessageProtector from, MessageProtector to, byte[] m) throws Exception {
        for (boolean conf : new boolean[] {true, false}) {
            byte[] t = from.wrap(m, 0, m.length, conf);
            assertArrayEquals(m, to.unwrap(t, 0, t.length).message());
        }
        byte[] mic = from.getMic(m, 0, m.length);
        assertEquals(TokenOrder.IN_ORDER, to.verifyMic(mic, 0, mic.length, m, 0, m.length));
    }

    @Test
    void standardCrypto_unknownEnctypeKey_unsupported() {
        // Krb5Ciphers refuses nothing we can construct; the adapter maps a destroyed key to INVALID_HANDLE
        org.jnegotiate.krb5.crypto.Krb5Key k =
                bed.crypto.randomKey(org.jnegotiate.krb5.crypto.EncryptionType.AES128_CTS_HMAC_SHA1_96);
        k.destroy();
        assertEquals(
                org.jnegotiate.mech.Failure.INVALID_HANDLE,
                org.junit.jupiter.api.Assertions.assertThrows(
                                org.jnegotiate.mech.NegotiateException.class,
                                () -> KerberosCrypto.standard(new SecureRandom())
                                        .cipher(k))
                        .failure());
        assertTrue(Optional.of(KerberosCrypto.standard(new SecureRandom())).isPresent());
    }
}
