package org.jnegotiate.conformance.krb5;

import org.jnegotiate.conformance.fixtures.KerbyKdc;
import org.jnegotiate.conformance.fixtures.TestKdc;

/**
 * JNegotiate's Kerberos against Apache Kerby's embedded KDC (aes256-cts-hmac-sha1-96, TCP). No
 * delegation here: Kerby 2.1.1 cannot issue a forwarded TGT (see KerbyKdcHarnessSelfTest).
 */
class KerbyKdcKerberosConformanceTest extends KerberosConformanceChecks {

    @Override
    TestKdc startKdc() {
        return KerbyKdc.builder()
                .enctypes("aes256-cts-hmac-sha1-96")
                .tcpOnly(true)
                .start();
    }

    @Override
    int expectedEnctype() {
        return 18;
    }

    @Override
    String enctypeName() {
        return "aes256-cts-hmac-sha1-96";
    }
}
