package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.junit.jupiter.api.Test;

/**
 * Why the replay cache is one for all acceptor principals ({@link ReplayCaches}): the ticket's sname travels in the
 * clear, so a captured AP-REQ can be sent again under another service name that shares the key (an AD account with
 * several SPNs). One cache refuses it whatever name it carries.
 */
class KerberosReplayTest {
    private static final KerberosName ALIAS =
            KerberosName.hostbasedService("HTTP", "www.exbmple.com", Krb5Testbed.REALM);
    private final Krb5Testbed bed = new Krb5Testbed();

    /** A keytab holding the service key under two names, as one AD account with two SPNs. */
    private Krb5Testbed.FakeKeys twoNamesOneKey() {
        return new Krb5Testbed.FakeKeys(java.util.List.of(bed.serviceKey), Krb5Testbed.KVNO) {
            @Override
            public java.util.List<org.jnegotiate.krb5.crypto.Krb5Key> keysFor(
                    KerberosName server, int etype, Integer kvno) {
                return super.keysFor(server.samePrincipal(ALIAS) ? Krb5Testbed.SERVICE : server, etype, kvno);
            }
        };
    }

    @Test
    void replayUnderAnotherServiceNameSharingTheKey_refused() throws Exception {
        byte[] apReq = new KerberosInitiator(
                        MechOid.KERBEROS,
                        bed.tickets(),
                        ContextRequest.builder()
                                .target(PeerName.hostbased("HTTP@www.example.com"))
                                .build(),
                        bed.settings())
                .step(null)
                .token();
        KerberosAcceptor first = new KerberosAcceptor(
                MechOid.KERBEROS, twoNamesOneKey(), ContextRequest.builder().build(), bed.settings());
        first.step(apReq);
        assertTrue(first.isEstablished());

        byte[] renamed = replace(apReq, "www.example.com", "www.exbmple.com"); // same length: DER unchanged
        KerberosAcceptor second = new KerberosAcceptor(
                MechOid.KERBEROS, twoNamesOneKey(), ContextRequest.builder().build(), bed.settings());
        NegotiateException e = assertThrows(NegotiateException.class, () -> second.step(renamed));
        assertEquals(Failure.REPLAYED_TOKEN, e.failure(), e.getMessage());
        assertEquals(
                "HTTP/www.exbmple.com@EXAMPLE.COM",
                second.acceptorName().orElseThrow().name(),
                "the renamed ticket did reach the key check under its new name");
    }

    private static byte[] replace(byte[] in, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = in.clone();
        outer:
        for (int i = 0; i + f.length <= out.length; i++) {
            for (int j = 0; j < f.length; j++) {
                if (out[i + j] != f[j]) {
                    continue outer;
                }
            }
            System.arraycopy(t, 0, out, i, t.length);
            return out;
        }
        throw new AssertionError(from + " is not in the token");
    }
}
