package org.jnegotiate.servlet;

import java.util.List;
import java.util.Optional;

/** What one request's {@code Authorization} header came to; the filter turns it into a response or the chain. */
public sealed interface Outcome {

    /**
     * The client is authenticated. {@code finalToken} is the value of the {@code WWW-Authenticate} header that must go
     * on the response (the acceptor's last token: the Kerberos AP-REP of mutual authentication), if there is one.
     */
    record Authenticated(NegotiatePrincipal principal, Optional<String> finalToken) implements Outcome {}

    /**
     * 401: no credentials of ours, a leg of an exchange in progress (one challenge carrying the acceptor's token), or
     * a refused logon (the fresh challenges). {@code reason} is for the log, never for the client.
     */
    record Unauthorized(List<String> challenges, String reason) implements Outcome {}

    /** 400: a header of one of our schemes that is not even a token (missing, too long, not base64, repeated). */
    record BadRequest(String reason) implements Outcome {}
}
