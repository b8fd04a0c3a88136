package org.jnegotiate.spnego;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * Negotiate's credential: the credentials of the inner mechanisms that could be acquired, in preference
 * order, and for each that could not, the reason (for logs, and so the initiator knows why a mechanism
 * is missing from its list). Kerberos is stored once, under {@link MechOid#KERBEROS}, for both OIDs.
 */
public final class NegotiateCredential implements MechCredential {
    private final Usage usage;
    private final Map<MechOid, MechCredential> acquired;
    private final Map<MechOid, NegotiateException> failures;

    NegotiateCredential(Usage usage, Map<MechOid, MechCredential> acquired, Map<MechOid, NegotiateException> failures) {
        this.usage = usage;
        this.acquired = Collections.unmodifiableMap(new LinkedHashMap<>(acquired));
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    /** Wraps one inner credential (a door that already holds a Kerberos or NTLM credential). */
    public static NegotiateCredential of(MechCredential inner) {
        return new NegotiateCredential(inner.usage(), Map.of(family(inner.mechanism()), inner), Map.of());
    }

    /** Kerberos stands for both of its OIDs. */
    static MechOid family(MechOid oid) {
        return oid.isKerberos() ? MechOid.KERBEROS : oid;
    }

    /** The inner credential for {@code oid} (either Kerberos OID finds the Kerberos credential). */
    public Optional<MechCredential> credentialFor(MechOid oid) {
        return Optional.ofNullable(acquired.get(family(oid)));
    }

    /** The inner credentials, in preference order. */
    public Map<MechOid, MechCredential> acquired() {
        return acquired;
    }

    /** Why each missing mechanism has no credential. */
    public Map<MechOid, NegotiateException> failures() {
        return failures;
    }

    @Override
    public MechOid mechanism() {
        return MechOid.SPNEGO;
    }

    /** The name of the most preferred inner credential. */
    @Override
    public Optional<PeerName> name() {
        return acquired.values().stream().findFirst().flatMap(MechCredential::name);
    }

    @Override
    public Usage usage() {
        return usage;
    }

    /** The earliest expiry of the inner credentials. */
    @Override
    public Optional<Instant> expiry() {
        return acquired.values().stream()
                .map(MechCredential::expiry)
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    @Override
    public void dispose() {
        acquired.values().forEach(MechCredential::dispose);
    }

    @Override
    public String toString() {
        return "NegotiateCredential[acquired=" + acquired.keySet() + ", failed=" + failures.keySet() + "]";
    }
}
