package org.jnegotiate.conformance.krb5;

import org.jnegotiate.conformance.fixtures.SambaAdDc;
import org.jnegotiate.conformance.fixtures.TestKdc;

/**
 * JNegotiate's Kerberos against a real Active Directory KDC (Samba 4 AD DC): every check of
 * {@link KerberosConformanceChecks} with AD-issued tickets, which carry a PAC and are made with AD salts. The
 * service accounts have msDS-SupportedEncryptionTypes = AES128|AES256, so tickets and session keys are
 * aes256-cts-hmac-sha1-96, as the clients ask.
 */
class SambaAdKerberosConformanceTest extends KerberosConformanceChecks {

    @Override
    TestKdc startKdc() {
        return SambaAdDc.shared().unclosable();
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
