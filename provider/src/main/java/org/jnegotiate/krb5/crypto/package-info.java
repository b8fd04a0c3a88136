/**
 * Kerberos encryption types on the JDK's JCA (SunJCE AES-NI and SHA intrinsics): aes128/aes256-cts-hmac-sha1-96
 * (RFC 3961/3962), aes128-cts-hmac-sha256-128 and aes256-cts-hmac-sha384-192 (RFC 8009), and the weak rc4-hmac
 * (RFC 4757). {@link org.jnegotiate.krb5.crypto.Krb5Ciphers#of} gives a thread-safe
 * {@link org.jnegotiate.krb5.crypto.Krb5Cipher} that derives each key usage's keys once and pools keyed JCA
 * engines; the cipher draws its confounders from the randomness it is made with (the engine's world: the package
 * draws no randomness of its own). {@link org.jnegotiate.krb5.crypto.StringToKey} turns passwords into keys,
 * {@link org.jnegotiate.krb5.crypto.Krb5Prf} is the enctype PRF and
 * {@link org.jnegotiate.krb5.crypto.EnctypePolicy} decides which enctypes may be used.
 */
package org.jnegotiate.krb5.crypto;
