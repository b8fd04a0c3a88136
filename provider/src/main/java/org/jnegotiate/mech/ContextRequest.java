package org.jnegotiate.mech;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the application asked of a context: one immutable value built by either door (the GSS door
 * from {@code requestXxx()} calls, the SSPI door from {@code ISC_REQ_*}/{@code ASC_REQ_*} flags).
 * The engine never sees either dialect.
 */
public final class ContextRequest {
    private final PeerName target;
    private final Set<ContextFlag> flags;
    private final ChannelBindings channelBindings;
    private final Duration lifetime;

    private ContextRequest(Builder b) {
        this.target = b.target;
        this.flags = Collections.unmodifiableSet(
                b.flags.isEmpty() ? EnumSet.noneOf(ContextFlag.class) : EnumSet.copyOf(b.flags));
        this.channelBindings = b.channelBindings;
        this.lifetime = b.lifetime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The target (initiator side); empty on the acceptor side. */
    public Optional<PeerName> target() {
        return Optional.ofNullable(target);
    }

    public Set<ContextFlag> flags() {
        return flags;
    }

    public boolean has(ContextFlag flag) {
        return flags.contains(flag);
    }

    /** The channel bindings to send (initiator) or to require (acceptor). */
    public Optional<ChannelBindings> channelBindings() {
        return Optional.ofNullable(channelBindings);
    }

    /** The requested lifetime; empty means as long as the credentials allow. */
    public Optional<Duration> lifetime() {
        return Optional.ofNullable(lifetime);
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.target = target;
        b.flags.addAll(flags);
        b.channelBindings = channelBindings;
        b.lifetime = lifetime;
        return b;
    }

    @Override
    public String toString() {
        return "ContextRequest[target=" + target + ", flags=" + flags + ", channelBindings=" + (channelBindings != null)
                + ", lifetime=" + lifetime + "]";
    }

    public static final class Builder {
        private PeerName target;
        private final EnumSet<ContextFlag> flags = EnumSet.noneOf(ContextFlag.class);
        private ChannelBindings channelBindings;
        private Duration lifetime;

        private Builder() {}

        public Builder target(PeerName target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        public Builder flag(ContextFlag flag, boolean on) {
            if (on) {
                flags.add(flag);
            } else {
                flags.remove(flag);
            }
            return this;
        }

        public Builder flags(Set<ContextFlag> all) {
            flags.clear();
            flags.addAll(all);
            return this;
        }

        public Builder channelBindings(ChannelBindings bindings) {
            this.channelBindings = bindings;
            return this;
        }

        public Builder lifetime(Duration lifetime) {
            if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
                throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
            }
            this.lifetime = lifetime;
            return this;
        }

        public ContextRequest build() {
            if (flags.contains(ContextFlag.DELEGATION_POLICY) && !flags.contains(ContextFlag.DELEGATION)) {
                // DELEGATION_POLICY narrows DELEGATION; on its own it means nothing.
                flags.remove(ContextFlag.DELEGATION_POLICY);
            }
            return new ContextRequest(this);
        }
    }
}
