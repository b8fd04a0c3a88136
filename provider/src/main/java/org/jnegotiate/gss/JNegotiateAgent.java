package org.jnegotiate.gss;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import org.jnegotiate.config.NegotiateConfig;

/**
 * {@code -javaagent:jnegotiate-provider.jar}: exports the JDK's GSS SPI packages to JNegotiate and puts
 * the provider first, so that unmodified applications (HttpURLConnection Negotiate, LDAP SASL/GSSAPI,
 * any {@code GSSManager.getInstance()} user) get JNegotiate with one JVM flag. A manifest
 * {@code Add-Exports} is not honoured for agents (DESIGN.md), hence {@code redefineModule}. When the provider
 * cannot run (a dependency jar is missing), it registers nothing and logs why; the agent then lets the
 * application start with the JDK's own mechanisms. Once the provider is in, the agent patches the JDK's GSS
 * acceptor so that unframed first tokens (raw NTLMSSP, a bare NegTokenResp) reach it ({@link JdkFramingPatch};
 * {@code jnegotiate.agent.unframedTokens=false} switches that off).
 */
public final class JNegotiateAgent {
    private JNegotiateAgent() {}

    public static void premain(String args, Instrumentation inst) {
        install(inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        install(inst);
    }

    private static void install(Instrumentation inst) {
        Module jgss = ModuleLayer.boot()
                .findModule(JgssAccess.MODULE)
                .orElseThrow(
                        () -> new IllegalStateException("the java.security.jgss module is not in this runtime image"));
        Module self = JNegotiateAgent.class.getModule();
        inst.redefineModule(
                jgss,
                Set.of(),
                Map.of(
                        JgssAccess.SPI_PACKAGE,
                        Set.of(self),
                        JgssAccess.JGSS_PACKAGE,
                        Set.of(self),
                        JgssAccess.KRB5_INTERNAL_PACKAGE,
                        Set.of(self)),
                Map.of(),
                Set.of(),
                Map.of());
        try {
            ProviderRegistration.install(ProviderRegistration::listed);
        } catch (IllegalStateException e) {
            // already logged at WARNING by the provider: the application starts with the JDK's own mechanisms
            // rather than not at all (an exception here would abort the JVM's start-up)
            return;
        }
        try {
            JdkFramingPatch.apply(inst, NegotiateConfig.fromSystem().agentUnframedTokens());
        } catch (LinkageError e) {
            // the thin jar without ASM on the class path: the JDK keeps its framing check
            System.getLogger("org.jnegotiate.gss")
                    .log(
                            System.Logger.Level.WARNING,
                            "JNegotiate did not patch the"
                                    + " JDK's GSS acceptor: " + e
                                    + " (ASM, org.ow2.asm:asm, is not on the class path; jnegotiate.jar"
                                    + " has it inside)");
        }
    }
}
