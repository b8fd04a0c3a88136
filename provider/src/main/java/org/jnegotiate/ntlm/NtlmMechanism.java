package org.jnegotiate.ntlm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;

/**
 * The NTLM mechanism (MS-NLMP, OID 1.3.6.1.4.1.311.2.2.10): NTLMv2 only, extended session security,
 * 128-bit sealing. Initiator credentials come from an explicit password, an {@link NtlmPasswordCredential}
 * in the JAAS Subject, or the NTLM users file ({@link NtlmInitiatorCredentials} says in which order);
 * acceptors check users against an {@link NtlmUserDatabase}, by default the file named by
 * {@link NegotiateConfig#ntlmUserFile()}, read again whenever it changes.
 */
public final class NtlmMechanism implements Mechanism {
    private final NegotiateConfig config;
    private final NtlmUserDatabase users;
    private final NtlmServerNames names;
    private final SecureRandom random;
    private final Clock clock;
    private final IssuedChallenges issued;
    private final UserFileCache userFile = new UserFileCache();
    /** The local host's names, looked up once (a reverse DNS lookup per handshake would stall acceptors). */
    private volatile NtlmServerNames localNames;

    /** Users from {@code config.ntlmUserFile()}, names from the local host name. */
    public NtlmMechanism(NegotiateConfig config) {
        this(config, null, null, new SecureRandom(), Clock.systemUTC());
    }

    /**
     * @param users  the acceptor's users; {@code null} for the file of {@code config.ntlmUserFile()}
     * @param names  the acceptor's announced names; {@code null} for names from the local host name
     */
    public NtlmMechanism(
            NegotiateConfig config, NtlmUserDatabase users, NtlmServerNames names, SecureRandom random, Clock clock) {
        this(config, users, names, random, clock, IssuedChallenges.JVM);
    }

    /** As above with a table of issued challenges of its own: tests use one to stand for another process. */
    NtlmMechanism(
            NegotiateConfig config,
            NtlmUserDatabase users,
            NtlmServerNames names,
            SecureRandom random,
            Clock clock,
            IssuedChallenges issued) {
        this.issued = Objects.requireNonNull(issued, "issued");
        this.config = Objects.requireNonNull(config, "config");
        this.users = users;
        this.names = names;
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Set<MechOid> oids() {
        return Set.of(MechOid.NTLM);
    }

    @Override
    public MechCredential acquire(CredentialRequest request) throws NegotiateException {
        if (request.usage() == MechCredential.Usage.ACCEPT) {
            return NtlmCredential.acceptor();
        }
        Optional<PeerName> name = request.name();
        if (name.isPresent() && name.get().type() == PeerName.Type.ANONYMOUS) {
            return NtlmCredential.anonymous();
        }
        return NtlmInitiatorCredentials.acquire(request, config, userFile);
    }

    @Override
    public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        checkOid(oid);
        if (!(credential instanceof NtlmCredential c)
                || (!c.isAnonymous() && c.identity().isEmpty())) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS, "the NTLM initiator needs an NTLM user credential, not " + credential);
        }
        return new NtlmInitiator(c, request, issued, random, clock);
    }

    @Override
    public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request)
            throws NegotiateException {
        checkOid(oid);
        NtlmServerNames n = serverNames();
        ServiceBinding binding = ServiceBinding.of(config.ntlmServiceNames(), n, names == null);
        return new NtlmAcceptor(userDatabase(), n, binding, config, issued, request, random, clock);
    }

    private NtlmUserDatabase userDatabase() throws NegotiateException {
        if (users != null) {
            return users;
        }
        Optional<List<String>> winbind = config.ntlmWinbindCommand();
        if (winbind.isPresent()) {
            return new WinbindNtlmUserDatabase(winbind.get()); // holds only the command: one per context is free
        }
        Optional<Path> file = config.ntlmUserFile();
        if (file.isEmpty()) {
            throw new NegotiateException(
                    Failure.NO_CREDENTIALS,
                    "the NTLM acceptor has no user database: set"
                            + " jnegotiate.ntlm.userFile or NTLM_USER_FILE to a DOMAIN:USER:PASSWORD file");
        }
        return userFile.get(file.get());
    }

    private NtlmServerNames serverNames() {
        if (names != null) {
            return names;
        }
        NtlmServerNames n = localNames;
        if (n == null) {
            String host;
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            n = NtlmServerNames.forHost(host, "WORKGROUP");
            localNames = n;
        }
        return n;
    }

    private static void checkOid(MechOid oid) throws NegotiateException {
        if (oid != MechOid.NTLM) {
            throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "the NTLM mechanism cannot answer for " + oid);
        }
    }
}
