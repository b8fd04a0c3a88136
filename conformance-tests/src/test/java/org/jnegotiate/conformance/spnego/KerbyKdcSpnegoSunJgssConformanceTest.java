package org.jnegotiate.conformance.spnego;

import org.jnegotiate.conformance.fixtures.KerbyKdc;
import org.jnegotiate.conformance.fixtures.TestKdc;

/** JNegotiate SPNEGO with SunJGSS SPNEGO through Apache Kerby's KDC (aes256-cts-hmac-sha1-96). */
class KerbyKdcSpnegoSunJgssConformanceTest extends SpnegoSunJgssChecks {

    @Override
    TestKdc startKdc() {
        return KerbyKdc.builder().realm("JNEGOTIATE.TEST").start();
    }
}
