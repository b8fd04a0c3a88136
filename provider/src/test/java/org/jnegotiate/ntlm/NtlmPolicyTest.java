package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ietf.jgss.GSSException;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.Status;
import org.jnegotiate.mech.Step;
import org.jnegotiate.ntlm.messages.NegotiateFlags;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's policy on the AUTHENTICATE_MESSAGE (issue 9 item 5): session security of the final flags, the
 * target name (Extended Protection without channel bindings), reflection, anonymous logons. Each refusal is checked
 * with its Failure and both the SSPI and the GSS code.
 */
class NtlmPolicyTest {
    private static final NtlmServerNames NAMES = NtlmHandshakeTest.NAMES;
    private static final String SPN = "HTTP/server.domain.local";

    private final NtlmHandshakeTest.TestClock clock = new NtlmHandshakeTest.TestClock();
    private final NtlmUserDatabase users;

    NtlmPolicyTest() throws NegotiateException {
        users = FileNtlmUserDatabase.parse(List.of("DOMAIN:alice:Secret1"), "test");
    }

    /** A mechanism standing for one process: its own table of issued challenges. */
    private NtlmMechanism process(NegotiateConfig config, NtlmServerNames names) {
        return new NtlmMechanism(config, users, names, new SecureRandom(), clock, new IssuedChallenges());
    }

    private NtlmMechanism process(NegotiateConfig config) {
        return process(config, NAMES);
    }

