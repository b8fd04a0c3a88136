package org.jnegotiate.mech;

import java.util.Set;

/** A mechanism of the engine: acquires its credentials and opens its contexts. */
public interface Mechanism {

    /** The OIDs this mechanism answers to (Kerberos answers to both the standard and the MS OID). */
    Set<MechOid> oids();

    /** Acquires a credential (default credentials when {@code request.name()} is empty). */
    MechCredential acquire(CredentialRequest request) throws NegotiateException;

    /**
     * Opens an initiator context. {@code oid} is the OID the caller asked for (the MS Kerberos OID is
     * answered as itself).
     */
    MechContext initiator(MechOid oid, MechCredential credential, ContextRequest request) throws NegotiateException;

    /** Opens an acceptor context; {@code credential} may be a default acceptor credential. */
    MechContext acceptor(MechOid oid, MechCredential credential, ContextRequest request) throws NegotiateException;
}
