package org.jnegotiate.krb5.pac;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.tokens.AuthorizationDataEntry;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * A Privilege Attribute Certificate (MS-PAC): what an Active Directory KDC says about the client of a ticket. The
 * typed parts are the logon information (SIDs, groups, names: {@link KerbValidationInfo}), the client information
 * ({@link PacClientInfo}) and the UPN and DNS information ({@link UpnDnsInfo}); the other buffers (credentials,
 * claims, device information, the ticket signature) are bounds-checked and left as they are.
 *
 * <p>A {@code Pac} handed out by a JNegotiate acceptor has been verified: its server signature with the service's
 * key, its client information against the ticket ({@link PacVerifier}). {@link #decode} alone verifies nothing.
 *
 * <p>Wire format (MS-PAC 2.3, 2.4): PACTYPE {@code cBuffers (4), Version (4) = 0}, then cBuffers PAC_INFO_BUFFER
 * {@code ulType (4), cbBufferSize (4), Offset (8)}, little-endian. Every buffer must lie after the header and
 * inside the PAC, computed without overflow (CVE-2022-42898 was a 32-bit overflow of exactly this arithmetic in
 * MIT's and Heimdal's parsers); the interpreted types may appear once each.
 */
public final class Pac {
    static final int LOGON_INFO = 1;
    static final int SERVER_CHECKSUM = 6;
    static final int PRIVSVR_CHECKSUM = 7;
    static final int CLIENT_INFO = 10;
    static final int UPN_DNS_INFO = 12;
    /** More buffers than any KDC writes (Windows: about ten); counts above are refused before allocation. */
    static final int MAX_BUFFERS = 256;

    private static final int HEADER = 8;
    private static final int INFO_BUFFER = 16;

    private final byte[] encoded;
    private final List<Integer> bufferTypes;
    private final KerbValidationInfo logonInfo;
    private final PacClientInfo clientInfo;
    private final UpnDnsInfo upnDnsInfo;
    private final PacSignature serverSignature;
    private final PacSignature kdcSignature;

    private Pac(
            byte[] encoded,
            List<Integer> bufferTypes,
            KerbValidationInfo logonInfo,
            PacClientInfo clientInfo,
            UpnDnsInfo upnDnsInfo,
            PacSignature serverSignature,
            PacSignature kdcSignature) {
        this.encoded = encoded;
        this.bufferTypes = List.copyOf(bufferTypes);
        this.logonInfo = logonInfo;
        this.clientInfo = clientInfo;
        this.upnDnsInfo = upnDnsInfo;
        this.serverSignature = serverSignature;
        this.kdcSignature = kdcSignature;
    }

    /**
     * The PAC of a ticket's authorization data: the AD-WIN2K-PAC element inside an AD-IF-RELEVANT element (where
     * Windows and MIT put it). Empty when the ticket has none; more than one PAC is refused (INVALID_TOKEN).
     */
    public static Optional<byte[]> find(List<AuthorizationDataEntry> authorizationData) throws NegotiateException {
        byte[] found = null;
        for (AuthorizationDataEntry outer : authorizationData) {
            if (outer.type() != AuthorizationDataEntry.AD_IF_RELEVANT) {
                continue;
            }
            // one level only: a PAC nested deeper is not where a KDC puts it, and is ignored
            for (AuthorizationDataEntry inner : AuthorizationDataEntry.decode(outer.data(), "AD-IF-RELEVANT")) {
                if (inner.type() == AuthorizationDataEntry.AD_WIN2K_PAC) {
                    if (found != null) {
                        throw new NegotiateException(Failure.INVALID_TOKEN, "the ticket holds more than one PAC");
                    }
                    found = inner.data();
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** Decodes (and bounds-checks) a PAC; verifies nothing. */
    public static Pac decode(byte[] pac) throws NegotiateException {
        byte[] bytes = pac.clone();
        LittleEndianReader in = new LittleEndianReader(bytes, 0, bytes.length, "PAC");
        long count = in.u32("cBuffers");
        long version = in.u32("Version");
        if (version != 0 || count < 1 || count > MAX_BUFFERS || HEADER + count * INFO_BUFFER > bytes.length) {
            throw in.invalid("version " + version + " with " + count + " buffers in " + bytes.length + " bytes");
        }
        long headerEnd = HEADER + count * INFO_BUFFER;
        List<Integer> types = new ArrayList<>((int) count);
        KerbValidationInfo logonInfo = null;
        PacClientInfo clientInfo = null;
        UpnDnsInfo upnDnsInfo = null;
        PacSignature server = null;
        PacSignature kdc = null;
        for (int i = 0; i < count; i++) {
            int type = (int) in.u32("ulType");
            long size = in.u32("cbBufferSize");
            long offset = in.u64("Offset");
            // all in long: neither offset + size nor the header arithmetic can wrap
            if (offset < headerEnd || offset > bytes.length || size > bytes.length - offset) {
                throw in.invalid("buffer " + i + " (type " + type + ") at " + Long.toUnsignedString(offset) + "+" + size
                        + " outside " + headerEnd + ".." + bytes.length);
            }
            if (types.contains(type) && isInterpreted(type)) {
                throw in.invalid("two buffers of type " + type);
            }
            types.add(type);
            int at = (int) offset;
            int length = (int) size;
            switch (type) {
                case LOGON_INFO -> logonInfo = KerbValidationInfo.decode(bytes, at, length);
                case CLIENT_INFO -> clientInfo = PacClientInfo.decode(bytes, at, length);
                case UPN_DNS_INFO -> upnDnsInfo = UpnDnsInfo.decode(bytes, at, length);
                case SERVER_CHECKSUM -> server = PacSignature.decode(bytes, at, length, "PAC server signature");
                case PRIVSVR_CHECKSUM -> kdc = PacSignature.decode(bytes, at, length, "PAC KDC signature");
                default -> {
                    // claims, credentials, delegation info, ticket and full-PAC signatures: kept in the bytes only
                }
            }
        }
        return new Pac(bytes, types, logonInfo, clientInfo, upnDnsInfo, server, kdc);
    }

    private static boolean isInterpreted(int type) {
        return type == LOGON_INFO
                || type == CLIENT_INFO
                || type == UPN_DNS_INFO
                || type == SERVER_CHECKSUM
                || type == PRIVSVR_CHECKSUM;
    }

    /** The logon information (SIDs, groups, names); AD PACs have it, MIT's minimal PACs do not. */
    public Optional<KerbValidationInfo> logonInfo() {
        return Optional.ofNullable(logonInfo);
    }

    public Optional<PacClientInfo> clientInfo() {
        return Optional.ofNullable(clientInfo);
    }

    public Optional<UpnDnsInfo> upnDnsInfo() {
        return Optional.ofNullable(upnDnsInfo);
    }

    /** The ulType of every buffer, in order. */
    public List<Integer> bufferTypes() {
        return bufferTypes;
    }

    /** The PAC as it came (a copy). */
    public byte[] encoded() {
        return encoded.clone();
    }

    Optional<PacSignature> serverSignature() {
        return Optional.ofNullable(serverSignature);
    }

    Optional<PacSignature> kdcSignature() {
        return Optional.ofNullable(kdcSignature);
    }

    /** The PAC with both signatures' values zeroed: what the server signature was computed over. */
    byte[] withSignaturesZeroed() {
        byte[] copy = encoded.clone();
        for (PacSignature s : new PacSignature[] {serverSignature, kdcSignature}) {
            if (s != null) {
                java.util.Arrays.fill(copy, s.offset(), s.offset() + s.value().length, (byte) 0);
            }
        }
        return copy;
    }

    @Override
    public String toString() {
        return "Pac[" + encoded.length + " bytes, buffers " + bufferTypes
                + logonInfo()
                        .map(l -> ", user " + l.logonDomainName() + "\\" + l.effectiveName() + " " + l.userSid())
                        .orElse("")
                + "]";
    }
}
