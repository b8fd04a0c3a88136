package org.jnegotiate.http.apache;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hc.client5.http.AuthenticationStrategy;
import org.apache.hc.client5.http.auth.AuthChallenge;
import org.apache.hc.client5.http.auth.AuthScheme;
import org.apache.hc.client5.http.auth.ChallengeType;
import org.apache.hc.client5.http.impl.DefaultAuthenticationStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jnegotiate.http.NegotiateAuth;

/**
 * Chooses JNegotiate's {@link NegotiateScheme} whenever a server offers {@code Negotiate}, and HttpClient's own
 * choice (Bearer, Digest, Basic) otherwise: no scheme registry and no preferred-scheme list to set.
 * <pre>{@code
 * CloseableHttpClient client = HttpClients.custom()
 *         .setTargetAuthenticationStrategy(new NegotiateAuthenticationStrategy(NegotiateAuth.defaults()))
 *         .build();
 * }</pre>
 * The same for {@code HttpAsyncClients.custom()}.
 */
public final class NegotiateAuthenticationStrategy implements AuthenticationStrategy {
    private final NegotiateAuth auth;
    private final AuthenticationStrategy others;

    public NegotiateAuthenticationStrategy(NegotiateAuth auth) {
        this(auth, DefaultAuthenticationStrategy.INSTANCE);
    }

    /** With {@code others} choosing among the schemes other than Negotiate. */
    public NegotiateAuthenticationStrategy(NegotiateAuth auth, AuthenticationStrategy others) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    public List<AuthScheme> select(ChallengeType type, Map<String, AuthChallenge> challenges, HttpContext context) {
        if (type == ChallengeType.TARGET && challenges.containsKey("negotiate")) {
            return List.of(new NegotiateScheme(auth));
        }
        return others.select(type, challenges, context);
    }
}
