package org.jnegotiate.ntlm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * What an NTLM acceptor answers for, and the service-binding check of Extended Protection (MS-NLMP 3.2.5.1.2,
 * MsvAvTargetName): a client's NTLMv2 response names the service it meant to reach, under its NTProofStr, so an
 * AUTHENTICATE relayed from another service names that other service.
 *
 * <p>What a target name must match depends on what the acceptor knows about itself:
 * <ul>
 * <li>{@link Strength#SPNS}: SPNs configured ({@code jnegotiate.ntlm.serviceNames}); one of them, ignoring case;</li>
 * <li>{@link Strength#HOSTS}: names given to the mechanism ({@link NtlmServerNames}); the DNS or NetBIOS computer
 * name (any service class);</li>
 * <li>{@link Strength#UNKNOWN}: names guessed from the local host name; nothing (an alias, an address or
 * {@code localhost} would be refused wrongly).</li>
 * </ul>
 * A client that sends no target name (curl's own NTLM, older clients) is accepted unless the check is
 * {@code required}, as Windows' Extended Protection accepts clients without it unless configured otherwise.
 * The hosts are also what the reflection check of {@link IssuedChallenges} compares an initiator's target with.
 */
final class ServiceBinding {
    enum Strength {
        SPNS,
        HOSTS,
        UNKNOWN
    }

    private final Strength strength;
    /** Normalised {@code service/host}, lower case. */
    private final Set<String> spns;
    /** Host names of this acceptor, lower case. */
    private final Set<String> hosts;

    private ServiceBinding(Strength strength, Set<String> spns, Set<String> hosts) {
        this.strength = strength;
        this.spns = spns;
        this.hosts = hosts;
    }

    /**
     * @param spns           the configured SPNs (may be empty)
     * @param names          the names the acceptor announces
     * @param namesFromHost  true when {@code names} were guessed from the local host name, not given
     */
    static ServiceBinding of(List<String> spns, NtlmServerNames names, boolean namesFromHost) {
        Set<String> normalised = spns.stream().map(ServiceBinding::normalise).collect(Collectors.toUnmodifiableSet());
        Stream<String> own = Stream.of(names.dnsComputerName(), names.nbComputerName());
        Stream<String> hostNames = Stream.concat(own, normalised.stream().map(ServiceBinding::hostOf));
        if (namesFromHost) {
            hostNames = Stream.concat(hostNames, Stream.of("localhost"));
        }
        Set<String> hosts = hostNames
                .filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        Strength s = !normalised.isEmpty() ? Strength.SPNS : namesFromHost ? Strength.UNKNOWN : Strength.HOSTS;
        return new ServiceBinding(s, normalised, hosts);
    }

    Strength strength() {
        return strength;
    }

    /** {@code HTTP@Web.Example.com} and {@code HTTP/web.example.com} both become {@code http/web.example.com}. */
    static String normalise(String target) {
        String t = target.trim().toLowerCase(Locale.ROOT);
        int slash = t.indexOf('/');
        int at = t.indexOf('@');
        if (slash < 0 && at > 0) {
            t = t.substring(0, at) + "/" + t.substring(at + 1);
        } else if (slash > 0 && at > slash) {
            t = t.substring(0, at); // a Kerberos-style realm suffix
        }
        return t;
    }

    /** The host of an SPN: {@code HTTP/web.example.com:8080/x} gives {@code web.example.com}. */
    static String hostOf(String target) {
        String t = normalise(target);
        int slash = t.indexOf('/');
        String rest = slash < 0 ? t : t.substring(slash + 1);
        int end = rest.length();
        for (char c : new char[] {':', '/'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return rest.substring(0, end);
    }

    /** Whether {@code target} (an SPN or {@code service@host}) names a host of this acceptor. */
    boolean namesThisHost(String target) {
        return hosts.contains(hostOf(target));
    }

    /**
     * The service-binding check on a client's MsvAvTargetName ({@code sent}: absent, or its value; {@code required}:
     * absent is refused too). Fails with
     * {@link Failure#BAD_BINDINGS}, the status Windows returns when Extended Protection refuses (STATUS_BAD_BINDINGS).
     */
    void check(Optional<String> sent, boolean required) throws NegotiateException {
        Optional<String> target = sent.filter(s -> !s.isBlank());
        if (target.isEmpty()) {
            if (required) {
                throw new NegotiateException(
                        Failure.BAD_BINDINGS,
                        "the client sent no MsvAvTargetName, which this"
                                + " acceptor requires (jnegotiate.ntlm.targetNameCheck=required)");
            }
            return;
        }
        switch (strength) {
            case SPNS:
                if (!spns.contains(normalise(target.get()))) {
                    throw new NegotiateException(
                            Failure.BAD_BINDINGS,
                            "the client authenticated for '" + target.get()
                                    + "', not for one of this acceptor's service names " + spns
                                    + " (a relayed AUTHENTICATE_MESSAGE?)");
                }
                return;
            case HOSTS:
                if (!namesThisHost(target.get())) {
                    throw new NegotiateException(
                            Failure.BAD_BINDINGS,
                            "the client authenticated for '" + target.get()
                                    + "', which names another host than this acceptor's " + hosts
                                    + " (a relayed AUTHENTICATE_MESSAGE?)");
                }
                return;
            default:
                return;
        }
    }

    @Override
    public String toString() {
        return "ServiceBinding[" + strength + ", spns " + spns + ", hosts " + hosts + "]";
    }
}
