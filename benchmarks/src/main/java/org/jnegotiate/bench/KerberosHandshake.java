package org.jnegotiate.bench;

import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * One Kerberos context establishment through plain {@code org.ietf.jgss}, initiator and acceptor in this thread,
 * as an application does it: each side steps its context inside its own Subject, with mutual authentication,
 * confidentiality, integrity, replay and sequence detection. Credentials either {@link Credentials#DEFAULT}
 * (null: the mechanism takes them from the Subject for every context, the common application code) or
 * {@link Credentials#ACQUIRED} (one {@code GSSCredential} per side created once and passed to every context).
 */
public final class KerberosHandshake {
    private final GSSManager manager;
    private final Oid mech;
    private final GSSName target;
    private final Subject client;
    private final Subject server;
    private final GSSCredential initiatorCredential;
    private final GSSCredential acceptorCredential;

    /** How the contexts get their credentials. */
    public enum Credentials {
        DEFAULT,
        ACQUIRED
    }

    /** @param mech Kerberos, or SPNEGO (which negotiates Kerberos: both ends have only Kerberos credentials) */
    public KerberosHandshake(GSSManager manager, Oid mech, Subject client, Subject server, Credentials credentials)
            throws Exception {
        this.manager = manager;
        this.mech = mech;
        this.target = manager.createName(KdcFixture.TARGET, GSSName.NT_HOSTBASED_SERVICE);
        this.client = client;
        this.server = server;
        if (credentials == Credentials.ACQUIRED) {
            initiatorCredential = GssProviders.as(
                    client,
                    () -> manager.createCredential(
                            null, GSSCredential.DEFAULT_LIFETIME, mech, GSSCredential.INITIATE_ONLY));
            acceptorCredential = GssProviders.as(
                    server,
                    () -> manager.createCredential(
                            null, GSSCredential.INDEFINITE_LIFETIME, mech, GSSCredential.ACCEPT_ONLY));
        } else {
            initiatorCredential = null;
            acceptorCredential = null;
        }
    }

    public Oid mechanism() {
        return mech;
    }

    public Subject client() {
        return client;
    }

    public Subject server() {
        return server;
    }

    /** An established pair: the caller disposes both contexts. */
    public Pair establish() throws Exception {
        GSSContext initiator = manager.createContext(target, mech, initiatorCredential, GSSContext.DEFAULT_LIFETIME);
        initiator.requestMutualAuth(true);
        initiator.requestConf(true);
        initiator.requestInteg(true);
        initiator.requestReplayDet(true);
        initiator.requestSequenceDet(true);
        // Credentials are looked up when the first token is made: that call runs as the client.
        byte[] apReq = GssProviders.as(client, () -> initiator.initSecContext(new byte[0], 0, 0));
        GSSContext acceptor = manager.createContext(acceptorCredential);
        byte[] apRep = GssProviders.as(server, () -> acceptor.acceptSecContext(apReq, 0, apReq.length));
        if (apRep == null || !acceptor.isEstablished()) {
            throw new IllegalStateException("the acceptor did not answer the AP-REQ with an AP-REP");
        }
        byte[] last = initiator.initSecContext(apRep, 0, apRep.length);
        if (!initiator.isEstablished() || (last != null && last.length > 0)) {
            throw new IllegalStateException("the initiator is not established after the AP-REP");
        }
        return new Pair(initiator, acceptor);
    }

    /** The two ends of one established context. */
    public record Pair(GSSContext initiator, GSSContext acceptor) {
        public void dispose() throws Exception {
            initiator.dispose();
            acceptor.dispose();
        }

        /** Fails unless both ends are served by {@code provider} and mutual authentication was granted. */
        public void check(String provider) {
            GssProviders.assertServedBy(initiator, provider);
            GssProviders.assertServedBy(acceptor, provider);
            if (!initiator.getMutualAuthState() || !initiator.getConfState() || !acceptor.getConfState()) {
                throw new IllegalStateException("mutual authentication or confidentiality was not granted");
            }
        }
    }
}
