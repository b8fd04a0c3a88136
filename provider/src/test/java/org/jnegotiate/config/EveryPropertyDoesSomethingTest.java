package org.jnegotiate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every system property {@link NegotiateConfigReader} reads, in one table: setting it to a value other than its default
 * changes what the config reports, and a named test proves that the engine obeys it (the test must exist). The
 * table must name exactly the properties the source of NegotiateConfigReader reads, its Javadoc lists and the README's
 * settings table documents: a property added, documented or read without a row here fails.
 */
class EveryPropertyDoesSomethingTest {

    /** One property: a non-default value, the getter that shows it, and the tests that prove the behaviour. */
    record Switch(String property, String value, Function<NegotiateConfig, Object> getter, List<String> provedBy) {
        @Override
        public String toString() {
            return property + "=" + value;
        }
    }

    static List<Switch> table() {
        return List.of(
                new Switch(
                        "jnegotiate.allowWeakCrypto",
                        "true",
                        NegotiateConfig::allowWeakCrypto,
                        List.of("org.jnegotiate.krb5.crypto.EnctypePolicyTest#permitted_weakAllowed_endsWithRc4")),
                new Switch(
                        "jnegotiate.mechanisms",
                        "!ntlm",
                        NegotiateConfig::mechanisms,
                        List.of(
                                "org.jnegotiate.sspi.SspiHandshakeTest#delegate_whereOnlyNtlmIsPossible_unsupportedFunction")),
                new Switch(
                        "jnegotiate.ntlmFallback",
                        "false",
                        NegotiateConfig::ntlmFallback,
                        List.of(
                                "org.jnegotiate.spnego.NegotiateLoopbackTest#fallbackDisabled_kerberosFailureSurfaces")),
                new Switch(
                        "jnegotiate.requireMutualAuth",
                        "true",
                        NegotiateConfig::requireMutualAuth,
                        List.of(
                                "org.jnegotiate.sspi.RequireMutualAuthSspiTest#ntlmPackage_required_secondCallFailsMutualAuthFailed",
                                "org.jnegotiate.gss.RequireMutualAuthGssTest#spnegoOverNtlm_required_failsAtTheLastInitiatorStep")),
                new Switch(
                        "jnegotiate.replayCache",
                        "false",
                        NegotiateConfig::replayCache,
                        List.of(
                                "org.jnegotiate.engine.EngineReplayTest#replayCacheOff_replayedToTheSameEngine_accepted")),
                new Switch(
                        "jnegotiate.replayCache.maxEntries",
                        "1000",
                        NegotiateConfig::replayCacheMaxEntries,
                        List.of("org.jnegotiate.krb5.ReplayCacheTest", "org.jnegotiate.krb5.ReplayCachesTest")),
                new Switch(
                        "jnegotiate.maxTokenSize",
                        "1024",
                        NegotiateConfig::maxTokenSize,
                        List.of("org.jnegotiate.sspi.SspiHandshakeTest#oversizedToken_insufficientMemory")),
                new Switch(
                        "jnegotiate.ntlm.userFile",
                        "/nonexistent/ntlm-users",
                        NegotiateConfig::ntlmUserFile,
                        List.of(
                                "org.jnegotiate.gss.NtlmGssDoorTest",
                                "org.jnegotiate.ntlm.NtlmHandshakeTest#acceptor_noUserFileConfigured_noCredentials")),
                new Switch(
                        "jnegotiate.ntlm.timestampWindow",
                        "PT10M",
                        NegotiateConfig::ntlmTimestampWindow,
                        List.of(
                                "org.jnegotiate.ntlm.NtlmHandshakeTest#authenticate_timestampInsideAWiderConfiguredWindow_accepted",
                                "org.jnegotiate.ntlm.NtlmHandshakeTest#authenticate_timestampOutsideWindow_timeSkew")),
                new Switch(
                        "jnegotiate.ntlm.serviceNames",
                        "HTTP/web.example.com",
                        NegotiateConfig::ntlmServiceNames,
                        List.of(
                                "org.jnegotiate.ntlm.NtlmPolicyTest#relay_configuredSpns_otherServiceOfSameHost_badBindings")),
                new Switch(
                        "jnegotiate.ntlm.targetNameCheck",
                        "required",
                        NegotiateConfig::ntlmTargetNameCheck,
                        List.of(
                                "org.jnegotiate.ntlm.NtlmPolicyTest#targetNameRequired_clientSendsNoTargetName_badBindings")),
                new Switch(
                        "jnegotiate.ntlm.allowAnonymous",
                        "true",
                        NegotiateConfig::ntlmAllowAnonymous,
                        List.of(
                                "org.jnegotiate.ntlm.NtlmPolicyTest#anonymous_allowed_anonymousNameAndNoIntegrityOrConfidentiality")),
                new Switch(
                        "jnegotiate.ntlm.winbindCommand",
                        "ntlm_auth --helper-protocol=ntlm-server-1",
                        NegotiateConfig::ntlmWinbindCommand,
                        List.of("org.jnegotiate.ntlm.WinbindCommandPropertyTest")),
                new Switch(
                        "jnegotiate.agent.unframedTokens",
                        "false",
                        NegotiateConfig::agentUnframedTokens,
                        List.of("org.jnegotiate.gss.JdkFramingPatchTest#switchedOff_instrumentationUntouched")),
                new Switch(
                        "jnegotiate.krb5.confCheckInterval",
                        "PT0S",
                        NegotiateConfig::krb5ConfCheckInterval,
                        List.of("org.jnegotiate.krb5.ReloadingKerberosMechanismTest#zeroInterval_changeSeenOnNextUse")),
                new Switch(
                        "javax.security.auth.useSubjectCredsOnly",
                        "false",
                        NegotiateConfig::useSubjectCredsOnly,
                        List.of("org.jnegotiate.krb5.creds.KerberosCredentialsTest"
                                + "#useSubjectCredsOnly_withoutSubject_isNoCredentials")),
                new Switch(
                        "java.security.krb5.conf",
                        "/nonexistent/krb5.conf",
                        NegotiateConfig::krb5Conf,
                        List.of(
                                "org.jnegotiate.krb5.ReloadingKerberosMechanismTest",
                                "org.jnegotiate.krb5.creds.KerberosCredentialsTest#krb5ConfigDefaults_areUsedForKeytabName")));
    }

