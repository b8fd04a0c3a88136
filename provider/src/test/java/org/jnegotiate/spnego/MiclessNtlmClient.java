package org.jnegotiate.spnego;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.CredentialRequest;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.MechContext;
import org.jnegotiate.mech.MechCredential;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.Mechanism;
import org.jnegotiate.mech.MessageProtector;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.mech.SecretBytes;
import org.jnegotiate.mech.Step;
import org.jnegotiate.ntlm.crypto.NtlmCrypto;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.ntlm.messages.ChallengeMessage;
import org.jnegotiate.ntlm.messages.FileTime;
import org.jnegotiate.ntlm.messages.NegotiateFlags;
import org.jnegotiate.ntlm.messages.NegotiateMessage;
import org.jnegotiate.ntlm.messages.Ntlmv2ClientChallenge;

/**
 * An NTLMv2 client that sends no MIC, as gss-ntlmssp's does (MsvAvFlags 0, no MIC field): built from the
 * project's message codecs and crypto functions, so that SPNEGO can be tested against a peer whose NTLM does not
 * make the mechListMIC mandatory. Handshake only: it offers no per-message protection.
 */
final class MiclessNtlmClient implements MechContext {
    private static final int FLAGS = NegotiateFlags.NEGOTIATE_UNICODE
            | NegotiateFlags.REQUEST_TARGET
            | NegotiateFlags.NEGOTIATE_SIGN
            | NegotiateFlags.NEGOTIATE_SEAL
            | NegotiateFlags.NEGOTIATE_NTLM
            | NegotiateFlags.NEGOTIATE_ALWAYS_SIGN
            | NegotiateFlags.NEGOTIATE_EXTENDED_SESSIONSECURITY
            | NegotiateFlags.NEGOTIATE_128;

    private final String domain;
    private final String user;
    private final char[] password;
    private int legs;

    MiclessNtlmClient(String domain, String user, char[] password) {
        this.domain = domain;
        this.user = user;
        this.password = password.clone();
    }

    /** A mechanism for the NTLM OID whose initiators are MIC-less clients. */
    static Mechanism mechanism(String domain, String user, String password) {
        return new Mechanism() {
            @Override
            public Set<MechOid> oids() {
                return Set.of(MechOid.NTLM);
            }

            @Override
            public MechCredential acquire(CredentialRequest request) {
                return new MechCredential() {
                    @Override
                    public MechOid mechanism() {
                        return MechOid.NTLM;
                    }

                    @Override
                    public Optional<PeerName> name() {
                        return Optional.of(PeerName.user(domain + "\\" + user));
                    }

                    @Override
                    public Usage usage() {
                        return Usage.INITIATE;
                    }

                    @Override
                    public Optional<Instant> expiry() {
                        return Optional.empty();
                    }

                    @Override
                    public void dispose() {}
                };
            }

            @Override
            public MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request) {
                return new MiclessNtlmClient(domain, user, password.toCharArray());
            }

            @Override
            public MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request)
                    throws NegotiateException {
                throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "client only");
            }
        };
    }

    @Override
    public MechOid mechanism() {
        return MechOid.NTLM;
    }

    @Override
    public boolean isInitiator() {
        return true;
    }

    @Override
    public Step step(byte[] input) throws NegotiateException {
        legs++;
        if (legs == 1) {
            return Step.continueWith(new NegotiateMessage(FLAGS, "", "", Optional.empty()).encode());
        }
        if (legs != 2) {
            throw new NegotiateException(Failure.OUT_OF_SEQUENCE, "MIC-less client stepped " + legs + " times");
        }
        ChallengeMessage challenge = ChallengeMessage.decode(input);
        int flags = challenge.flags()
                & (FLAGS
                        | NegotiateFlags.NEGOTIATE_TARGET_INFO
                        | NegotiateFlags.TARGET_TYPE_SERVER
                        | NegotiateFlags.TARGET_TYPE_DOMAIN);
        byte[] responseKey = NtlmCrypto.ntowfV2(NtlmCrypto.ntowfV1(password), user, domain);
        byte[] clientChallenge = new byte[8];
        new SecureRandom().nextBytes(clientChallenge);
        long time = challenge.targetInfo().timestamp().orElse(FileTime.fromInstant(Instant.now()));
        // the server's pairs with MsvAvFlags 0: what gss-ntlmssp sends, and no MIC after it
        byte[] temp = new Ntlmv2ClientChallenge(
                        time, clientChallenge, challenge.targetInfo().withFlags(0))
                .encode();
        byte[] proof = NtlmCrypto.ntProofStr(responseKey, challenge.serverChallenge(), temp);
        byte[] nt = NtlmCrypto.ntlmv2Response(proof, temp);
        return Step.done(new AuthenticateMessage(
                        flags, new byte[24], nt, domain, user, "", new byte[0], Optional.empty(), Optional.empty())
                .encode());
    }

    @Override
    public boolean isEstablished() {
        return legs == 2;
    }

    @Override
    public Set<ContextFlag> granted() {
        return EnumSet.noneOf(ContextFlag.class);
    }

    @Override
    public Optional<PeerName> initiatorName() {
        return Optional.of(PeerName.user(domain + "\\" + user));
    }

    @Override
    public Optional<PeerName> acceptorName() {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> expiry() {
        return Optional.empty();
    }

    @Override
    public MessageProtector protector() throws NegotiateException {
        throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "handshake-only test client");
    }

    @Override
    public SecretBytes sessionKey() throws NegotiateException {
        throw new NegotiateException(Failure.UNSUPPORTED_FUNCTION, "handshake-only test client");
    }

    @Override
    public void dispose() {}
}
