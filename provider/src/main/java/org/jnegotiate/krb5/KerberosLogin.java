package org.jnegotiate.krb5;

import java.util.Arrays;
import java.util.Date;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.config.Krb5Config;
import org.jnegotiate.krb5.kdc.AsExchange;
import org.jnegotiate.krb5.kdc.ClientKeys;
import org.jnegotiate.krb5.kdc.TicketOptions;
import org.jnegotiate.krb5.names.LoginName;
import org.jnegotiate.krb5.ticket.ServiceTicket;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;

/**
 * Logs a user in with a password: JNegotiate's AS exchange (pre-authentication, every AES enctype including
 * RFC 8009) against the KDCs of krb5.conf, giving a JAAS {@link Subject} that holds the user's
 * {@link KerberosPrincipal} and TGT as a {@link KerberosTicket}. Any GSS code can use it, with this provider or
 * SunJGSS ({@code Subject.callAs(subject, ...)} around the GSS calls), as it would use the Subject of
 * {@code Krb5LoginModule}. The password is used only during the call; the caller zeroes its array.
 */
public final class KerberosLogin {
    private KerberosLogin() {}

    /** As {@link #withPassword(String, char[], NegotiateConfig)} with {@link NegotiateConfig#fromSystem()}. */
    public static Subject withPassword(String principal, char[] password) throws LoginException {
        return withPassword(principal, password, NegotiateConfig.fromSystem());
    }

    /**
     * A Subject with the TGT of {@code principal} ({@code user} in the default realm, {@code user@REALM}, a UPN
     * {@code user@dns.domain} or {@code DOMAIN}&#92;{@code user}, see {@link LoginName}); the Subject's principal is the
     * KDC's canonical name for it.
     *
     * @throws FailedLoginException for an unknown user or a wrong password
     * @throws LoginException       for anything else (no krb5.conf, no KDC reachable, no common enctype); the
     *                              cause is a {@link NegotiateException} carrying the engine's {@link Failure}
     */
    public static Subject withPassword(String principal, char[] password, NegotiateConfig config)
            throws LoginException {
        return withPassword(principal, password, config, KerberosWorld.real());
    }

    /** As {@link #withPassword(String, char[], NegotiateConfig)} in a given world (KDC transport, clock, randomness). */
    static Subject withPassword(String principal, char[] password, NegotiateConfig config, KerberosWorld world)
            throws LoginException {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(password, "password");
        ClientKeys keys = ClientKeys.password(password);
        try {
            Krb5Config krb5 = Krb5Config.load(config);
            ServiceTicket tgt = new AsExchange(world.kdcRequests(krb5, config.allowWeakCrypto()))
                    .requestTgt(LoginName.of(principal, krb5), keys, TicketOptions.fromConfig(krb5));
            try {
                Subject subject = new Subject();
                subject.getPrincipals()
                        .add(new KerberosPrincipal(
                                tgt.client().toString(), tgt.client().nameType()));
                subject.getPrivateCredentials().add(toJdk(tgt));
                return subject;
            } finally {
                tgt.sessionKey().destroy();
            }
        } catch (NegotiateException e) {
            LoginException le = e.failure() == Failure.LOGON_DENIED
                    ? new FailedLoginException("Kerberos login of " + principal + " failed: " + e.getMessage())
                    : new LoginException("Kerberos login of " + principal + " failed: " + e.getMessage());
            le.initCause(e);
            throw le;
        } finally {
            keys.destroy();
        }
    }

    /** The JDK's form of a ticket: the DER Ticket, names, session key and RFC 4120 flags as bit-indexed booleans. */
    static KerberosTicket toJdk(ServiceTicket t) throws NegotiateException {
        byte[] key = t.sessionKey().bytes();
        try {
            boolean[] flags = new boolean[32];
            for (int i = 0; i < 32; i++) {
                flags[i] = (t.flags() & (1 << (31 - i))) != 0;
            }
            return new KerberosTicket(
                    t.ticket().der(),
                    new KerberosPrincipal(t.client().toString(), t.client().nameType()),
                    new KerberosPrincipal(t.server().toString(), t.server().nameType()),
                    key,
                    t.sessionKey().type().id(),
                    flags,
                    date(t.authTime()),
                    date(t.startTime()),
                    date(t.endTime()),
                    t.renewTill().map(KerberosLogin::date).orElse(null),
                    null);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static Date date(java.time.Instant i) {
        return i == null ? null : Date.from(i);
    }
}
