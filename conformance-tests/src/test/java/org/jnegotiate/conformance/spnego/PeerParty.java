package org.jnegotiate.conformance.spnego;

import org.jnegotiate.conformance.fixtures.GssPeer;

/** MIT's GSS-API (with gss-ntlmssp) in the python peer. */
final class PeerParty implements Party {
    private final String name;
    private final GssPeer peer;
    private boolean established;

    PeerParty(String name, GssPeer peer) {
        this.name = name;
        this.peer = peer;
    }

    GssPeer peer() {
        return peer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] step(byte[] token) {
        GssPeer.Step step = peer.step(token);
        established = step.complete();
        return step.token();
    }

    @Override
    public boolean isEstablished() {
        return established;
    }

    @Override
    public String mech() {
        return peer.info().mech();
    }

    @Override
    public byte[] wrap(byte[] message, boolean confidential) {
        return peer.wrap(message, confidential).bytes();
    }

    @Override
    public Unwrapped unwrap(byte[] token) {
        GssPeer.Protected p = peer.unwrap(token);
        return new Unwrapped(p.bytes(), p.confidential());
    }

    @Override
    public byte[] mic(byte[] message) {
        return peer.getMic(message);
    }

    @Override
    public void verifyMic(byte[] message, byte[] mic) {
        peer.verifyMic(message, mic);
    }

    @Override
    public String toString() {
        return name;
    }
}
