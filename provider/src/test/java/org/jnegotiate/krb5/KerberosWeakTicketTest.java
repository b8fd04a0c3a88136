package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;

/**
 * A ticket encrypted with the service's RC4 key (what Active Directory issues for an account without
 * msDS-SupportedEncryptionTypes): refused with a message naming the service, the enctype and both fixes, unless
 * weak crypto is allowed.
 */
class KerberosWeakTicketTest {
    private final Krb5Testbed bed = new Krb5Testbed(new KerbyTestCrypto().randomKey(EncryptionType.RC4_HMAC));

    private byte[] apReq() throws NegotiateException {
        return new KerberosInitiator(
                        MechOid.KERBEROS,
                        bed.tickets(),
                        ContextRequest.builder()
                                .target(PeerName.hostbased("HTTP@www.example.com"))
                                .flag(ContextFlag.MUTUAL, true)
                                .build(),
                        bed.settings())
                .step(null)
                .token();
    }

    @Test
    void rc4Ticket_refusedNamingTheServiceTheEnctypeAndTheFix() throws Exception {
        byte[] apReq = apReq();
        KerberosAcceptor acceptor = new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), ContextRequest.builder().build(), bed.settings());
        NegotiateException e = assertThrows(NegotiateException.class, () -> acceptor.step(apReq));
        assertEquals(Failure.UNKNOWN_CREDENTIALS, e.failure());
        assertEquals(
                "credentials not recognised: "
                        + TicketPolicy.weakTicketMessage(Krb5Testbed.SERVICE, EncryptionType.RC4_HMAC),
                e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("the ticket for HTTP/www.example.com@EXAMPLE.COM is encrypted with "
                                + "rc4-hmac (etype 23)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("msDS-SupportedEncryptionTypes to 24"), e.getMessage());
        assertTrue(e.getMessage().contains("jnegotiate.allowWeakCrypto=true"), e.getMessage());
    }

    @Test
    void rc4Ticket_weakCryptoAllowed_accepted() throws Exception {
        byte[] apReq = apReq();
        KerberosSettings weak = new KerberosSettings(
                bed.crypto,
                bed.clock,
                KerberosSettings.DEFAULT_SKEW,
                host -> Krb5Testbed.REALM,
                Optional.empty(),
                false,
                true,
                Optional.empty());
        KerberosAcceptor acceptor = new KerberosAcceptor(
                MechOid.KERBEROS, bed.keys(), ContextRequest.builder().build(), weak);
        acceptor.step(apReq);
        assertTrue(acceptor.isEstablished());
    }
}
