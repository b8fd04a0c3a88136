package org.jnegotiate.ntlm;

import static org.jnegotiate.ntlm.NtlmPolicyTest.refused;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.ietf.jgss.GSSException;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.ntlm.messages.AvPair;
import org.jnegotiate.ntlm.messages.NegotiateFlags;
import org.jnegotiate.ntlm.messages.TargetInfo;
import org.junit.jupiter.api.Test;

/**
 * Known NTLM attacks replayed against the acceptor (issue 9 item 4): a man in the middle holds a genuine
 * AUTHENTICATE_MESSAGE of alice (MIC present, MsvAvFlags MIC bit, MsvAvTargetName, timestamp) and edits it without
 * knowing her password. Each must fail with its exact status.
 */
class NtlmAttackReplayTest {
    /** The flags Drop the MIC removes so that the relayed session needs no signing. */
    private static final int SIGNING =
            NegotiateFlags.NEGOTIATE_SIGN | NegotiateFlags.NEGOTIATE_ALWAYS_SIGN | NegotiateFlags.NEGOTIATE_KEY_EXCH;

    private final NtlmHandshakeTest.TestClock clock = new NtlmHandshakeTest.TestClock();
    private final NtlmMechanism victim;
    private final NtlmMechanism relayTarget;
    private MechContext server;

    NtlmAttackReplayTest() throws NegotiateException {
        NtlmUserDatabase users = FileNtlmUserDatabase.parse(List.of("DOMAIN:alice:Secret1"), "test");
        victim = new NtlmMechanism(
                NegotiateConfig.defaults(),
                users,
                NtlmHandshakeTest.NAMES,
                new SecureRandom(),
                clock,
                new IssuedChallenges());
        relayTarget = new NtlmMechanism(
                NegotiateConfig.defaults(),
                users,
                NtlmHandshakeTest.NAMES,
                new SecureRandom(),
                clock,
                new IssuedChallenges());
    }

    /** alice's genuine AUTHENTICATE for the acceptor {@link #server}, which has not seen it yet. */
    private byte[] captured() throws NegotiateException {
        return captured("HTTP@server.domain.local");
    }

    /** As {@link #captured()}, alice meaning to reach {@code target} (the attacker's own service, when relayed). */
    private byte[] captured(String target) throws NegotiateException {
        MechCredential alice =
                victim.acquire(CredentialRequest.of(PeerName.user("DOMAIN\\alice"), MechCredential.Usage.INITIATE)
                        .withPassword("Secret1".toCharArray()));
        MechContext client = victim.initiator(
                MechOid.NTLM,
                alice,
                NtlmHandshakeTest.request().target(PeerName.hostbased(target)).build());
        server = relayTarget.acceptor(
                MechOid.NTLM,
                NtlmCredential.acceptor(),
                ContextRequest.builder().build());
        byte[] auth = NtlmHandshakeTest.authenticate(client, server);
        assertTrue(AuthenticateMessage.decode(auth).mic().isPresent());
        return auth;
    }

    private void refusedWith(Failure failure, int secE, int gss, byte[] forged) {
        refused(failure, secE, gss, () -> server.step(forged));
        assertFalse(server.isEstablished());
    }

    private static int flagsOf(byte[] auth) throws NegotiateException {
        return AuthenticateMessage.decode(auth).flags();
    }

    // ---- CVE-2019-1040, "Drop the MIC" ----

    /** MIC field and signing flags removed, the AV pairs untouched: MsvAvFlags still promises a MIC. */
    @Test
    void dropTheMic_cve2019_1040_micAndSigningFlagsRemoved_invalidToken() throws Exception {
        byte[] auth = captured();
        byte[] forged = ForgedNtlm.tamper(auth, flagsOf(auth) & ~SIGNING, t -> t, false, false);
        refusedWith(Failure.INVALID_TOKEN, 0x80090308, GSSException.DEFECTIVE_TOKEN, forged);
    }