    private static ContextRequest target(String hostbased) {
        return ContextRequest.builder()
                .target(PeerName.hostbased(hostbased))
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true)
                .build();
    }

    private static MechContext client(NtlmMechanism m, ContextRequest req) throws NegotiateException {
        MechCredential cred =
                m.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)
                        .withPassword("Secret1".toCharArray()));
        return m.initiator(MechOid.NTLM, cred, req);
    }

    private static MechContext server(NtlmMechanism m, ContextRequest req) throws NegotiateException {
        return m.acceptor(MechOid.NTLM, NtlmCredential.acceptor(), req);
    }

    private static MechContext server(NtlmMechanism m) throws NegotiateException {
        return server(m, ContextRequest.builder().build());
    }

    /** The exact refusal: the Failure, its SEC_E_ value and its GSS major code. */
    static NegotiateException refused(Failure failure, int secE, int gssMajor, Executable step) {
        NegotiateException e = assertThrows(NegotiateException.class, step::run);
        assertEquals(failure, e.failure(), e.getMessage());
        assertEquals(secE, e.failure().sspiStatus());
        assertEquals(gssMajor, e.failure().gssMajor());
        return e;
    }

    interface Executable {
        void run() throws Exception;
    }

    /** NEGOTIATE and CHALLENGE through {@code server}; returns {negotiate, challenge}. */
    private static byte[][] firstLegs(MechContext server) throws NegotiateException {
        byte[] negotiate = client(process0(), target("HTTP@server.domain.local"))
                .step(null)
                .token();
        return new byte[][] {negotiate, server.step(negotiate).token()};
    }

    private static NtlmMechanism process0() {
        return new NtlmMechanism(
                NegotiateConfig.defaults(),
                (d, u) -> Optional.empty(),
                NAMES,
                new SecureRandom(),
                java.time.Clock.systemUTC(),
                new IssuedChallenges());
    }

    // ---- 1. session security on the AUTHENTICATE's final flags ----

    @Test
    void authenticate_sealWithout128_unsupportedFunction() throws Exception {
        MechContext server = server(process(NegotiateConfig.defaults()));
        byte[][] legs = firstLegs(server);
        int flags = ForgedNtlm.FLAGS & ~(NegotiateFlags.NEGOTIATE_128 | NegotiateFlags.NEGOTIATE_56);
        byte[] auth = ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", flags, ForgedNtlm.targetName(SPN), false);
        NegotiateException e =
                refused(Failure.UNSUPPORTED_FUNCTION, 0x80090302, GSSException.BAD_MECH, () -> server.step(auth));
        assertTrue(e.getMessage().contains("40/56-bit"), e.getMessage());
        assertFalse(server.isEstablished());
    }

    @Test
    void authenticate_sealWith56Only_unsupportedFunction() throws Exception {
        MechContext server = server(process(NegotiateConfig.defaults()));
        byte[][] legs = firstLegs(server);
        int flags = (ForgedNtlm.FLAGS & ~NegotiateFlags.NEGOTIATE_128) | NegotiateFlags.NEGOTIATE_56;
        byte[] auth = ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", flags, ForgedNtlm.targetName(SPN), true);
        refused(Failure.UNSUPPORTED_FUNCTION, 0x80090302, GSSException.BAD_MECH, () -> server.step(auth));
    }

    @Test
    void authenticate_withoutExtendedSessionSecurity_unsupportedFunction() throws Exception {
        MechContext server = server(process(NegotiateConfig.defaults()));
        byte[][] legs = firstLegs(server);
        int flags = ForgedNtlm.FLAGS & ~NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY;
        byte[] auth = ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", flags, ForgedNtlm.targetName(SPN), false);
        refused(Failure.UNSUPPORTED_FUNCTION, 0x80090302, GSSException.BAD_MECH, () -> server.step(auth));
    }

    @Test
    void authenticate_withoutSealAnd128_establishesWithoutConfidentiality() throws Exception {
        MechContext server = server(process(NegotiateConfig.defaults()));
        byte[][] legs = firstLegs(server);
        int flags = ForgedNtlm.FLAGS & ~(NegotiateFlags.NEGOTIATE_128 | NegotiateFlags.NEGOTIATE_SEAL);
        server.step(ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", flags, ForgedNtlm.targetName(SPN), false));
        assertEquals(Set.of(ContextFlag.INTEGRITY), server.granted());
    }

    // ---- 2. the target name (relay without channel bindings) ----

    @Test
    void relay_clientTargetedAnotherHost_badBindings() throws Exception {
        MechContext victim = client(process(NegotiateConfig.defaults()), target("HTTP@attacker.example"));
        MechContext server = server(process(NegotiateConfig.defaults()));
        byte[] auth = NtlmHandshakeTest.authenticate(victim, server);
        NegotiateException e =
                refused(Failure.BAD_BINDINGS, 0x80090346, GSSException.BAD_BINDINGS, () -> server.step(auth));
        assertTrue(e.getMessage().contains("HTTP/attacker.example"), e.getMessage());
        assertFalse(server.isEstablished());
    }

    @Test
    void relay_configuredSpns_otherServiceOfSameHost_badBindings() throws Exception {
        NegotiateConfig config =
                NegotiateConfig.builder().ntlmServiceNames(List.of(SPN)).build();
        MechContext victim = client(process(config), target("cifs@server.domain.local"));
        MechContext server = server(process(config));
        byte[] auth = NtlmHandshakeTest.authenticate(victim, server);
        refused(Failure.BAD_BINDINGS, 0x80090346, GSSException.BAD_BINDINGS, () -> server.step(auth));
    }

    @Test
    void targetNameRequired_clientSendsNoTargetName_badBindings() throws Exception {
        NegotiateConfig config = NegotiateConfig.builder()
                .ntlmServiceNames(List.of(SPN))
                .ntlmTargetNameCheck(NegotiateConfig.TargetNameCheck.REQUIRED)
                .build();
        MechContext server = server(process(config));
        byte[][] legs = firstLegs(server);
        byte[] auth = ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", ForgedNtlm.FLAGS, ForgedNtlm.serverPairsOnly(), false);
        NegotiateException e =
                refused(Failure.BAD_BINDINGS, 0x80090346, GSSException.BAD_BINDINGS, () -> server.step(auth));
        assertTrue(e.getMessage().contains("required"), e.getMessage());
    }

    @Test
    void targetNameRequired_namesFromLocalHost_clientSendsNoTargetName_badBindings() throws Exception {
        NegotiateConfig config = NegotiateConfig.builder()
                .ntlmTargetNameCheck(NegotiateConfig.TargetNameCheck.REQUIRED)
                .build();
        MechContext server = server(process(config, null));
        byte[][] legs = firstLegs(server);
        byte[] auth = ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", ForgedNtlm.FLAGS, ForgedNtlm.serverPairsOnly(), false);
        refused(Failure.BAD_BINDINGS, 0x80090346, GSSException.BAD_BINDINGS, () -> server.step(auth));
    }

    @Test
    void configuredSpns_clientSendsNoTargetName_acceptedByDefaultAsWithoutExtendedProtection() throws Exception {
        NegotiateConfig config =
                NegotiateConfig.builder().ntlmServiceNames(List.of(SPN)).build();
        MechContext server = server(process(config));
        byte[][] legs = firstLegs(server);
        server.step(ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", ForgedNtlm.FLAGS, ForgedNtlm.serverPairsOnly(), false));
        assertTrue(server.isEstablished());
    }

    @Test
    void configuredSpns_targetDiffersOnlyInCaseAndForm_establishes() throws Exception {
        NegotiateConfig config = NegotiateConfig.builder()
                .ntlmServiceNames(List.of("host/other", SPN))
                .build();
        MechContext victim = client(process(config), target("http@SERVER.Domain.Local"));
        MechContext server = server(process(config));
        assertEquals(
                Status.OK,
                server.step(NtlmHandshakeTest.authenticate(victim, server)).status());
    }

    @Test
    void givenNames_clientSendsNoTargetName_acceptedAsWithoutExtendedProtection() throws Exception {
        MechContext server = server(process(NegotiateConfig.defaults()));
        byte[][] legs = firstLegs(server);
        server.step(ForgedNtlm.authenticate(
                legs[0], legs[1], "DOMAIN", "alice", "Secret1", ForgedNtlm.FLAGS, ForgedNtlm.serverPairsOnly(), false));
        assertTrue(server.isEstablished());
    }

    @Test
    void givenNames_netbiosNameAsTarget_establishes() throws Exception {
        MechContext victim = client(process(NegotiateConfig.defaults()), target("HTTP@server"));
        MechContext server = server(process(NegotiateConfig.defaults()));
        assertEquals(
                Status.OK,
                server.step(NtlmHandshakeTest.authenticate(victim, server)).status());
    }

    @Test
    void targetNameCheckOff_anotherHost_establishes() throws Exception {
        NegotiateConfig off = NegotiateConfig.builder()
                .ntlmTargetNameCheck(NegotiateConfig.TargetNameCheck.OFF)
                .ntlmServiceNames(List.of(SPN))
                .build();
        MechContext victim = client(process(off), target("HTTP@attacker.example"));
        MechContext server = server(process(off));
        assertEquals(
                Status.OK,
                server.step(NtlmHandshakeTest.authenticate(victim, server)).status());
    }

    @Test
    void channelBindingsMatch_targetNameNotChecked() throws Exception {
        ChannelBindings cb = ChannelBindings.ofApplicationData("tls-unique:x".getBytes(StandardCharsets.UTF_8));
        NegotiateConfig config =
                NegotiateConfig.builder().ntlmServiceNames(List.of(SPN)).build();
        MechContext victim = client(
                process(config),
                ContextRequest.builder()
                        .target(PeerName.hostbased("HTTP@alias.example"))
                        .channelBindings(cb)
                        .build());
        MechContext server = server(
                process(config), ContextRequest.builder().channelBindings(cb).build());
        assertEquals(
                Status.OK,
                server.step(NtlmHandshakeTest.authenticate(victim, server)).status());
    }

    @Test
    void namesFromLocalHost_targetNotChecked() throws Exception {
        MechContext victim = client(process(NegotiateConfig.defaults()), target("HTTP@alias.example"));
        MechContext server = server(process(NegotiateConfig.defaults(), null));
        assertEquals(
                Status.OK,
                server.step(NtlmHandshakeTest.authenticate(victim, server)).status());
    }

    // ---- 3. reflection ----

    @Test
    void reflection_negotiateSentBackToOwnProcess_initiatorRefusesWrongPrincipal() throws Exception {
        NtlmMechanism victimProcess = process(NegotiateConfig.defaults());
        MechContext victim = client(victimProcess, target("HTTP@attacker.example"));
        MechContext ownAcceptor = server(victimProcess);
        byte[] negotiate = victim.step(null).token(); // sent to the attacker, who passes it to the victim's acceptor
        byte[] challenge = ownAcceptor.step(negotiate).token(); // and that acceptor's CHALLENGE back to the victim
        NegotiateException e =
                refused(Failure.WRONG_PRINCIPAL, 0x80090322, GSSException.BAD_NAME, () -> victim.step(challenge));
        assertTrue(e.getMessage().contains("reflect"), e.getMessage());
        assertFalse(victim.isEstablished());
        assertFalse(ownAcceptor.isEstablished());
    }

    @Test
    void reflection_evenWithTargetNameCheckOffAndNamesFromHost_refused() throws Exception {
        NegotiateConfig off = NegotiateConfig.builder()
                .ntlmTargetNameCheck(NegotiateConfig.TargetNameCheck.OFF)
                .build();
        NtlmMechanism victimProcess =
                new NtlmMechanism(off, users, null, new SecureRandom(), clock, new IssuedChallenges());
        MechContext victim = client(victimProcess, target("HTTP@attacker.example"));
        MechContext ownAcceptor = server(victimProcess);
        byte[] challenge = ownAcceptor.step(victim.step(null).token()).token();
        refused(Failure.WRONG_PRINCIPAL, 0x80090322, GSSException.BAD_NAME, () -> victim.step(challenge));
    }

    @Test
    void reflection_initiatorWithoutTarget_refused() throws Exception {
        NtlmMechanism victimProcess = process(NegotiateConfig.defaults());
        MechContext victim = client(victimProcess, ContextRequest.builder().build());
        MechContext ownAcceptor = server(victimProcess);
        byte[] challenge = ownAcceptor.step(victim.step(null).token()).token();
        refused(Failure.WRONG_PRINCIPAL, 0x80090322, GSSException.BAD_NAME, () -> victim.step(challenge));
    }

    @Test
    void loopback_targetNamesOwnAcceptor_establishes() throws Exception {
        NtlmMechanism oneProcess = process(NegotiateConfig.defaults());
        MechContext client = client(oneProcess, target("HTTP@server.domain.local"));
        MechContext server = server(oneProcess);
        assertEquals(
                Status.OK,
                server.step(NtlmHandshakeTest.authenticate(client, server)).status());
    }

    @Test
    void challengeOfAnotherProcess_notReflection() throws Exception {
        MechContext client = client(process(NegotiateConfig.defaults()), target("HTTP@server.domain.local"));
        MechContext server = server(process(NegotiateConfig.defaults()));
        Step s = client.step(server.step(client.step(null).token()).token());
        assertEquals(Status.OK, s.status());
    }

    @Test
    void acceptor_forgetsItsChallengeOnceTheHandshakeEnds() throws Exception {
        IssuedChallenges table = new IssuedChallenges();
        NtlmMechanism p = new NtlmMechanism(NegotiateConfig.defaults(), users, NAMES, new SecureRandom(), clock, table);
        MechContext client = client(p, target("HTTP@server.domain.local"));
        MechContext server = server(p);
        byte[] negotiate = client.step(null).token();
        byte[] challenge = server.step(negotiate).token();
        assertEquals(1, table.size());
        server.step(client.step(challenge).token());
        assertEquals(0, table.size());
        MechContext failed = server(p);
        failed.step(negotiate);
        assertEquals(1, table.size());
        assertThrows(NegotiateException.class, () -> failed.step(new byte[] {1, 2, 3}));
        assertEquals(0, table.size());
    }

    // ---- 4. anonymous ----

    private MechContext anonymousClient(NtlmMechanism m) throws NegotiateException {
        return m.initiator(MechOid.NTLM, NtlmCredential.anonymous(), target("HTTP@server.domain.local"));
    }

    @Test
    void anonymous_byDefault_logonDenied() throws Exception {
        NtlmMechanism p = process(NegotiateConfig.defaults());
        MechContext client = anonymousClient(p);
        MechContext server = server(p);
        byte[] auth = NtlmHandshakeTest.authenticate(client, server);
        NegotiateException e =
                refused(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, () -> server.step(auth));
        assertTrue(e.getMessage().contains("jnegotiate.ntlm.allowAnonymous"), e.getMessage());
        assertFalse(server.isEstablished());
    }

    @Test
    void anonymous_allowed_anonymousNameAndNoIntegrityOrConfidentiality() throws Exception {
        NtlmMechanism p =
                process(NegotiateConfig.builder().ntlmAllowAnonymous(true).build());
        MechContext client = anonymousClient(p);
        MechContext server = server(p);
        server.step(NtlmHandshakeTest.authenticate(client, server));
        PeerName who = server.initiatorName().orElseThrow();
        assertEquals(PeerName.Type.ANONYMOUS, who.type());
        assertEquals("NT AUTHORITY\\ANONYMOUS LOGON", who.name());
        assertEquals(Set.of(ContextFlag.ANONYMITY), server.granted());
        assertEquals(Set.of(ContextFlag.ANONYMITY), client.granted());
        refused(Failure.UNSUPPORTED_FUNCTION, 0x80090302, GSSException.BAD_MECH, server::protector);
        refused(Failure.UNSUPPORTED_FUNCTION, 0x80090302, GSSException.BAD_MECH, client::protector);
    }
}
