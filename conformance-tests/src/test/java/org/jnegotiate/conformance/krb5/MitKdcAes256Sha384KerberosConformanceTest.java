package org.jnegotiate.conformance.krb5;

import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.conformance.fixtures.TestKdc;
import org.junit.jupiter.api.Test;

/** JNegotiate's Kerberos against MIT krb5's KDC with aes256-cts-hmac-sha384-192 keys only. */
class MitKdcAes256Sha384KerberosConformanceTest extends KerberosConformanceChecks {

    @Override
    TestKdc startKdc() {
        return MitKdc.builder().enctypes(enctypeName()).tcpOnly(true).start();
    }

    @Override
    int expectedEnctype() {
        return 20;
    }

    @Override
    String enctypeName() {
        return "aes256-cts-hmac-sha384-192";
    }

    @Test
    void delegation_jnegotiateInitiator_mitAcceptorGetsTicketForSecondService() throws Exception {
        checkJnegotiateDelegatesToMitAcceptor();
    }

    @Test
    void delegation_mitInitiator_jnegotiateAcceptorInitiatesToSecondServices() throws Exception {
        checkMitDelegatesToJnegotiateAcceptor();
    }
}
