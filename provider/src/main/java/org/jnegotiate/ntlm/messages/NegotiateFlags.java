package org.jnegotiate.ntlm.messages;

import java.util.StringJoiner;

/**
 * The NegotiateFlags bits of MS-NLMP section 2.2.2.5, named as in the specification (without the
 * {@code NTLMSSP_} prefix). Flags travel as an unsigned 32-bit value; Java holds them in an {@code int}.
 */
public final class NegotiateFlags {
    /** W: 56-bit session key for sealing. */
    public static final int NEGOTIATE_56 = 0x80000000;
    /** V: an explicit random session key is exchanged (EncryptedRandomSessionKey). */
    public static final int NEGOTIATE_KEY_EXCH = 0x40000000;
    /** U: 128-bit session key for sealing. */
    public static final int NEGOTIATE_128 = 0x20000000;
    /** T: the Version field is populated. */
    public static final int NEGOTIATE_VERSION = 0x02000000;
    /** S: the TargetInfo fields of the CHALLENGE_MESSAGE are populated. */
    public static final int NEGOTIATE_TARGET_INFO = 0x00800000;
    /** R: LMOWF is not used for the session key (NTLMv1 only). */
    public static final int REQUEST_NON_NT_SESSION_KEY = 0x00400000;
    /** Q: identify-level token requested. */
    public static final int NEGOTIATE_IDENTIFY = 0x00100000;
    /** P: NTLM v2 session security ("extended session security", also NTLM2 session response). */
    public static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
    /** O: TargetName is a server name. */
    public static final int TARGET_TYPE_SERVER = 0x00020000;
    /** N: TargetName is a domain name. */
    public static final int TARGET_TYPE_DOMAIN = 0x00010000;
    /** M: a session key is generated even when neither SIGN nor SEAL is negotiated. */
    public static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    /** L: the Workstation field of the NEGOTIATE_MESSAGE is populated. */
    public static final int NEGOTIATE_OEM_WORKSTATION_SUPPLIED = 0x00002000;
    /** K: the DomainName field of the NEGOTIATE_MESSAGE is populated. */
    public static final int NEGOTIATE_OEM_DOMAIN_SUPPLIED = 0x00001000;
    /** J: anonymous connection. */
    public static final int ANONYMOUS = 0x00000800;
    /** H: NTLM v1 session security (must be set by all clients, MS-NLMP 2.2.2.5). */
    public static final int NEGOTIATE_NTLM = 0x00000200;
    /** G: LAN Manager session key (NTLMv1 only). */
    public static final int NEGOTIATE_LM_KEY = 0x00000080;
    /** F: connectionless (datagram) authentication. */
    public static final int NEGOTIATE_DATAGRAM = 0x00000040;
    /** E: message confidentiality. */
    public static final int NEGOTIATE_SEAL = 0x00000020;
    /** D: message integrity. */
    public static final int NEGOTIATE_SIGN = 0x00000010;
    /** C: the TargetName field of the CHALLENGE_MESSAGE is requested. */
    public static final int REQUEST_TARGET = 0x00000004;
    /** B: OEM character set. */
    public static final int NEGOTIATE_OEM = 0x00000002;
    /** A: Unicode character set. */
    public static final int NEGOTIATE_UNICODE = 0x00000001;

    private static final int[] ALL = {
        NEGOTIATE_56,
        NEGOTIATE_KEY_EXCH,
        NEGOTIATE_128,
        NEGOTIATE_VERSION,
        NEGOTIATE_TARGET_INFO,
        REQUEST_NON_NT_SESSION_KEY,
        NEGOTIATE_IDENTIFY,
        NEGOTIATE_EXTENDED_SESSIONSECURITY,
        TARGET_TYPE_SERVER,
        TARGET_TYPE_DOMAIN,
        NEGOTIATE_ALWAYS_SIGN,
        NEGOTIATE_OEM_WORKSTATION_SUPPLIED,
        NEGOTIATE_OEM_DOMAIN_SUPPLIED,
        ANONYMOUS,
        NEGOTIATE_NTLM,
        NEGOTIATE_LM_KEY,
        NEGOTIATE_DATAGRAM,
        NEGOTIATE_SEAL,
        NEGOTIATE_SIGN,
        REQUEST_TARGET,
        NEGOTIATE_OEM,
        NEGOTIATE_UNICODE
    };
    private static final String[] NAMES = {
        "56",
        "KEY_EXCH",
        "128",
        "VERSION",
        "TARGET_INFO",
        "NON_NT_SESSION_KEY",
        "IDENTIFY",
        "EXTENDED_SESSIONSECURITY",
        "TARGET_TYPE_SERVER",
        "TARGET_TYPE_DOMAIN",
        "ALWAYS_SIGN",
        "OEM_WORKSTATION_SUPPLIED",
        "OEM_DOMAIN_SUPPLIED",
        "ANONYMOUS",
        "NTLM",
        "LM_KEY",
        "DATAGRAM",
        "SEAL",
        "SIGN",
        "REQUEST_TARGET",
        "OEM",
        "UNICODE"
    };

    private NegotiateFlags() {}

    /** True when every bit of {@code flag} is set in {@code flags}. */
    public static boolean has(int flags, int flag) {
        return (flags & flag) == flag;
    }

    /** For diagnostics: {@code 0xe2088297 [56|KEY_EXCH|...]}. */
    public static String describe(int flags) {
        StringJoiner j = new StringJoiner("|", String.format("0x%08x [", flags), "]");
        int rest = flags;
        for (int i = 0; i < ALL.length; i++) {
            if ((flags & ALL[i]) != 0) {
                j.add(NAMES[i]);
                rest &= ~ALL[i];
            }
        }
        if (rest != 0) {
            j.add(String.format("0x%x", rest));
        }
        return j.toString();
    }
}
