package org.jnegotiate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.Test;

class NegotiateConfigTest {

    private static NegotiateConfig read(Map<String, String> props, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(props);
        return NegotiateConfig.fromProperties(p, env);
    }

    @Test
    void nothingSet_givesSafeDefaults() {
        NegotiateConfig c = read(Map.of(), Map.of());
        assertFalse(c.allowWeakCrypto());
        assertEquals(List.of(MechOid.KERBEROS, MechOid.NTLM), c.mechanisms());
        assertTrue(c.ntlmFallback());
        assertTrue(c.replayCache());
        assertEquals(16_000_000, c.replayCacheMaxEntries());
        assertEquals(Path.of("/etc/krb5.conf"), c.krb5Conf());
        assertEquals(Duration.ofMinutes(5), c.ntlmTimestampWindow());
        assertFalse(c.ntlmAllowAnonymous());
        assertEquals(NegotiateConfig.TargetNameCheck.WHEN_SENT, c.ntlmTargetNameCheck());
        assertEquals(List.of(), c.ntlmServiceNames());
    }

    @Test
    void ntlmPolicyProperties_areRead() {
        NegotiateConfig c = read(
                Map.of(
                        "jnegotiate.ntlm.allowAnonymous",
                        "true",
                        "jnegotiate.ntlm.targetNameCheck",
                        "false",
                        "jnegotiate.ntlm.serviceNames",
                        " HTTP/web.example.com , host@web.example.com ,"),
                Map.of());
        assertTrue(c.ntlmAllowAnonymous());
        assertEquals(NegotiateConfig.TargetNameCheck.OFF, c.ntlmTargetNameCheck());
        assertEquals(
                NegotiateConfig.TargetNameCheck.REQUIRED,
                read(Map.of("jnegotiate.ntlm.targetNameCheck", " Required"), Map.of())
                        .ntlmTargetNameCheck());
        assertEquals(List.of("HTTP/web.example.com", "host@web.example.com"), c.ntlmServiceNames());
    }

    @Test
    void ntlmServiceNames_notAnSpn_failsWithItsName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> read(Map.of("jnegotiate.ntlm.serviceNames", "web.example.com"), Map.of()));
        assertTrue(e.getMessage().contains("jnegotiate.ntlm.serviceNames"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> read(Map.of("jnegotiate.ntlm.allowAnonymous", "yes"), Map.of()));
        assertTrue(e.getMessage().contains("jnegotiate.ntlm.allowAnonymous"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> read(Map.of("jnegotiate.ntlm.targetNameCheck", "partial"), Map.of()));
        assertTrue(e.getMessage().contains("jnegotiate.ntlm.targetNameCheck"), e.getMessage());
    }

    @Test
    void properties_andEnvironment_areRead() {
        NegotiateConfig c = read(
                Map.of(
                        "jnegotiate.mechanisms",
                        "!ntlm",
                        "jnegotiate.replayCache.maxEntries",
                        "1000",
                        "jnegotiate.allowWeakCrypto",
                        "true"),
                Map.of("KRB5_CONFIG", "/tmp/a.conf:/tmp/b.conf", "NTLM_USER_FILE", "/tmp/users"));
        assertEquals(List.of(MechOid.KERBEROS), c.mechanisms());
        assertEquals(1000, c.replayCacheMaxEntries());
        assertTrue(c.allowWeakCrypto());
        assertEquals(Path.of("/tmp/a.conf"), c.krb5Conf());
        assertEquals(Path.of("/tmp/users"), c.ntlmUserFile().orElseThrow());
    }

    @Test
    void systemPropertyKrb5Conf_winsOverEnvironment() {
        NegotiateConfig c = read(Map.of("java.security.krb5.conf", "/etc/other.conf"), Map.of("KRB5_CONFIG", "/x"));
        assertEquals(Path.of("/etc/other.conf"), c.krb5Conf());
    }

    @Test
    void badValues_failWithTheirName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> read(Map.of("jnegotiate.replayCache.maxEntries", "lots"), Map.of()));
        assertTrue(e.getMessage().contains("jnegotiate.replayCache.maxEntries"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> read(Map.of("jnegotiate.replayCache.maxEntries", "0"), Map.of()));
        assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> read(Map.of("jnegotiate.ntlmFallback", "yes"), Map.of()));
        assertTrue(e.getMessage().contains("jnegotiate.ntlmFallback must be true or false"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> read(Map.of("jnegotiate.mechanisms", "!kerberos,!ntlm"), Map.of()));
        assertTrue(e.getMessage().contains("leaves no mechanism"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> read(Map.of("jnegotiate.mechanisms", "negoex"), Map.of()));
        assertTrue(e.getMessage().contains("unknown mechanism 'negoex'"), e.getMessage());
    }
}
