package org.jnegotiate.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.KerberosWorld;
import org.jnegotiate.krb5.ReloadingKerberosMechanism;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.ntlm.NtlmMechanism;
import org.jnegotiate.spnego.NegotiateMechanism;

/** Builds the mechanisms of this release from a configuration: the single place that lists them. */
final class MechanismCatalog {
    private MechanismCatalog() {}

    static List<Mechanism> build(NegotiateConfig config, KerberosWorld world) {
        List<Mechanism> all = new ArrayList<>();
        all.add(new ReloadingKerberosMechanism(config, world));
        all.add(new NtlmMechanism(config, null, null, world.random(), world.clock()));
        // Negotiate composes the others: it sees exactly the mechanisms listed above
        Map<MechOid, Mechanism> inner = new EnumMap<>(MechOid.class);
        for (Mechanism m : all) {
            for (MechOid oid : m.oids()) {
                inner.put(oid, m);
            }
        }
        all.add(new NegotiateMechanism(config, oid -> Optional.ofNullable(inner.get(oid))));
        return all;
    }
}
