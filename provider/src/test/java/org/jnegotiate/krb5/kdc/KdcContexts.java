package org.jnegotiate.krb5.kdc;

import java.security.SecureRandom;
import java.time.Clock;

/** KDC request contexts for tests that bring only a KDC: the system clock (UTC) and a fresh {@link SecureRandom}. */
public final class KdcContexts {
    private KdcContexts() {}

    public static KdcRequestContext of(KdcClient kdc, boolean allowWeakCrypto) {
        return new KdcRequestContext(kdc, allowWeakCrypto, Clock.systemUTC(), new SecureRandom());
    }
}
