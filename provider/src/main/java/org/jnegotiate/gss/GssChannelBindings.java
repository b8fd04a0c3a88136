package org.jnegotiate.gss;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.ietf.jgss.ChannelBinding;
import org.jnegotiate.mech.ChannelBindings;

/** The JDK's {@link ChannelBinding} as the engine's {@link ChannelBindings}. */
final class GssChannelBindings {
    private GssChannelBindings() {}

    /** Converts the JDK's channel bindings exactly as the JDK's Kerberos hashes them (null address: 255). */
    static ChannelBindings toEngine(ChannelBinding cb) {
        boolean tls = cb.getClass().getSimpleName().contains("TlsChannelBinding");
        int none = tls ? ChannelBindings.AF_UNSPEC : ChannelBindings.AF_NULLADDR;
        return new ChannelBindings(
                addressType(cb.getInitiatorAddress(), none),
                address(cb.getInitiatorAddress()),
                addressType(cb.getAcceptorAddress(), none),
                address(cb.getAcceptorAddress()),
                cb.getApplicationData());
    }

    private static int addressType(InetAddress a, int none) {
        if (a instanceof Inet4Address) {
            return ChannelBindings.AF_INET;
        }
        if (a instanceof Inet6Address) {
            return ChannelBindings.AF_INET6;
        }
        return none;
    }

    private static byte[] address(InetAddress a) {
        return a == null ? null : a.getAddress();
    }
}
