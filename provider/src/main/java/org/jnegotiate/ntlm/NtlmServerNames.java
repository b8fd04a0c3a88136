package org.jnegotiate.ntlm;

import java.util.Locale;
import java.util.Objects;

/**
 * The names an acceptor announces in its CHALLENGE_MESSAGE target info (MS-NLMP 2.2.2.1): NetBIOS and
 * DNS names of the computer and of its domain.
 */
public record NtlmServerNames(
        String nbComputerName, String nbDomainName, String dnsComputerName, String dnsDomainName) {

    public NtlmServerNames {
        Objects.requireNonNull(nbComputerName);
        Objects.requireNonNull(nbDomainName);
        Objects.requireNonNull(dnsComputerName);
        Objects.requireNonNull(dnsDomainName);
    }

    /**
     * Names derived from a host's FQDN: {@code web1.example.com} gives NetBIOS computer {@code WEB1},
     * DNS domain {@code example.com}, and the NetBIOS domain given (for example {@code WORKGROUP}).
     */
    public static NtlmServerNames forHost(String fqdn, String nbDomainName) {
        int dot = fqdn.indexOf('.');
        String host = dot < 0 ? fqdn : fqdn.substring(0, dot);
        String dnsDomain = dot < 0 ? "" : fqdn.substring(dot + 1);
        String nb = host.toUpperCase(Locale.ROOT);
        return new NtlmServerNames(
                nb.length() > 15 ? nb.substring(0, 15) : nb, nbDomainName.toUpperCase(Locale.ROOT), fqdn, dnsDomain);
    }
}
