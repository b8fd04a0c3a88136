package org.jnegotiate.conformance.spnego;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs a SPNEGO context establishment between two {@link Party}s token by token and keeps every
 * token that crossed the wire, so tests can assert the tokens' shape (framing, mechanism lists,
 * mechListMIC) and a proxy can rewrite what the initiator sends.
 */
final class Exchange {
    private static final int MAX_ROUNDS = 10;

    private Exchange() {}

    /** The tokens in the order they were sent: initiator's as the acceptor received them. */
    record Transcript(List<byte[]> toAcceptor, List<byte[]> toInitiator) {

        byte[] firstInitiatorToken() {
            return toAcceptor.get(0);
        }

        /** Every token after the initiator's first, in wire order (all bare NegTokenResps). */
        List<byte[]> responses() {
            List<byte[]> all = new ArrayList<>();
            for (int i = 0; i < Math.max(toAcceptor.size(), toInitiator.size()); i++) {
                if (i > 0 && i < toAcceptor.size()) {
                    all.add(toAcceptor.get(i));
                }
                if (i < toInitiator.size()) {
                    all.add(toInitiator.get(i));
                }
            }
            return all;
        }

        int legs() {
            return toAcceptor.size() + toInitiator.size();
        }
    }

    static Transcript run(Party initiator, Party acceptor) throws Exception {
        return run(initiator, acceptor, UnaryOperator.identity());
    }

    /**
     * Both sides must end established; {@code proxy} sees (and may replace) every initiator token
     * before the acceptor gets it.
     */
    static Transcript run(Party initiator, Party acceptor, UnaryOperator<byte[]> proxy) throws Exception {
        List<byte[]> toAcceptor = new ArrayList<>();
        List<byte[]> toInitiator = new ArrayList<>();
        byte[] token = initiator.step(new byte[0]);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (token.length == 0) {
                break;
            }
            byte[] sent = proxy.apply(token);
            toAcceptor.add(sent);
            byte[] answer = acceptor.step(sent);
            if (answer.length == 0) {
                break;
            }
            toInitiator.add(answer);
            if (initiator.isEstablished()) {
                throw new IllegalStateException(initiator + " is established but " + acceptor + " sent another token");
            }
            token = initiator.step(answer);
        }
        if (!initiator.isEstablished() || !acceptor.isEstablished()) {
            throw new IllegalStateException("no context after " + (toAcceptor.size() + toInitiator.size())
                    + " tokens: " + initiator + " established " + initiator.isEstablished() + ", " + acceptor
                    + " established " + acceptor.isEstablished());
        }
        return new Transcript(List.copyOf(toAcceptor), List.copyOf(toInitiator));
    }
}
