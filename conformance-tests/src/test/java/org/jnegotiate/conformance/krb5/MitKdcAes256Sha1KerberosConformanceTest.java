package org.jnegotiate.conformance.krb5;

import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.conformance.fixtures.TestKdc;
import org.junit.jupiter.api.Test;

/** JNegotiate's Kerberos against MIT krb5's KDC with aes256-cts-hmac-sha1-96 keys only. */
class MitKdcAes256Sha1KerberosConformanceTest extends KerberosConformanceChecks {

    @Override
    TestKdc startKdc() {
        return MitKdc.builder().enctypes(enctypeName()).tcpOnly(false).start();
    }

    @Override
    int expectedEnctype() {
        return 18;
    }

    @Override
    String enctypeName() {
        return "aes256-cts-hmac-sha1-96";
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
