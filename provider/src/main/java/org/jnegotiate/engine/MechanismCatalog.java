package org.jnegotiate.engine;

import java.util.ArrayList;
import java.util.List;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.ntlm.NtlmMechanism;

/** Builds the mechanisms of this release from a configuration: the single place that lists them. */
final class MechanismCatalog {
    private MechanismCatalog() {
    }

    static List<Mechanism> build(NegotiateConfig config) {
        List<Mechanism> all = new ArrayList<>();
        all.add(new ReloadingKerberosMechanism(config));
        all.add(new NtlmMechanism(config));
        return all;
    }
}
