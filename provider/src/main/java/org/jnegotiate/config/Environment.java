package org.jnegotiate.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment variables JNegotiate honours, read once at the edge ({@link NegotiateConfig#fromSystem()}) and
 * carried as named fields from there: nothing below the configuration looks a variable up by its name. Blank values
 * count as unset, as MIT krb5 treats them.
 *
 * @param krb5Config       KRB5_CONFIG: krb5.conf when {@code java.security.krb5.conf} is not set
 * @param krb5CcName       KRB5CCNAME: the initiator's credential cache
 * @param krb5KtName       KRB5_KTNAME: the acceptor's keytab
 * @param krb5ClientKtName KRB5_CLIENT_KTNAME: the initiator's keytab
 * @param ntlmUserFile     NTLM_USER_FILE: the NTLM users file when {@code jnegotiate.ntlm.userFile} is not set
 * @param ntlmUser         NTLMUSER: the NTLM initiator's default user (gss-ntlmssp's variable)
 * @param user             USER: the logged-on user's name, the last default of an NTLM initiator
 */
public record Environment(
        Optional<String> krb5Config,
        Optional<String> krb5CcName,
        Optional<String> krb5KtName,
        Optional<String> krb5ClientKtName,
        Optional<String> ntlmUserFile,
        Optional<String> ntlmUser,
        Optional<String> user) {
    public Environment {
        Objects.requireNonNull(krb5Config, "krb5Config");
        Objects.requireNonNull(krb5CcName, "krb5CcName");
        Objects.requireNonNull(krb5KtName, "krb5KtName");
        Objects.requireNonNull(krb5ClientKtName, "krb5ClientKtName");
        Objects.requireNonNull(ntlmUserFile, "ntlmUserFile");
        Objects.requireNonNull(ntlmUser, "ntlmUser");
        Objects.requireNonNull(user, "user");
    }

    /** No variable set: what a test or an embedder gets unless it says otherwise. */
    public static Environment none() {
        return of(Map.of());
    }

    /** This process's variables. */
    public static Environment system() {
        return of(System.getenv());
    }

    /** The variables JNegotiate honours, taken from {@code variables} (any others are ignored). */
    public static Environment of(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        return new Environment(
                value(variables, "KRB5_CONFIG"),
                value(variables, "KRB5CCNAME"),
                value(variables, "KRB5_KTNAME"),
                value(variables, "KRB5_CLIENT_KTNAME"),
                value(variables, "NTLM_USER_FILE"),
                value(variables, "NTLMUSER"),
                value(variables, "USER"));
    }

    /** This environment with KRB5_KTNAME set to {@code keytab} (a keytab name, e.g. {@code FILE:/etc/http.keytab}). */
    public Environment withKrb5KtName(String keytab) {
        return new Environment(
                krb5Config, krb5CcName, Optional.of(keytab), krb5ClientKtName, ntlmUserFile, ntlmUser, user);
    }

    private static Optional<String> value(Map<String, String> variables, String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }
}
