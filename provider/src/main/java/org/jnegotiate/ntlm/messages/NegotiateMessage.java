package org.jnegotiate.ntlm.messages;

import java.util.Objects;
import java.util.Optional;
import org.jnegotiate.mech.NegotiateException;

/**
 * NEGOTIATE_MESSAGE (MS-NLMP section 2.2.1.1). Domain and workstation are always OEM strings.
 * The Version structure is optional on receipt: curl sends a 32-byte message without it.
 */
public record NegotiateMessage(int flags, String domain, String workstation, Optional<NtlmVersion> version) {
    public static final int TYPE = 1;
    private static final int FLAGS = 12;
    private static final int DOMAIN = 16;
    private static final int WORKSTATION = 24;
    private static final int VERSION = 32;
    private static final int HEADER_WITHOUT_VERSION = 32;
    private static final int HEADER = 40;
    /** The oldest clients stop after the flags. */
    private static final int MINIMUM = 16;

    public NegotiateMessage {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(workstation, "workstation");
        Objects.requireNonNull(version, "version");
    }

    public static NegotiateMessage decode(byte[] msg) throws NegotiateException {
        NtlmReader r = NtlmReader.open(msg, TYPE, MINIMUM, "NEGOTIATE_MESSAGE");
        int flags = r.u32(FLAGS);
        if (r.length() < HEADER_WITHOUT_VERSION) {
            return new NegotiateMessage(flags, "", "", Optional.empty());
        }
        String domain = NtlmReader.oem(r.field(DOMAIN, "DomainName"));
        String workstation = NtlmReader.oem(r.field(WORKSTATION, "Workstation"));
        int payloadStart = Math.min(r.payloadOffset(DOMAIN), r.payloadOffset(WORKSTATION));
        Optional<NtlmVersion> version = Optional.empty();
        if (NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_VERSION)
                && r.length() >= HEADER
                && payloadStart >= HEADER) {
            version = Optional.of(NtlmVersion.read(r, VERSION));
        }
        return new NegotiateMessage(flags, domain, workstation, version);
    }

    /** Encodes with the Version field when present (and then sets NEGOTIATE_VERSION), without otherwise. */
    public byte[] encode() {
        int f = version.isPresent()
                ? flags | NegotiateFlags.NEGOTIATE_VERSION
                : flags & ~NegotiateFlags.NEGOTIATE_VERSION;
        if (!domain.isEmpty()) {
            f |= NegotiateFlags.NEGOTIATE_OEM_DOMAIN_SUPPLIED;
        }
        if (!workstation.isEmpty()) {
            f |= NegotiateFlags.NEGOTIATE_OEM_WORKSTATION_SUPPLIED;
        }
        NtlmWriter w = new NtlmWriter(TYPE, version.isPresent() ? HEADER : HEADER_WITHOUT_VERSION);
        w.u32(FLAGS, f);
        w.field(DOMAIN, NtlmWriter.oem(domain));
        w.field(WORKSTATION, NtlmWriter.oem(workstation));
        version.ifPresent(v -> w.bytes(VERSION, v.encode()));
        return w.toByteArray();
    }

    @Override
    public String toString() {
        return "NEGOTIATE_MESSAGE[flags=" + NegotiateFlags.describe(flags) + ", domain=" + domain + ", workstation="
                + workstation + ", version="
                + version.map(NtlmVersion::toString).orElse("-") + "]";
    }
}
