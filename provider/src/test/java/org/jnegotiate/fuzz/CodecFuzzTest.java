package org.jnegotiate.fuzz;

import static org.jnegotiate.fuzz.Fuzzing.onlyNegotiateException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.asn1.DerReader;
import org.jnegotiate.krb5.pac.Pac;
import org.jnegotiate.krb5.tokens.ApRepMessage;
import org.jnegotiate.krb5.tokens.ApReqMessage;
import org.jnegotiate.krb5.tokens.AuthenticatorPart;
import org.jnegotiate.krb5.tokens.ContextToken;
import org.jnegotiate.krb5.tokens.GssChecksum;
import org.jnegotiate.krb5.tokens.KrbErrorMessage;
import org.jnegotiate.krb5.tokens.TicketPart;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.ntlm.messages.AuthenticateMessage;
import org.jnegotiate.ntlm.messages.ChallengeMessage;
import org.jnegotiate.ntlm.messages.NegotiateMessage;
import org.jnegotiate.ntlm.messages.Ntlmv2ClientChallenge;
import org.jnegotiate.ntlm.messages.TargetInfo;
import org.jnegotiate.spnego.tokens.NegTokenInit2Encoder;
import org.jnegotiate.spnego.tokens.NegotiationToken;

/**
 * Coverage-guided fuzzing of every decoder of peer bytes, without a context around it. In the test command these
 * run in regression mode over the inputs in {@code CodecFuzzTestInputs/<target>/}; {@code scripts/fuzz.sh} fuzzes
 * them. The properties: only {@link NegotiateException} escapes, and what the DER reader accepts is exactly one
 * element filling its input.
 */
class CodecFuzzTest {

    @FuzzTest
    void derReader(byte[] in) {
        onlyNegotiateException(() -> {
            DerElement root = DerReader.read(in, 0, in.length, "fuzz input");
            assertEquals(in.length, root.encodingLength());
            return root;
        });
    }

    @FuzzTest
    void negotiationToken(byte[] in) {
        onlyNegotiateException(() -> {
            NegotiationToken t = NegotiationToken.decode(in);
            // what was accepted encodes to a token that decodes and encodes to the same bytes
            byte[] encoded = NegTokenInit2Encoder.encodeAny(t);
            assertArrayEquals(encoded, NegTokenInit2Encoder.encodeAny(NegotiationToken.decode(encoded)));
            return t;
        });
    }

    @FuzzTest
    void gssFraming(byte[] in) {
        onlyNegotiateException(() -> GssFraming.unwrap(in));
    }

    /**
     * The agent's hook on an acceptor's first token (gss/UnframedFirstTokens): nothing but IOException escapes, the
     * stream is either left alone (at its start) or a well-formed RFC 2743 SPNEGO frame around exactly the input.
     */
    @FuzzTest
    void unframedFirstToken(byte[] in) throws Exception {
        java.io.ByteArrayInputStream stream = new java.io.ByteArrayInputStream(in);
        java.io.InputStream out = org.jnegotiate.gss.UnframedFirstTokens.frame(stream);
        if (out == stream) {
            assertArrayEquals(in, stream.readAllBytes());
            return;
        }
        GssFraming.Framed framed = GssFraming.unwrap(out.readAllBytes());
        assertEquals(java.util.Optional.of(org.jnegotiate.mech.MechOid.SPNEGO), framed.mechanism());
        assertArrayEquals(in, framed.inner());
    }

    /** AP-REQ, AP-REP and KRB-ERROR, bare, as the Kerberos contexts locate and decode them (anything else refused). */
    @FuzzTest
    void kerberosContextToken(byte[] in) {
        onlyNegotiateException(() -> {
            ContextToken.Located t = ContextToken.locate(in);
            return switch (t.id()) {
                case AP_REQ -> ApReqMessage.decode(t.bytes(), t.offset(), t.length());
                case AP_REP -> ApRepMessage.decode(t.bytes(), t.offset(), t.length());
                case KRB_ERROR -> KrbErrorMessage.decode(t.bytes(), t.offset(), t.length());
                default -> t;
            };
        });
    }

    /** The plaintexts a Kerberos acceptor or initiator reads after decryption, chosen by the first byte. */
    @FuzzTest
    void kerberosDecryptedParts(byte[] in) {
        if (in.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(in, 1, in.length);
        onlyNegotiateException(() -> switch (in[0] & 3) {
            case 0 -> TicketPart.decode(rest);
            case 1 -> AuthenticatorPart.decode(rest);
            case 2 -> ApRepMessage.Part.decode(rest);
            default -> GssChecksum.decode(rest);
        });
    }

    /**
     * A PAC (MS-PAC) as the Kerberos acceptor decodes it from a decrypted ticket: buffers, NDR logon info, client
     * info, UPN info, signatures. Seeds: a Samba 4.17 PAC and the CVE-2022-42898 shapes (buffer count and
     * offset/size overflows).
     */
    @FuzzTest
    void pac(byte[] in) {
        onlyNegotiateException(() -> Pac.decode(in));
    }

    @FuzzTest
    void ntlmMessages(byte[] in) {
        onlyNegotiateException(() -> NegotiateMessage.decode(in));
        onlyNegotiateException(() -> ChallengeMessage.decode(in));
        onlyNegotiateException(() -> AuthenticateMessage.decode(in));
        onlyNegotiateException(() -> TargetInfo.decode(in));
        onlyNegotiateException(() -> Ntlmv2ClientChallenge.decode(in));
    }
}
