package org.jnegotiate.gss;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Proves, before any mechanism is registered, that the classes the mechanisms need can be loaded: one
 * representative class of each runtime dependency (initialised where that is cheap, so that a class whose own
 * dependencies are missing is caught too) and the engine's own entry points. Without this check a provider
 * installed without its dependency jars registers every mechanism and fails on first use with a
 * {@code NoClassDefFoundError} that callers such as {@code HttpURLConnection} swallow.
 *
 * <p>The class names are plain string constants on purpose: the self-contained {@code jnegotiate.jar} relocates
 * them together with the classes they name, so the same check holds there.
 */
final class RuntimeDependencies {

    /** One class that must load, and the artifact that provides it. */
    record Requirement(String artifact, String className, boolean initialize) {}

    /**
     * In dependency order (a jar's own dependencies first), so that the first failure names the jar that is
     * really missing. Only the jars JNegotiate's classes reach are listed (kerb-core itself needs kerby-asn1, and
     * slf4j-api only where it reads authorization data of a ticket cache). Each class named here is one that
     * JNegotiate's code really uses ({@code RuntimeDependenciesTest} checks it), so that the minimised
     * {@code jnegotiate.jar} keeps it.
     */
    static final List<Requirement> REQUIREMENTS = List.of(
            new Requirement("org.apache.kerby:kerby-asn1 (Apache Kerby ASN.1)", "org.apache.kerby.asn1.EnumType", true),
            new Requirement(
                    "org.apache.kerby:kerby-asn1 (Apache Kerby ASN.1)", "org.apache.kerby.asn1.type.Asn1Integer", true),
            new Requirement(
                    "org.apache.kerby:kerb-core (Apache Kerby Kerberos types, used by the encoders)",
                    "org.apache.kerby.kerberos.kerb.type.base.PrincipalName",
                    true),
            new Requirement(
                    "org.apache.kerby:kerb-util (Apache Kerby keytab and ticket cache readers)",
                    "org.apache.kerby.kerberos.kerb.keytab.KeytabInputStream",
                    true),
            new Requirement(
                    "org.bouncycastle:bcprov-jdk18on (BouncyCastle, MD4 for NTLM and rc4-hmac)",
                    "org.bouncycastle.crypto.digests.MD4Digest",
                    true),
            new Requirement("jnegotiate-provider (the engine)", "org.jnegotiate.engine.Engine", false),
            new Requirement("jnegotiate-provider (the GSS-API door)", "org.jnegotiate.gss.KerberosMechFactory", false),
            new Requirement(
                    "jnegotiate-provider (the GSS-API door)", "org.jnegotiate.gss.MsKerberosMechFactory", false),
            new Requirement("jnegotiate-provider (the GSS-API door)", "org.jnegotiate.gss.NtlmMechFactory", false),
            new Requirement("jnegotiate-provider (the GSS-API door)", "org.jnegotiate.gss.SpnegoMechFactory", false));

    private RuntimeDependencies() {}

    /** One line per requirement that cannot be met through {@code loader}: the artifact, the class and why. */
    static List<String> missing(List<Requirement> requirements, ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        List<String> missingArtifacts = new ArrayList<>();
        for (Requirement r : requirements) {
            if (missingArtifacts.contains(r.artifact())) {
                continue; // one line per jar is enough
            }
            try {
                Class.forName(r.className(), r.initialize(), loader);
            } catch (ClassNotFoundException e) {
                missing.add(r.artifact() + ": class " + r.className() + " not found");
                missingArtifacts.add(r.artifact());
            } catch (LinkageError e) {
                missing.add(r.artifact() + ": class " + r.className() + " cannot be loaded (" + describe(e) + ")");
                missingArtifacts.add(r.artifact());
            }
        }
        return missing;
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
        String m = cause.getMessage();
        String name = cause.getClass().getSimpleName();
        if (cause instanceof NoClassDefFoundError && m != null) {
            return name + ": " + m.replace('/', '.') + " not found";
        }
        return m == null ? name : name + ": " + m;
    }

    /**
     * The explanation for the log and for {@link ProviderRegistration#install} when something is missing, naming
     * every missing jar and class; empty when everything loads.
     */
    static Optional<String> explanation() {
        return explanation(missing(REQUIREMENTS, RuntimeDependencies.class.getClassLoader()));
    }

    static Optional<String> explanation(List<String> missing) {
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("JNegotiate cannot run: classes it needs are missing from the class path. Missing: "
                + String.join("; ", missing) + ". Add these jars beside jnegotiate-provider.jar, or use the"
                + " self-contained jnegotiate.jar instead (README, Install).");
    }
}
