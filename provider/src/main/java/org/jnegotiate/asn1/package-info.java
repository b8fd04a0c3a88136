/**
 * Strict DER reading over Kerby's ASN.1 parse tree, shared by the mechanisms' codecs: Kerby's parser does the
 * tag and length decoding ("use Kerby for Kerberos ASN.1, no hand-rolled DER"), {@link org.jnegotiate.asn1.Asn1Tree}
 * checks the tree against DER and binds fields from it, {@link org.jnegotiate.asn1.GeneralizedTime} reads and
 * writes KerberosTime by arithmetic. No protocol knowledge here: the message layouts live with each mechanism's
 * codecs. Every malformed input fails with {@code INVALID_TOKEN}.
 */
package org.jnegotiate.asn1;
