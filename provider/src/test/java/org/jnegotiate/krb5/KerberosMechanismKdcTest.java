package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.kdc.KerbyKdc;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Unwrapped;
import org.junit.jupiter.api.Test;

/**
 * The whole mechanism against a real KDC (Apache Kerby, in-process): a service ticket issued by Kerby for
 * {@code HTTP/localhost}, accepted with the keytab Kerby exported, and a delegated TGT used for a real TGS
 * exchange.
 */
class KerberosMechanismKdcTest {

    /** The production wiring of {@link KerberosMechanism#create}, pointed at the Kerby KDC. */
    private static KerberosMechanism mechanism() throws Exception {
        KerbyKdc kdc = KerbyKdc.get();
        return KerberosMechanism.create(NegotiateConfig.builder()
                .krb5Conf(kdc.krb5Conf)
                .environment(Map.of("KRB5_KTNAME", kdc.serviceKeytab.toString()))
                .useSubjectCredsOnly(true)
                .build());
    }

    @Test
    void create_withoutKrb5Conf_noAuthenticatingAuthority() {
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> KerberosMechanism.create(NegotiateConfig.builder()
                        .krb5Conf(java.nio.file.Path.of("/nonexistent/krb5.conf"))
                        .build()));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
    }

    @Test
    void kerbyIssuedTicket_acceptedWithKeytab_mutualAndDelegation() throws Exception {
        KerberosMechanism mech = mechanism();
        MechCredential alice = mech.acquire(CredentialRequest.of(PeerName.user("alice"), MechCredential.Usage.INITIATE)
                .withPassword(KerbyKdc.ALICE_PASSWORD.toCharArray()));
        MechCredential service =
                mech.acquire(CredentialRequest.of(PeerName.hostbased("HTTP@localhost"), MechCredential.Usage.ACCEPT));
        MechContext init = mech.initiator(
                MechOid.KERBEROS,
                alice,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .flag(ContextFlag.MUTUAL, true)
                        .flag(ContextFlag.DELEGATION, true)
                        .build());
        MechContext acc = mech.acceptor(
                MechOid.MS_KERBEROS, service, ContextRequest.builder().build());

        init.step(acc.step(init.step(null).token()).token());
        assertTrue(init.isEstablished() && acc.isEstablished());
        assertEquals(
                "alice@" + KerbyKdc.REALM, acc.initiatorName().orElseThrow().name());
        assertEquals(
                "HTTP/localhost@" + KerbyKdc.REALM,
                acc.acceptorName().orElseThrow().name());
        assertEquals(MechOid.MS_KERBEROS, acc.mechanism());
        assertTrue(acc.granted().contains(ContextFlag.MUTUAL));

        byte[] m = "over a real ticket".getBytes(StandardCharsets.UTF_8);
        byte[] w = init.protector().wrap(m, 0, m.length, true);
        Unwrapped u = acc.protector().unwrap(w, 0, w.length);
        assertArrayEquals(m, u.message());

        assertTrue(acc.granted().contains(ContextFlag.DELEGATION));
        DelegatedKerberosCredential deleg =
                (DelegatedKerberosCredential) acc.delegatedCredential().orElseThrow();
        assertEquals("alice@" + KerbyKdc.REALM, deleg.client().toString());
        ServiceTicket onward = deleg.serviceTicket(KerberosName.hostbasedService("HTTP", "localhost", KerbyKdc.REALM));
        assertEquals("alice@" + KerbyKdc.REALM, onward.client().toString());

        // the delegated credential can itself initiate to the service
        MechContext again = mech.initiator(
                MechOid.KERBEROS,
                deleg,
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@localhost"))
                        .build());
        MechContext acc2 = mech.acceptor(
                MechOid.KERBEROS, service, ContextRequest.builder().build());
        acc2.step(again.step(null).token());
        assertEquals(
                "alice@" + KerbyKdc.REALM, acc2.initiatorName().orElseThrow().name());
        init.dispose();
        acc.dispose();
        deleg.dispose();
    }

    @Test
    void acceptorCredentialUsedToInitiate_noCredentials() throws Exception {
        KerberosMechanism mech = mechanism();
        MechCredential service =
                mech.acquire(CredentialRequest.of(PeerName.hostbased("HTTP@localhost"), MechCredential.Usage.ACCEPT));
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> mech.initiator(
                        MechOid.KERBEROS,
                        service,
                        ContextRequest.builder()
                                .target(PeerName.hostbased("HTTP@localhost"))
                                .build()));
        assertEquals(Failure.NO_CREDENTIALS, e.failure());
    }

    @Test
    void ntlmOid_unsupportedFunction() throws Exception {
        KerberosMechanism mech = mechanism();
        NegotiateException e = assertThrows(
                NegotiateException.class,
                () -> mech.acceptor(MechOid.NTLM, null, ContextRequest.builder().build()));
        assertEquals(Failure.UNSUPPORTED_FUNCTION, e.failure());
        assertEquals(java.util.Set.of(MechOid.KERBEROS, MechOid.MS_KERBEROS), mech.oids());
    }
}
