/**
 * Wire codecs of the Kerberos GSS mechanism, pure functions from bytes to immutable values and back:
 * the RFC 2743 framing and TOK_ID of context tokens ({@link org.jnegotiate.krb5.tokens.ContextToken}), AP-REQ,
 * Authenticator, EncTicketPart, AP-REP, KRB-ERROR (decoded from Kerby's parse tree by
 * {@link org.jnegotiate.asn1.Asn1Tree}, encoded through Kerby's types) and KRB-CRED (through Kerby's types, with
 * the KRB-CRED types Kerby lacks declared here in Kerby's style), the RFC 4121 0x8003 authenticator checksum
 * ({@link org.jnegotiate.krb5.tokens.GssChecksum}) and the RFC 4121 per-message token header
 * ({@link org.jnegotiate.krb5.tokens.CfxHeader}). No crypto and no context state here: every malformed input
 * fails with {@code INVALID_TOKEN}.
 */
package org.jnegotiate.krb5.tokens;
