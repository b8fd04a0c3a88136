package org.jnegotiate.krb5.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApRep;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ap.Authenticator;
import org.apache.kerby.kerberos.kerb.type.ap.EncAPRepPart;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.KrbError;
import org.apache.kerby.kerberos.kerb.type.base.KrbMessageType;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.jnegotiate.krb5.KerberosName;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The reference: the decoders as they were before the parse-tree binding, through Kerby's typed classes
 * (logic kept as it was), and comparisons of their results with the new decoders' field by field (the records
 * hold arrays and keys, which records compare by identity).
 */
final class KerbyTypedDecode {
    private KerbyTypedDecode() {
    }

    static ApReqMessage apReq(byte[] der) throws NegotiateException {
        ApReq req = KerberosCodec.decode(der, ApReq.class, "AP-REQ");
        return KerberosCodec.read(() -> {
            if (req.getPvno() != 5 || req.getMsgType() != KrbMessageType.AP_REQ) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not a Kerberos 5 AP-REQ");
            }
            ApOptions options = req.getApOptions();
            Ticket ticket = Fields.required(req.getTicket(), "ticket");
            KerberosName server = Fields.name(ticket.getSname(), ticket.getRealm(), "ticket server");
            EncryptedData ticketPart = Fields.required(ticket.getEncryptedEncPart(), "ticket enc-part");
            EncryptedData auth = Fields.required(req.getEncryptedAuthenticator(), "authenticator");
            return new ApReqMessage(options == null ? 0 : options.getFlags(), server,
                    KrbInts.etype(ticketPart), KrbInts.kvno(ticketPart),
                    Fields.required(ticketPart.getCipher(), "ticket cipher"), KrbInts.etype(auth),
                    Fields.required(auth.getCipher(), "authenticator cipher"));
        }, "AP-REQ");
    }

    static AuthenticatorPart authenticator(byte[] der) throws NegotiateException {
        AuthReader a = KerberosCodec.decode(der, AuthReader.class, "authenticator");
        return KerberosCodec.read(() -> {
            if (a.getAuthenticatorVno() != 5) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "authenticator-vno is not 5");
            }
            KerberosName client = Fields.name(a.getCname(), a.getCrealm(), "authenticator client");
            CheckSum c = a.getCksum();
            Optional<AuthenticatorPart.Checksum> checksum = c == null ? Optional.empty()
                    : Optional.of(new AuthenticatorPart.Checksum(KrbInts.checksumType(c),
                            Fields.required(c.getChecksum(), "checksum")));
            int cusec = a.getCusec();
            if (cusec < 0 || cusec > 999_999) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "cusec out of range");
            }
            Optional<Krb5Key> subkey = a.getSubKey() == null ? Optional.empty()
                    : Optional.of(Fields.key(a.getSubKey(), "authenticator subkey"));
            Integer seq = a.sequenceOrNull();
            return new AuthenticatorPart(client, checksum, Fields.time(a.getCtime(), "ctime"), cusec, subkey,
                    seq == null ? OptionalLong.empty() : OptionalLong.of(seq & 0xFFFFFFFFL));
        }, "authenticator");
    }

    static TicketPart ticketPart(byte[] der) throws NegotiateException {
        EncTicketPart p = KerberosCodec.decode(der, EncTicketPart.class, "EncTicketPart");
        return KerberosCodec.read(() -> new TicketPart(Fields.key(p.getKey(), "ticket session key"),
                Fields.name(p.getCname(), p.getCrealm(), "ticket client"),
                p.getFlags() == null ? 0 : p.getFlags().getFlags(), Fields.time(p.getAuthTime(), "authtime"),
                Fields.optionalTime(p.getStartTime()), Fields.time(p.getEndTime(), "endtime"),
                Fields.optionalTime(p.getRenewtill())), "EncTicketPart");
    }

    static ApRepMessage apRep(byte[] der) throws NegotiateException {
        ApRep rep = KerberosCodec.decode(der, ApRep.class, "AP-REP");
        return KerberosCodec.read(() -> {
            if (rep.getPvno() != 5 || rep.getMsgType() != KrbMessageType.AP_REP) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not a Kerberos 5 AP-REP");
            }
            EncryptedData enc = Fields.required(rep.getEncryptedEncPart(), "AP-REP enc-part");
            return new ApRepMessage(KrbInts.etype(enc), Fields.required(enc.getCipher(), "AP-REP cipher"));
        }, "AP-REP");
    }

    static ApRepMessage.Part apRepPart(byte[] der) throws NegotiateException {
        PartReader p = KerberosCodec.decode(der, PartReader.class, "EncAPRepPart");
        return KerberosCodec.read(() -> {
            Integer seq = p.sequenceOrNull();
            return new ApRepMessage.Part(Fields.time(p.getCtime(), "ctime"), p.getCusec(),
                    p.getSubkey() == null ? Optional.empty()
                            : Optional.of(Fields.key(p.getSubkey(), "acceptor subkey")),
                    seq == null ? OptionalLong.empty() : OptionalLong.of(seq & 0xFFFFFFFFL));
        }, "EncAPRepPart");
    }

    static KrbErrorMessage krbError(byte[] der) throws NegotiateException {
        KrbError e = KerberosCodec.decode(der, KrbError.class, "KRB-ERROR");
        return KerberosCodec.read(() -> {
            if (e.getMsgType() != KrbMessageType.KRB_ERROR) {
                throw new NegotiateException(Failure.INVALID_TOKEN, "not a KRB-ERROR");
            }
            return new KrbErrorMessage(Fields.required(e.getErrorCode(), "error-code").getValue(),
                    Optional.ofNullable(e.getEtext()));
        }, "KRB-ERROR");
    }

    /** Reads seq-number with its presence (Kerby's getter answers -1 when absent). */
    public static final class AuthReader extends Authenticator {
        public AuthReader() {
        }

        Integer sequenceOrNull() {
            return getFieldAsInteger(AuthenticatorField.SEQ_NUMBER);
        }
    }

    /** Reads seq-number with its presence. */
    public static final class PartReader extends EncAPRepPart {
        public PartReader() {
        }

        Integer sequenceOrNull() {
            return getFieldAsInteger(EncAPRepPartField.SEQ_NUMBER);
        }
    }

    // ---------------------------------------------------------------- field-by-field comparisons

    static void assertSame(ApReqMessage expected, ApReqMessage actual) {
        assertEquals(expected.apOptions(), actual.apOptions());
        assertEquals(expected.server(), actual.server());
        assertEquals(expected.ticketEtype(), actual.ticketEtype());
        assertEquals(expected.ticketKvno(), actual.ticketKvno());
        assertArrayEquals(expected.ticketCipher(), actual.ticketCipher());
        assertEquals(expected.authenticatorEtype(), actual.authenticatorEtype());
        assertArrayEquals(expected.encryptedAuthenticator(), actual.encryptedAuthenticator());
    }

    static void assertSame(AuthenticatorPart expected, AuthenticatorPart actual) {
        assertEquals(expected.client(), actual.client());
        assertEquals(expected.checksum().isPresent(), actual.checksum().isPresent());
        expected.checksum().ifPresent(c -> {
            assertEquals(c.type(), actual.checksum().get().type());
            assertArrayEquals(c.value(), actual.checksum().get().value());
        });
        assertEquals(expected.ctime(), actual.ctime());
        assertEquals(expected.cusec(), actual.cusec());
        assertSameKey(expected.subkey(), actual.subkey());
        assertEquals(expected.sequenceNumber(), actual.sequenceNumber());
    }

    static void assertSame(TicketPart expected, TicketPart actual) {
        assertSameKey(Optional.of(expected.sessionKey()), Optional.of(actual.sessionKey()));
        assertEquals(expected.client(), actual.client());
        assertEquals(expected.flags(), actual.flags());
        assertEquals(expected.authTime(), actual.authTime());
        assertEquals(expected.startTime(), actual.startTime());
        assertEquals(expected.endTime(), actual.endTime());
        assertEquals(expected.renewTill(), actual.renewTill());
    }

    static void assertSame(ApRepMessage expected, ApRepMessage actual) {
        assertEquals(expected.etype(), actual.etype());
        assertArrayEquals(expected.encryptedPart(), actual.encryptedPart());
    }

    static void assertSame(ApRepMessage.Part expected, ApRepMessage.Part actual) {
        assertEquals(expected.ctime(), actual.ctime());
        assertEquals(expected.cusec(), actual.cusec());
        assertSameKey(expected.subkey(), actual.subkey());
        assertEquals(expected.sequenceNumber(), actual.sequenceNumber());
    }

    private static void assertSameKey(Optional<Krb5Key> expected, Optional<Krb5Key> actual) {
        assertEquals(expected.isPresent(), actual.isPresent());
        expected.ifPresent(k -> {
            assertEquals(k.type(), actual.get().type());
            assertArrayEquals(k.bytes(), actual.get().bytes());
        });
    }
}
