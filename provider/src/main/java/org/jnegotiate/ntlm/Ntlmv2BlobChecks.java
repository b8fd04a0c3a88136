package org.jnegotiate.ntlm;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.ChannelBindings;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.ntlm.messages.AvPair;
import org.jnegotiate.ntlm.messages.FileTime;
import org.jnegotiate.ntlm.messages.Ntlmv2ClientChallenge;
import org.jnegotiate.ntlm.messages.TargetInfo;

/**
 * The acceptor's checks of an NTLMv2 client challenge (MS-NLMP 3.2.5.1.2) once the user database has verified the
 * NTProofStr that makes it authentic: its timestamp is recent, its channel bindings match the acceptor's, and,
 * without channel bindings, its target name is one of the acceptor's (Extended Protection's service binding).
 */
final class Ntlmv2BlobChecks {

    private final Duration timestampWindow;
    private final NegotiateConfig.TargetNameCheck targetNameCheck;
    private final ServiceBinding binding;
    private final Optional<ChannelBindings> channelBindings;
    private final Clock clock;

    Ntlmv2BlobChecks(
            NegotiateConfig config, ServiceBinding binding, Optional<ChannelBindings> channelBindings, Clock clock) {
        this.timestampWindow = config.ntlmTimestampWindow();
        this.targetNameCheck = config.ntlmTargetNameCheck();
        this.binding = binding;
        this.channelBindings = channelBindings;
        this.clock = clock;
    }

    void check(Ntlmv2ClientChallenge blob) throws NegotiateException {
        checkTimestamp(blob.timestamp());
        checkChannelBindings(blob.avPairs());
        checkTargetName(blob.avPairs());
    }

    private void checkTimestamp(long fileTime) throws NegotiateException {
        Instant sent = FileTime.toInstant(fileTime);
        Instant now = clock.instant();
        if (Duration.between(sent, now).abs().compareTo(timestampWindow) > 0) {
            throw new NegotiateException(
                    Failure.TIME_SKEW,
                    "the NTLMv2 response timestamp " + sent + " is more than " + timestampWindow + " from now (" + now
                            + ")");
        }
    }

    private void checkChannelBindings(TargetInfo pairs) throws NegotiateException {
        Optional<byte[]> sent = pairs.get(AvPair.MSV_AV_CHANNEL_BINDINGS);
        if (channelBindings.isPresent()) {
            byte[] expected = channelBindings.get().md5();
            if (sent.isEmpty() || !MessageDigest.isEqual(expected, sent.get())) {
                throw new NegotiateException(
                        Failure.BAD_BINDINGS,
                        sent.isEmpty() || isZero(sent.get())
                                ? "the acceptor requires channel bindings but the client sent none"
                                : "the client's MsvAvChannelBindings do not match the acceptor's channel bindings");
            }
        } else if (sent.isPresent() && !isZero(sent.get())) {
            NtlmContext.LOG.log(System.Logger.Level.DEBUG, "client sent channel bindings; none required, not checked");
        }
    }

    /** Extended Protection without channel bindings: the target name the client authenticated for. */
    private void checkTargetName(TargetInfo pairs) throws NegotiateException {
        if (targetNameCheck == NegotiateConfig.TargetNameCheck.OFF || channelBindings.isPresent()) {
            return;
        }
        binding.check(
                pairs.string(AvPair.MSV_AV_TARGET_NAME), targetNameCheck == NegotiateConfig.TargetNameCheck.REQUIRED);
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }
}
