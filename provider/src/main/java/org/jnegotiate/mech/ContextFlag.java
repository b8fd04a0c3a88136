package org.jnegotiate.mech;

/**
 * The security services a context can be asked for and can grant. Both doors translate into these:
 * the GSS door from {@code GSSContext.requestXxx()}, the SSPI door from {@code ISC_REQ_*} bits.
 */
public enum ContextFlag {
    /** Credential delegation (ISC_REQ_DELEGATE, requestCredDeleg). Kerberos only. */
    DELEGATION,
    /** Delegate only where the KDC marked the service ok-as-delegate (requestDelegPolicy). */
    DELEGATION_POLICY,
    /** Mutual authentication (ISC_REQ_MUTUAL_AUTH, requestMutualAuth). */
    MUTUAL,
    /** Replay detection on per-message tokens (ISC_REQ_REPLAY_DETECT, requestReplayDet). */
    REPLAY_DETECTION,
    /** Sequence checking on per-message tokens (ISC_REQ_SEQUENCE_DETECT, requestSequenceDet). */
    SEQUENCE_DETECTION,
    /** Message confidentiality (ISC_REQ_CONFIDENTIALITY, requestConf). */
    CONFIDENTIALITY,
    /** Message integrity (ISC_REQ_INTEGRITY, requestInteg). */
    INTEGRITY,
    /**
     * A request only, never granted: tell the acceptor that this context will not protect messages (ISC_REQ_NO_INTEGRITY,
     * used over TLS, where an LDAP server refuses contexts that would sign or seal inside it). Kerberos then leaves
     * GSS_C_CONF_FLAG and GSS_C_INTEG_FLAG out of the authenticator checksum unless they are asked for explicitly, as
     * MIT's GSS_KRB5_CRED_NO_CI_FLAGS_X does; NTLM ignores it (see the SSPI door's TRANSLATION.md).
     */
    NO_INTEGRITY,
    /** Anonymous initiator (requestAnonymity; NTLM anonymous / Kerberos anonymous PKINIT). */
    ANONYMITY,
    /** The token may be used in another context (GSS prot_ready/transferable is not modelled). */
    IDENTIFY
}