    private static NegotiateConfig read(Map<String, String> props) {
        Properties p = new Properties();
        p.putAll(props);
        return NegotiateConfig.fromProperties(p, Map.of());
    }

    @ParameterizedTest
    @MethodSource("table")
    void nonDefaultValue_changesWhatTheConfigReports(Switch s) {
        Object byDefault = s.getter().apply(read(Map.of()));
        Object set = s.getter().apply(read(Map.of(s.property(), s.value())));
        assertNotEquals(byDefault, set, s + " changes nothing the config reports");
    }

    @ParameterizedTest
    @MethodSource("table")
    void behaviour_isProvedByATestThatExists(Switch s) {
        assertTrue(!s.provedBy().isEmpty(), s.property() + " names no test");
        for (String ref : s.provedBy()) {
            String[] parts = ref.split("#", 2);
            Class<?> test;
            try {
                test = Class.forName(parts[0]);
            } catch (ClassNotFoundException e) {
                fail(s.property() + ": no test class " + parts[0]);
                return;
            }
            if (parts.length == 2) {
                boolean found = Arrays.stream(test.getDeclaredMethods())
                        .map(Method::getName)
                        .anyMatch(parts[1]::equals);
                assertTrue(found, s.property() + ": no test method " + ref);
            }
        }
    }

    @Test
    void table_namesEveryPropertyTheSourceReads() throws IOException {
        String source = Files.readString(Path.of("src/main/java/org/jnegotiate/config/NegotiateConfigReader.java"));
        Set<String> read = matches(source, "\"((?:jnegotiate|java\\.security|javax\\.security)\\.[A-Za-z0-9.]+)\"");
        assertEquals(read, tableProperties(), "the properties NegotiateConfigReader.java reads");
        Set<String> javadoc =
                matches(source, "<td>((?:jnegotiate|java\\.security|javax\\.security)\\.[A-Za-z0-9.]+)</td>");
        assertEquals(read, javadoc, "the properties NegotiateConfigReader's Javadoc table lists");
    }

    @Test
    void table_namesEveryJnegotiatePropertyTheReadmeDocuments() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Set<String> documented = matches(readme, "\\| `(jnegotiate\\.[A-Za-z0-9.]+)` \\|");
        Set<String> ours = tableProperties().stream()
                .filter(p -> p.startsWith("jnegotiate."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(ours, documented, "the README's settings table");
    }

    private static Set<String> tableProperties() {
        return table().stream().map(Switch::property).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
