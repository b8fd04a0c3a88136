package org.jnegotiate.krb5;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;

/**
 * Kerberos as the engine serves it: built from krb5.conf when first used, not when the provider loads (a
 * JVM without krb5.conf still gets NTLM and a clear error from Kerberos), and rebuilt when the file changes,
 * as MIT's library re-reads its profile. The acceptors' replay cache is the JVM's ({@link ReplayCaches}), so it
 * survives a rebuild and is shared with every other engine (see {@link KerberosMechanism#create(NegotiateConfig,
 * Krb5Config, KerberosWorld)}: a reload finds the same cache, where a fresh one would re-open the replay window).
 *
 * <p>The file is looked at (one stat) at most once per {@link NegotiateConfig#krb5ConfCheckInterval()} (default
 * one second), not on every acquire and context: a change is picked up by the first use after the interval, and
 * a busy server does not stat the file thousands of times a second. A failed load is not remembered.
 */
public final class ReloadingKerberosMechanism implements Mechanism {
    private static final Set<MechOid> OIDS = Set.of(MechOid.KERBEROS, MechOid.MS_KERBEROS);
    private static final System.Logger LOG = System.getLogger("org.jnegotiate.krb5");

    private final NegotiateConfig config;
    private final KerberosWorld world;
    private final LongSupplier nanoTime;
    private final long checkIntervalNanos;
    private volatile Snapshot current;
    /** {@link #nanoTime} value after which the file is looked at again; guarded by this for writes. */
    private volatile long nextCheck;

    /** A built mechanism and the krb5.conf state it was built from. */
    private record Snapshot(Object fileState, KerberosMechanism mechanism) {}

    public ReloadingKerberosMechanism(NegotiateConfig config, KerberosWorld world) {
        this(config, world, System::nanoTime);
    }

    /** With a given monotonic clock in nanoseconds (tests). */
    ReloadingKerberosMechanism(NegotiateConfig config, KerberosWorld world, LongSupplier nanoTime) {
        this.config = Objects.requireNonNull(config);
        this.world = Objects.requireNonNull(world);
        this.nanoTime = Objects.requireNonNull(nanoTime);
        this.checkIntervalNanos = config.krb5ConfCheckInterval().toNanos();
    }

    @Override
    public Set<MechOid> oids() {
        return OIDS;
    }

    /** The mechanism for the krb5.conf as it was at most one check interval ago. */
    KerberosMechanism current() throws NegotiateException {
        Snapshot s = current;
        if (s != null && nanoTime.getAsLong() - nextCheck < 0) {
            return s.mechanism();
        }
        return reload();
    }

    private synchronized KerberosMechanism reload() throws NegotiateException {
        long now = nanoTime.getAsLong();
        Snapshot s = current;
        if (s != null && now - nextCheck < 0) {
            return s.mechanism(); // another thread looked while this one waited
        }
        Object state = fileState(config.krb5Conf());
        if (s == null || !s.fileState().equals(state)) {
            Krb5Config krb5 = Krb5Config.load(config); // a failure leaves nextCheck alone: the next use tries again
            if (s != null) {
                LOG.log(Level.INFO, "krb5.conf {0} changed; Kerberos reconfigured", config.krb5Conf());
            }
            s = new Snapshot(state, KerberosMechanism.create(config, krb5, world));
            current = s;
        }
        nextCheck = now + checkIntervalNanos;
        return s.mechanism();
    }

    /** What identifies a version of the file: its modification time, size and file key. */
    private static Object fileState(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return java.util.List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public MechCredential acquire(CredentialRequest request) throws NegotiateException {
        return current().acquire(request);
    }

    @Override
    public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        return current().initiator(oid, credential, request);
    }

    @Override
    public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        return current().acceptor(oid, credential, request);
    }
}
