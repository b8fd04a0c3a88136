package org.jnegotiate.spnego;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;

/**
 * The Negotiate mechanism (SPNEGO, RFC 4178, as Windows does it, OID 1.3.6.1.5.5.2) over the inner
 * mechanisms found through a lookup (the engine's table): Kerberos and NTLM in the order of
 * {@link NegotiateConfig#mechanisms()}.
 */
public final class NegotiateMechanism implements Mechanism {
    private static final System.Logger LOG = System.getLogger("org.jnegotiate.spnego");

    private final NegotiateConfig config;
    private final Function<MechOid, Optional<Mechanism>> inner;

    public NegotiateMechanism(NegotiateConfig config, Function<MechOid, Optional<Mechanism>> inner) {
        this.config = Objects.requireNonNull(config, "config");
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public Set<MechOid> oids() {
        return Set.of(MechOid.SPNEGO);
    }

    /**
     * Acquires a credential of every configured inner mechanism that has one; fails with NO_CREDENTIALS
     * only when none has.
     */
    @Override
    public NegotiateCredential acquire(CredentialRequest request) throws NegotiateException {
        Map<MechOid, MechCredential> acquired = new LinkedHashMap<>();
        Map<MechOid, NegotiateException> failures = new LinkedHashMap<>();
        for (MechOid family : config.mechanisms()) {
            Optional<Mechanism> m = lookup(family);
            if (m.isEmpty()) {
                failures.put(
                        family,
                        new NegotiateException(
                                Failure.UNSUPPORTED_FUNCTION, family + " is not available in this engine"));
                continue;
            }
            try {
                acquired.put(NegotiateCredential.family(family), m.get().acquire(request));
            } catch (NegotiateException e) {
                LOG.log(System.Logger.Level.DEBUG, "Negotiate: no {0} credential: {1}", family, e.getMessage());
                failures.put(family, e);
            }
        }
        if (acquired.isEmpty()) {
            StringBuilder why = new StringBuilder("no mechanism of Negotiate has credentials:");
            failures.forEach((k, v) -> why.append(' ')
                    .append(k.name())
                    .append(": ")
                    .append(v.getMessage())
                    .append(';'));
            NegotiateException first = failures.values().stream().findFirst().orElse(null);
            throw new NegotiateException(Failure.NO_CREDENTIALS, 0, why.toString(), first, null);
        }
        return new NegotiateCredential(request.usage(), acquired, failures);
    }

    @Override
    public NegotiateInitiator initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        checkOid(oid);
        return new NegotiateInitiator(config, this::lookup, negotiateCredential(credential), request);
    }

    @Override
    public NegotiateAcceptor acceptor(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        checkOid(oid);
        return new NegotiateAcceptor(config, this::lookup, negotiateCredential(credential), request);
    }

    private Optional<Mechanism> lookup(MechOid oid) {
        if (oid == MechOid.SPNEGO) {
            return Optional.empty(); // never SPNEGO inside SPNEGO
        }
        return inner.apply(oid);
    }

    private static NegotiateCredential negotiateCredential(MechCredential credential) throws NegotiateException {
        if (credential instanceof NegotiateCredential n) {
            return n;
        }
        if (credential == null) {
            throw new NegotiateException(Failure.NO_CREDENTIALS, "Negotiate needs a credential");
        }
        return NegotiateCredential.of(credential);
    }

    private static void checkOid(MechOid oid) throws NegotiateException {
        if (oid != MechOid.SPNEGO) {
            throw new NegotiateException(
                    Failure.UNSUPPORTED_FUNCTION, "the Negotiate mechanism cannot answer for " + oid);
        }
    }
}
