package org.jnegotiate.krb5.tokens;

import static org.jnegotiate.asn1.Asn1Tree.fields;
import static org.jnegotiate.asn1.Asn1Tree.int32;
import static org.jnegotiate.asn1.Asn1Tree.invalid;
import static org.jnegotiate.asn1.Asn1Tree.required;
import static org.jnegotiate.asn1.Asn1Tree.sequenceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jnegotiate.asn1.Asn1Tree;
import org.jnegotiate.asn1.DerElement;
import org.jnegotiate.krb5.crypto.Krb5Key;
import org.jnegotiate.krb5.names.KerberosName;
import org.jnegotiate.mech.NegotiateException;

/**
 * The RFC 4120 section 5.2 types that the messages share, bound from the checked parse tree of
 * {@link Asn1Tree}. Types the acceptor does not interpret (AuthorizationData, TransitedEncoding, HostAddresses
 * outside a ticket) are skipped, but only after their structure is checked. Public for the KDC replies' binders
 * ({@code krb5.kdc}), which share these types.
 */
public final class KrbTree {
    /** RFC 4120 section 5.2.9: Microseconds ::= INTEGER (0..999999). */
    private static final int MAX_MICROSECONDS = 999_999;

    private KrbTree() {}

    /**
     * The fields of a Kerberos message {@code [APPLICATION msgType] SEQUENCE { pvno [0] INTEGER (5), msg-type [1]
     * INTEGER (msgType), ... }} with {@code count} fields, after checking pvno and msg-type.
     */
    public static DerElement[] message(DerElement root, int msgType, int count, String what) throws NegotiateException {
        DerElement[] f = fields(Asn1Tree.application(root, msgType, what), count, what);
        if (int32(f[0], what + " pvno") != 5 || int32(f[1], what + " msg-type") != msgType) {
            throw invalid("not a Kerberos 5 " + what);
        }
        return f;
    }

    /** EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32 OPTIONAL, cipher [2] OCTET STRING }. */
    public record EncData(int etype, Integer kvno, byte[] cipher) {}

    public static EncData encryptedData(DerElement item, String what) throws NegotiateException {
        DerElement[] f = fields(required(item, what), 3, what);
        int etype = int32(f[0], what + " etype");
        // a kvno is a UInt32; as the Kerby binding did, its 32 bits are kept in an int (RODC kvnos are above 2^31)
        Integer kvno = f[1] == null ? null : (int) Asn1Tree.unsigned32(f[1], what + " kvno");
        return new EncData(etype, kvno, Asn1Tree.octets(f[2], what + " cipher"));
    }

    /**
     * PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString } with its
     * realm. The name type is kept as sent (Kerby's binding turned every type it has no constant for, such as
     * Windows' NT-MS-PRINCIPAL -128, into 0).
     */
    public static KerberosName principal(DerElement name, DerElement realm, String what) throws NegotiateException {
        required(name, what + " name");
        return principal(name, Asn1Tree.generalString(realm, what + " realm"), what);
    }

    /** A PrincipalName with a realm known otherwise (a field left out because it has a default). */
    public static KerberosName principal(DerElement name, String realmText, String what) throws NegotiateException {
        DerElement[] f = fields(required(name, what + " name"), 2, what + " name");
        if (f[0] == null || f[1] == null) {
            throw invalid("empty " + what + " name");
        }
        int nameType = int32(f[0], what + " name-type");
        List<DerElement> strings = sequenceOf(f[1], what + " name-string");
        if (strings.isEmpty()) {
            throw invalid("empty " + what + " name");
        }
        List<String> components = new ArrayList<>(strings.size());
        for (DerElement s : strings) {
            components.add(Asn1Tree.generalString(s, what + " name-string"));
        }
        return new KerberosName(nameType, components, realmText);
    }

    /** A PrincipalName whose structure and types are checked, and nothing kept. */
    public static void skipPrincipalName(DerElement item, String what) throws NegotiateException {
        DerElement[] f = fields(item, 2, what);
        int32(f[0], what + " name-type");
        for (DerElement s : sequenceOf(f[1], what + " name-string")) {
            Asn1Tree.generalString(s, what + " name-string");
        }
    }

