/**
 * The project's own DER reading, shared by the mechanisms' codecs, for every byte that comes from a peer or a KDC:
 * {@link org.jnegotiate.asn1.DerReader} checks an input against DER (bounded before any allocation, a depth limit, a
 * cap on elements, an explicit stack instead of recursion) and splits it into {@link org.jnegotiate.asn1.DerElement}s
 * over the caller's array; {@link org.jnegotiate.asn1.Asn1Tree} binds typed values from that tree;
 * {@link org.jnegotiate.asn1.GeneralizedTime} reads and writes KerberosTime by arithmetic. No protocol knowledge
 * here: the message layouts live with each mechanism's codecs. Every malformed input fails with
 * {@code INVALID_TOKEN}. Kerby's ASN.1 types remain for encoding what JNegotiate sends
 * ({@link org.jnegotiate.asn1.PreEncoded}), never for reading.
 */
package org.jnegotiate.asn1;
