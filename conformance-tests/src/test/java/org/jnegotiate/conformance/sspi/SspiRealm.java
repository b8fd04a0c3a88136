package org.jnegotiate.conformance.sspi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.JvmKrb5Conf;
import org.jnegotiate.conformance.fixtures.MitKdc;
import org.jnegotiate.conformance.fixtures.SunJgss;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.sspi.Sspi;

/**
 * One test realm for the SSPI door's conformance classes: an MIT KDC (aes256-cts-hmac-sha1-96, TCP) with the
 * user {@code alice} and the service {@code HTTP/acceptor.jnegotiate.test}, their keytabs, and an NTLM users
 * file ({@code JNEGOTIATE:alice:...}) that both gss-ntlmssp and JNegotiate's NTLM read.
 *
 * <p>Two SSPI doors over engines of their own ({@code new Sspi(Engine.create(config))}): {@link #sspi()} with
 * Negotiate's default package list (Kerberos, NTLM) and {@link #ntlmOnlySspi()} whose Negotiate can only run NTLM
 * (what a Windows machine outside any domain does). Both read the JVM's one krb5.conf ({@link JvmKrb5Conf}), the
 * service keytab as KRB5_KTNAME and the users file.
 */
final class SspiRealm implements AutoCloseable {
    static final String DOMAIN = "jnegotiate.test";
    static final String HOST = "acceptor." + DOMAIN;
    static final String USER = "alice";
    static final String PASSWORD = "alice-Passw0rd";
    static final String NTLM_DOMAIN = "JNEGOTIATE";
    static final String SERVICE = "HTTP/" + HOST;
    /** The SPN as an SSPI caller writes it. */
    static final String SPN = SERVICE;
    /** The same service as a GSS host-based name. */
    static final String HOSTBASED = "HTTP@" + HOST;

    final MitKdc kdc;
    final Path userKeytab;
    final Path serviceKeytab;
    final Path ntlmUsers;
    private final NegotiateConfig config;
    private final Sspi sspi;
    private final Sspi ntlmOnly;

    private SspiRealm(MitKdc kdc) {
        this.kdc = kdc;
        kdc.addPrincipal(USER, PASSWORD);
        kdc.addPrincipal(SERVICE, "service-key-" + System.nanoTime());
        userKeytab = kdc.directory().resolve("user.keytab");
        serviceKeytab = kdc.directory().resolve("service.keytab");
        kdc.exportKeytab(userKeytab, USER);
        kdc.exportKeytab(serviceKeytab, SERVICE);
        ntlmUsers = kdc.directory().resolve("ntlm-users");
        try {
            Files.writeString(ntlmUsers, NTLM_DOMAIN + ":" + USER + ":" + PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path krb5Conf = JvmKrb5Conf.use(kdc);
        // the NTLM acceptor says which service it is: JNegotiate initiators of this JVM reach it as SERVICE, a name
        // that is not this host's, which the reflection check refuses unless the acceptor answers for it
        config = NegotiateConfig.builder()
                .krb5Conf(krb5Conf)
                .ntlmUserFile(ntlmUsers)
                .ntlmServiceNames(List.of(SERVICE))
                .environment(Map.of("KRB5_KTNAME", "FILE:" + serviceKeytab))
                .build();
        sspi = new Sspi(Engine.create(config));
        ntlmOnly = new Sspi(Engine.create(
                config.toBuilder().mechanisms(List.of(MechOid.NTLM)).build()));
    }

    static SspiRealm start() {
        MitKdc kdc = MitKdc.builder().tcpOnly(true).start();
        try {
            return new SspiRealm(kdc);
        } catch (RuntimeException | Error e) {
            kdc.close();
            throw e;
        }
    }

    /** Negotiate over Kerberos and NTLM. */
    Sspi sspi() {
        return sspi;
    }

    /**
     * Negotiate over Kerberos and NTLM in a process whose environment also holds {@code name=value} (KRB5CCNAME for
     * default credentials from a ticket cache), with {@code javax.security.auth.useSubjectCredsOnly} explicitly true
     * (the JDK's default), so that default credentials come from the environment only if the door ignores it.
     */
    Sspi sspiWithEnvironment(String name, String value) {
        Map<String, String> env = Map.of("KRB5_KTNAME", "FILE:" + serviceKeytab, name, value);
        return new Sspi(Engine.create(
                config.toBuilder().useSubjectCredsOnly(true).environment(env).build()));
    }

    /** Negotiate over NTLM only. */
    Sspi ntlmOnlySspi() {
        return ntlmOnly;
    }

    String principal(String name) {
        return kdc.principal(name);
    }

    /** MIT and gss-ntlmssp processes: the realm's krb5.conf, the service keytab, the users file, a fresh ccache. */
    Map<String, String> peerEnvironment() {
        Map<String, String> env = new HashMap<>(kdc.clientEnvironment());
        env.put("KRB5CCNAME", "FILE:" + kdc.directory().resolve("ccache-" + System.nanoTime()));
        env.put("KRB5_KTNAME", "FILE:" + serviceKeytab);
        env.put("NTLM_USER_FILE", ntlmUsers.toString());
        return env;
    }

    GssPeer.Builder mitAcceptor(GssPeer.Mech mech) {
        return GssPeer.builder(GssPeer.Role.ACCEPTOR, mech).env(peerEnvironment());
    }

    /** An MIT initiator with alice's password: a principal for Kerberos, {@code JNEGOTIATE\alice} for NTLM. */
    GssPeer.Builder mitInitiator(GssPeer.Mech mech, boolean ntlmUser) {
        return GssPeer.builder(GssPeer.Role.INITIATOR, mech)
                .env(peerEnvironment())
                .name(ntlmUser ? NTLM_DOMAIN + "\\" + USER : principal(USER))
                .password(PASSWORD)
                .target(HOSTBASED);
    }

    /**
     * An MIT Kerberos initiator with alice's TGT in a ccache from {@code kinit -k} (default credentials). With
     * password credentials for both mechanisms, MIT's SPNEGO offers NTLM alone; from a ccache it offers Kerberos
     * first.
     */
    GssPeer.Builder mitCcacheInitiator(GssPeer.Mech mech) {
        return GssPeer.builder(GssPeer.Role.INITIATOR, mech)
                .env(peerEnvironment())
                .env("KRB5CCNAME", "FILE:" + kinit())
                .name(principal(USER))
                .target(HOSTBASED);
    }

    /** A fresh ccache holding alice's TGT, from MIT's kinit with her keytab. */
    Path kinit() {
        Path ccache = kdc.directory().resolve("kinit-ccache-" + System.nanoTime());
        kdc.run("/usr/bin/kinit", "-k", "-t", userKeytab.toString(), "-c", "FILE:" + ccache, principal(USER));
        return ccache;
    }

    /** SunJGSS credentials from the keytabs (initiator: a TGT from the KDC). */
    Subject sunJgssLogin(boolean initiator) {
        return initiator
                ? SunJgss.login(kdc, principal(USER), userKeytab, true)
                : SunJgss.login(kdc, principal(SERVICE), serviceKeytab, false);
    }

    @Override
    public void close() {
        kdc.close();
    }
}
