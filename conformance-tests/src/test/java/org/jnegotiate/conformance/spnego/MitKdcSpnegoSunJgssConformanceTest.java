package org.jnegotiate.conformance.spnego;

import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.conformance.fixtures.TestKdc;

/** JNegotiate SPNEGO with SunJGSS SPNEGO through MIT's KDC (aes256-cts-hmac-sha1-96, TCP). */
class MitKdcSpnegoSunJgssConformanceTest extends SpnegoSunJgssChecks {

    @Override
    TestKdc startKdc() {
        return MitKdc.builder().tcpOnly(true).start();
    }
}