    /** As above, and the MIC bit of MsvAvFlags cleared too: the NTProofStr covers the AV pairs. */
    @Test
    void dropTheMic_cve2019_1040_micBitClearedToo_logonDenied() throws Exception {
        byte[] auth = captured();
        byte[] forged = ForgedNtlm.tamper(auth, flagsOf(auth) & ~SIGNING, ForgedNtlm::micBitCleared, false, false);
        refusedWith(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, forged);
    }

    /** As above with the MsvAvFlags pair removed altogether. */
    @Test
    void dropTheMic_cve2019_1040_avFlagsPairRemoved_logonDenied() throws Exception {
        byte[] auth = captured();
        byte[] forged = ForgedNtlm.tamper(
                auth, flagsOf(auth) & ~SIGNING, t -> ForgedNtlm.without(t, AvPair.MSV_AV_FLAGS), false, false);
        refusedWith(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, forged);
    }

    /** The MIC kept in place but the signing flags dropped: the MIC covers the flags. */
    @Test
    void dropTheMic_signingFlagsDroppedMicKept_messageAltered() throws Exception {
        byte[] auth = captured();
        byte[] forged = ForgedNtlm.tamper(
                auth,
                flagsOf(auth) & ~(NegotiateFlags.NEGOTIATE_SIGN | NegotiateFlags.NEGOTIATE_ALWAYS_SIGN),
                t -> t,
                true,
                true);
        refusedWith(Failure.MESSAGE_ALTERED, 0x8009030F, GSSException.BAD_MIC, forged);
    }

    // ---- CVE-2019-1019: the NTLMv2 blob's AV pairs removed (target name, timestamp, all) ----

    @Test
    void cve2019_1019_targetNameRemoved_logonDenied() throws Exception {
        byte[] auth = captured();
        byte[] forged = ForgedNtlm.tamper(
                auth, flagsOf(auth), t -> ForgedNtlm.without(t, AvPair.MSV_AV_TARGET_NAME), true, true);
        refusedWith(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, forged);
    }

    /** alice authenticated to the attacker's service; the attacker renames the target to the relay target's. */
    @Test
    void cve2019_1019_targetNameReplaced_logonDenied() throws Exception {
        byte[] auth = captured("HTTP@attacker.example");
        byte[] forged = ForgedNtlm.tamper(
                auth,
                flagsOf(auth),
                t -> t.withString(AvPair.MSV_AV_TARGET_NAME, "HTTP/server.domain.local"),
                true,
                true);
        refusedWith(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, forged);
    }

    @Test
    void cve2019_1019_timestampRemoved_logonDenied() throws Exception {
        byte[] auth = captured();
        byte[] forged =
                ForgedNtlm.tamper(auth, flagsOf(auth), t -> ForgedNtlm.without(t, AvPair.MSV_AV_TIMESTAMP), true, true);
        refusedWith(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, forged);
    }

    @Test
    void cve2019_1019_allAvPairsRemoved_logonDenied() throws Exception {
        byte[] auth = captured();
        byte[] forged = ForgedNtlm.tamper(auth, flagsOf(auth) & ~SIGNING, t -> TargetInfo.empty(), false, false);
        refusedWith(Failure.LOGON_DENIED, 0x8009030C, GSSException.UNAUTHORIZED, forged);
    }

    /** Relayed unaltered from the attacker's service: the target name check (Extended Protection) refuses it. */
    @Test
    void relayUnaltered_targetNameOfAnotherService_badBindings() throws Exception {
        byte[] auth = captured("HTTP@attacker.example");
        refusedWith(Failure.BAD_BINDINGS, 0x80090346, GSSException.BAD_BINDINGS, auth);
    }

    /** The unaltered capture still passes: the failures above are the edits', not the harness's. */
    @Test
    void capturedUnaltered_establishes() throws Exception {
        byte[] auth = captured();
        server.step(auth);
        assertTrue(server.isEstablished());
    }
}
