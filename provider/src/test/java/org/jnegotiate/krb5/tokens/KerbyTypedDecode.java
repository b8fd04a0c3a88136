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
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * The reference: the decoders as they were before the parse-tree binding, through Kerby's typed classes
 * (logic kept as it was), and comparisons of their results with the new decoders' field by field (the records
 * hold arrays and keys, which records compare by identity).
 */
final class KerbyTypedDecode {
    private KerbyTypedDecode() {}

    static ApReqMessage apReq(byte[] der) throws NegotiateException {
        ApReq req = KerbyDecoding.decode(der, ApReq.class, "AP-REQ");
        return KerbyDecoding.read(
                () -> {
                    if (req.getPvno() != 5 || req.getMsgType() != KrbMessageType.AP_REQ) {
                        throw new NegotiateException(Failure.INVALID_TOKEN, "not a Kerberos 5 AP-REQ");
                    }
                    ApOptions options = req.getApOptions();
                    Ticket ticket = KerbyDecoding.required(req.getTicket(), "ticket");
                    KerberosName server = KerbyDecoding.name(ticket.getSname(), ticket.getRealm(), "ticket server");
                    EncryptedData ticketPart = KerbyDecoding.required(ticket.getEncryptedEncPart(), "ticket enc-part");
                    EncryptedData auth = KerbyDecoding.required(req.getEncryptedAuthenticator(), "authenticator");
                    return new ApReqMessage(
                            options == null ? 0 : options.getFlags(),
                            server,
                            KerbyDecoding.etype(ticketPart),
                            KerbyDecoding.kvno(ticketPart),
                            KerbyDecoding.required(ticketPart.getCipher(), "ticket cipher"),
                            KerbyDecoding.etype(auth),
                            KerbyDecoding.required(auth.getCipher(), "authenticator cipher"));
                },
                "AP-REQ");
    }

    static AuthenticatorPart authenticator(byte[] der) throws NegotiateException {
        AuthReader a = KerbyDecoding.decode(der, AuthReader.class, "authenticator");
        return KerbyDecoding.read(
                () -> {
                    if (a.getAuthenticatorVno() != 5) {
                        throw new NegotiateException(Failure.INVALID_TOKEN, "authenticator-vno is not 5");
                    }
                    KerberosName client = KerbyDecoding.name(a.getCname(), a.getCrealm(), "authenticator client");
                    CheckSum c = a.getCksum();
                    Optional<AuthenticatorPart.Checksum> checksum = c == null
                            ? Optional.empty()
                            : Optional.of(new AuthenticatorPart.Checksum(
                                    KerbyDecoding.checksumType(c),
                                    KerbyDecoding.required(c.getChecksum(), "checksum")));
                    int cusec = a.getCusec();
                    if (cusec < 0 || cusec > 999_999) {
                        throw new NegotiateException(Failure.INVALID_TOKEN, "cusec out of range");
                    }
                    Optional<Krb5Key> subkey = a.getSubKey() == null
                            ? Optional.empty()
                            : Optional.of(KerbyDecoding.key(a.getSubKey(), "authenticator subkey"));
                    Integer seq = a.sequenceOrNull();
                    return new AuthenticatorPart(
                            client,
                            checksum,
                            KerbyDecoding.time(a.getCtime(), "ctime"),
                            cusec,
                            subkey,
                            seq == null ? OptionalLong.empty() : OptionalLong.of(seq & 0xFFFFFFFFL));
                },
                "authenticator");
    }

    static TicketPart ticketPart(byte[] der) throws NegotiateException {
        EncTicketPart p = KerbyDecoding.decode(der, EncTicketPart.class, "EncTicketPart");
        return KerbyDecoding.read(
                () -> new TicketPart(
                        KerbyDecoding.key(p.getKey(), "ticket session key"),
                        KerbyDecoding.name(p.getCname(), p.getCrealm(), "ticket client"),
                        p.getFlags() == null ? 0 : p.getFlags().getFlags(),
                        KerbyDecoding.time(p.getAuthTime(), "authtime"),
                        KerbyDecoding.optionalTime(p.getStartTime()),
                        KerbyDecoding.time(p.getEndTime(), "endtime"),
                        KerbyDecoding.optionalTime(p.getRenewtill())),
                "EncTicketPart");
    }

    static ApRepMessage apRep(byte[] der) throws NegotiateException {
        ApRep rep = KerbyDecoding.decode(der, ApRep.class, "AP-REP");
        return KerbyDecoding.read(
                () -> {
                    if (rep.getPvno() != 5 || rep.getMsgType() != KrbMessageType.AP_REP) {
                        throw new NegotiateException(Failure.INVALID_TOKEN, "not a Kerberos 5 AP-REP");
                    }
                    EncryptedData enc = KerbyDecoding.required(rep.getEncryptedEncPart(), "AP-REP enc-part");
                    return new ApRepMessage(
                            KerbyDecoding.etype(enc), KerbyDecoding.required(enc.getCipher(), "AP-REP cipher"));
                },
                "AP-REP");
    }

    static ApRepMessage.Part apRepPart(byte[] der) throws NegotiateException {
        PartReader p = KerbyDecoding.decode(der, PartReader.class, "EncAPRepPart");
        return KerbyDecoding.read(
                () -> {
                    Integer seq = p.sequenceOrNull();
                    return new ApRepMessage.Part(
                            KerbyDecoding.time(p.getCtime(), "ctime"),
                            p.getCusec(),
                            p.getSubkey() == null
                                    ? Optional.empty()
                                    : Optional.of(KerbyDecoding.key(p.getSubkey(), "acceptor subkey")),
                            seq == null ? OptionalLong.empty() : OptionalLong.of(seq & 0xFFFFFFFFL));
                },
                "EncAPRepPart");
    }

    static KrbErrorMessage krbError(byte[] der) throws NegotiateException {
        KrbError e = KerbyDecoding.decode(der, KrbError.class, "KRB-ERROR");
        return KerbyDecoding.read(
                () -> {
                    if (e.getMsgType() != KrbMessageType.KRB_ERROR) {
                        throw new NegotiateException(Failure.INVALID_TOKEN, "not a KRB-ERROR");
                    }
                    return new KrbErrorMessage(
                            KerbyDecoding.required(e.getErrorCode(), "error-code")
                                    .getValue(),
                            Optional.ofNullable(e.getEtext()));
                },
                "KRB-ERROR");
    }

    /** Reads seq-number with its presence (Kerby's getter answers -1 when absent). */
    public static final class AuthReader extends Authenticator {
        public AuthReader() {}

        Integer sequenceOrNull() {
            return getFieldAsInteger(AuthenticatorField.SEQ_NUMBER);
        }
    }

    /** Reads seq-number with its presence. */
    public static final class PartReader extends EncAPRepPart {
        public PartReader() {}

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