    /** EncryptionKey ::= SEQUENCE { keytype [0] Int32, keyvalue [1] OCTET STRING }, of an implemented enctype. */
    public static Krb5Key key(DerElement item, String what) throws NegotiateException {
        DerElement[] f = fields(required(item, what), 2, what);
        int type = int32(f[0], what + " type");
        return Fields.key(type, Asn1Tree.octets(f[1], what + " value"), what);
    }

    /** Checksum ::= SEQUENCE { cksumtype [0] Int32, checksum [1] OCTET STRING }. */
    public static AuthenticatorPart.Checksum checksum(DerElement item) throws NegotiateException {
        DerElement[] f = fields(item, 2, "checksum");
        return new AuthenticatorPart.Checksum(int32(f[0], "checksum type"), Asn1Tree.octets(f[1], "checksum"));
    }

    /** Microseconds, 0 to 999999. */
    public static int microseconds(DerElement item, String what) throws NegotiateException {
        int v = int32(item, what);
        if (v < 0 || v > MAX_MICROSECONDS) {
            throw invalid(what + " out of range");
        }
        return v;
    }

    /** seq-number [n] UInt32 OPTIONAL. */
    public static OptionalLong sequenceNumber(DerElement item) throws NegotiateException {
        return item == null ? OptionalLong.empty() : OptionalLong.of(Asn1Tree.unsigned32(item, "seq-number"));
    }

    /**
     * TransitedEncoding ::= SEQUENCE { tr-type [0] Int32, contents [1] OCTET STRING }: the contents as text (the
     * realm names of DOMAIN-X500-COMPRESS are GeneralStrings; a KDC sends them in UTF-8 or ASCII).
     */
    public static String transited(DerElement item) throws NegotiateException {
        DerElement[] f = fields(item, 2, "transited");
        int32(f[0], "transited tr-type");
        return new String(Asn1Tree.octets(f[1], "transited contents"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** HostAddresses ::= SEQUENCE OF SEQUENCE { addr-type [0] Int32, address [1] OCTET STRING }, checked, skipped. */
    public static void skipHostAddresses(DerElement item, String what) throws NegotiateException {
        skipTypedOctets(item, what);
    }

    /** HostAddresses, kept (a ticket's caddr: the acceptor compares it with the initiator's address). */
    static List<HostAddress> hostAddresses(DerElement item, String what) throws NegotiateException {
        List<DerElement> elements = sequenceOf(item, what);
        List<HostAddress> out = new ArrayList<>(elements.size());
        for (DerElement element : elements) {
            DerElement[] f = fields(element, 2, what);
            out.add(new HostAddress(int32(f[0], what + " type"), Asn1Tree.octets(f[1], what + " value")));
        }
        return List.copyOf(out);
    }

    /** AuthorizationData ::= SEQUENCE OF SEQUENCE { ad-type [0] Int32, ad-data [1] OCTET STRING }, checked, skipped. */
    public static void skipAuthorizationData(DerElement item, String what) throws NegotiateException {
        skipTypedOctets(item, what);
    }

    /** HostAddress ::= SEQUENCE { addr-type [0] Int32, address [1] OCTET STRING }, checked, skipped. */
    public static void skipHostAddress(DerElement item, String what) throws NegotiateException {
        skipTyped(item, what);
    }

    private static void skipTypedOctets(DerElement item, String what) throws NegotiateException {
        for (DerElement element : sequenceOf(item, what)) {
            skipTyped(element, what);
        }
    }

    /** SEQUENCE { [0] Int32, [1] OCTET STRING }, the shape of HostAddress and of an AuthorizationData entry. */
    private static void skipTyped(DerElement item, String what) throws NegotiateException {
        DerElement[] f = fields(item, 2, what);
        int32(f[0], what + " type");
        Asn1Tree.skipOctets(f[1], what + " value");
    }
}
