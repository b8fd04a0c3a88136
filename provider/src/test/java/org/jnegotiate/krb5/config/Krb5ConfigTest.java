package org.jnegotiate.krb5.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.krb5.crypto.EncryptionType;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Krb5ConfigTest {
    private static final String CONF = String.join(
            "\n",
            "# a comment",
            "; another comment",
            "[libdefaults]",
            "  default_realm = EXAMPLE.COM",
            "  dns_lookup_kdc = false",
            "  udp_preference_limit = 1",
            "  kdc_timeout = 1500ms_is_not_valid_so_not_here",
            "",
            "[realms]",
            "  EXAMPLE.COM = {",
            "    kdc = kdc1.example.com",
            "    kdc = kdc2.example.com:8888",
            "    admin_server = kadmin.example.com",
            "    default_domain = example.com",
            "  }",
            "  OTHER.ORG = {",
            "    kdc = [::1]:750",
            "  }",
            "[domain_realm]",
            "  .example.com = EXAMPLE.COM",
            "  example.com = EXAMPLE.COM",
            "  special.dev.example.com = DEV.EXAMPLE.COM",
            "  .dev.example.com = DEV.EXAMPLE.COM",
            "  .org = OTHER.ORG",
            "");

    private static Krb5Config conf() throws NegotiateException {
        return Krb5Config.parse(CONF.replace("  kdc_timeout = 1500ms_is_not_valid_so_not_here\n", ""));
    }

    @Test
    void parse_realmsWithSeveralKdcs_keepsFileOrder() throws Exception {
        Krb5Config c = conf();
        RealmConfig r = c.requireRealm("EXAMPLE.COM");
        assertEquals(List.of("kdc1.example.com", "kdc2.example.com:8888"), r.kdcs());
        assertEquals(List.of("kadmin.example.com"), r.adminServers());
        assertEquals(Optional.of("example.com"), r.defaultDomain());
        assertEquals(List.of("[::1]:750"), c.requireRealm("OTHER.ORG").kdcs());
        assertEquals(List.of("EXAMPLE.COM", "OTHER.ORG"), List.copyOf(c.realms().keySet()));
    }

    @Test
    void parse_libdefaults_readsValuesAndDefaults() throws Exception {
        Krb5Config c = conf();
        assertEquals(Optional.of("EXAMPLE.COM"), c.defaultRealm());
        assertFalse(c.dnsLookupKdc());
        assertFalse(c.dnsLookupRealm());
        assertEquals(1, c.udpPreferenceLimit());
        assertEquals(Duration.ofSeconds(3), c.kdcTimeout());
        assertEquals(3, c.maxRetries());
        assertEquals(Duration.ofSeconds(300), c.clockSkew());
        assertEquals(Duration.ofDays(1), c.ticketLifetime());
        assertEquals(Optional.empty(), c.renewLifetime());
        assertFalse(c.forwardable());
        assertTrue(c.rdns());
        assertEquals(
                EncryptionType.AES256_CTS_HMAC_SHA1_96, c.defaultTktEnctypes().get(0));
        assertEquals(
                List.of(
                        EncryptionType.AES256_CTS_HMAC_SHA1_96,
                        EncryptionType.AES128_CTS_HMAC_SHA1_96,
                        EncryptionType.AES256_CTS_HMAC_SHA384_192,
                        EncryptionType.AES128_CTS_HMAC_SHA256_128),
                Krb5Config.applyPolicy(c.defaultTgsEnctypes(), false));
    }

    @Test
    void parse_emptyFile_givesMitDefaults() throws Exception {
        Krb5Config c = Krb5Config.parse("");
        assertEquals(1465, c.udpPreferenceLimit());
        assertTrue(c.dnsLookupKdc());
        assertEquals(Optional.empty(), c.defaultRealm());
        NegotiateException e = assertThrows(NegotiateException.class, c::requireDefaultRealm);
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
    }

    @Test
    void parse_mitDurationsAndBooleans_areRead() throws Exception {
        Krb5Config c = Krb5Config.parse("[libdefaults]\n kdc_timeout = 5s\n clockskew = 2m\n ticket_lifetime = 10h30m\n"
                + " renew_lifetime = 7d\n forwardable = yes\n max_retries = 1\n rdns = off\n"
                + " default_tkt_enctypes = aes128-cts rc4-hmac\n default_tgs_enctypes = DEFAULT -aes256-sha2 -rc4\n"
                + " permitted_enctypes = aes des-cbc-crc\n default_ccache_name = FILE:/tmp/x\n"
                + " default_keytab_name = /etc/k.keytab\n default_client_keytab_name = /etc/c.keytab\n");
        assertEquals(Duration.ofSeconds(5), c.kdcTimeout());
        assertEquals(Duration.ofMinutes(2), c.clockSkew());
        assertEquals(Duration.ofMinutes(630), c.ticketLifetime());
        assertEquals(Optional.of(Duration.ofDays(7)), c.renewLifetime());
        assertTrue(c.forwardable());
        assertFalse(c.rdns());
        assertEquals(1, c.maxRetries());
        assertEquals(List.of(EncryptionType.AES128_CTS_HMAC_SHA1_96, EncryptionType.RC4_HMAC), c.defaultTktEnctypes());
        assertEquals(
                List.of(EncryptionType.AES128_CTS_HMAC_SHA1_96), Krb5Config.applyPolicy(c.defaultTktEnctypes(), false));
        assertEquals(
                List.of(
                        EncryptionType.AES256_CTS_HMAC_SHA1_96,
                        EncryptionType.AES128_CTS_HMAC_SHA1_96,
                        EncryptionType.AES128_CTS_HMAC_SHA256_128),
                c.defaultTgsEnctypes());
        assertEquals(4, c.permittedEnctypes().size());
        assertEquals(Optional.of("FILE:/tmp/x"), c.defaultCcacheName());
        assertEquals(Optional.of("/etc/k.keytab"), c.defaultKeytabName());
        assertEquals(Optional.of("/etc/c.keytab"), c.defaultClientKeytabName());
    }

    @Test
    void durations_mitForms_parse() {
        assertEquals(Duration.ofSeconds(300), KrbDurations.parse("300"));
        assertEquals(Duration.ofSeconds(3723), KrbDurations.parse("1h2m3s"));
        assertEquals(Duration.ofSeconds(5400), KrbDurations.parse("1:30"));
        assertEquals(Duration.ofSeconds(86400 + 3600 + 61), KrbDurations.parse("1-01:01:01"));
        assertEquals(null, KrbDurations.parse("5x"));
        assertEquals(null, KrbDurations.parse("3s4m"));
        assertEquals(null, KrbDurations.parse("1:99"));
        assertEquals(null, KrbDurations.parse("99999999999999999999"));
    }

    @Test
    void realmOfHost_followsMitSuffixRules() throws Exception {
        Krb5Config c = conf();
        assertEquals(Optional.of("EXAMPLE.COM"), c.realmOfHostMapping("www.example.com"));
        assertEquals(Optional.of("EXAMPLE.COM"), c.realmOfHostMapping("a.b.example.com"));
        assertEquals(Optional.of("EXAMPLE.COM"), c.realmOfHostMapping("EXAMPLE.com."));
        assertEquals(Optional.of("DEV.EXAMPLE.COM"), c.realmOfHostMapping("x.dev.example.com"));
        assertEquals(Optional.of("DEV.EXAMPLE.COM"), c.realmOfHostMapping("special.dev.example.com"));
        assertEquals(Optional.of("OTHER.ORG"), c.realmOfHostMapping("host.foo.org"));
        assertEquals(Optional.empty(), c.realmOfHostMapping("notexample.com"));
        assertEquals(Optional.empty(), c.realmOfHostMapping("org"));
        assertEquals(Optional.of("EXAMPLE.COM"), c.realmOfHost("unmapped.net"));
    }

    @Test
    void requireRealm_unknown_failsNamingRealm() throws Exception {
        NegotiateException e = assertThrows(NegotiateException.class, () -> conf().requireRealm("NOPE.NET"));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        assertTrue(e.getMessage().contains("NOPE.NET"), e.getMessage());
    }

    @Test
    void parse_syntaxErrors_failWithLine() {
        for (String bad : List.of(
                "[libdefaults]\n no_equals_sign\n",
                "[realms]\n A = {\n kdc = x\n",
                "[realms]\n }\n",
                "relation = outside\n",
                "[libdefaults]\n max_retries = many\n",
                "[libdefaults]\n kdc_timeout = soon\n",
                "[libdefaults]\n dns_lookup_kdc = perhaps\n",
                "[realms]\n A = notablock\n",
                "[libdefaults]\n default_tkt_enctypes = des-cbc-crc\n",
                "[r]\n a = {\n b = {\n c = {\n d = {\n e = {\n f = {\n g = {\n h = {\n i = {\n",
                "[realms]\n A = {\n[libdefaults]\n",
                "[]\n",
                "[x\n")) {
            NegotiateException e = assertThrows(NegotiateException.class, () -> Krb5Config.parse(bad), bad);
            assertEquals(Failure.INVALID_PARAMETER, e.failure(), bad);
        }
    }

    @Test
    void parse_quotedValueAndFinalMarker_areCleaned() throws Exception {
        Krb5Config c =
                Krb5Config.parse("[libdefaults] *\n default_realm = \"A.B\" \n default_ccache_name = FILE:/x *\n");
        assertEquals(Optional.of("A.B"), c.defaultRealm());
        assertEquals(Optional.of("FILE:/x"), c.defaultCcacheName());
    }

    @Test
    void load_followsIncludeAndIncludedir(@TempDir Path dir) throws Exception {
        Path d = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(d.resolve("realm"), "[realms]\n INC.COM = {\n kdc = 127.0.0.1:99\n }\n");
        Files.writeString(d.resolve("ignored.txt~"), "garbage without equals\n");
        Path extra = dir.resolve("extra.conf");
        Files.writeString(extra, "[libdefaults]\n default_realm = INC.COM\n");
        Path main = dir.resolve("krb5.conf");
        Files.writeString(main, "include " + extra + "\nincludedir " + d + "\n[libdefaults]\n clockskew = 60\n");
        Krb5Config c = Krb5Config.load(main);
        assertEquals(Optional.of("INC.COM"), c.defaultRealm());
        assertEquals(Duration.ofSeconds(60), c.clockSkew());
        assertEquals(List.of("127.0.0.1:99"), c.requireRealm("INC.COM").kdcs());
    }

    @Test
    void load_missingInclude_fails(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("krb5.conf");
        Files.writeString(main, "include " + dir.resolve("nothere") + "\n");
        NegotiateException e = assertThrows(NegotiateException.class, () -> Krb5Config.load(main));
        assertEquals(Failure.INVALID_PARAMETER, e.failure());
        assertTrue(e.getMessage().contains("nothere"), e.getMessage());
    }

    @Test
    void load_missingFile_namesPathAndTheThreePlaces(@TempDir Path dir) {
        Path missing = dir.resolve("no-krb5.conf");
        Properties p = new Properties();
        p.setProperty("java.security.krb5.conf", missing.toString());
        NegotiateConfig nc = NegotiateConfig.fromProperties(p, Map.of("KRB5_CONFIG", "/elsewhere"));
        NegotiateException e = assertThrows(NegotiateException.class, () -> Krb5Config.load(nc));
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        String m = e.getMessage();
        assertTrue(
                m.contains(missing.toString())
                        && m.contains("java.security.krb5.conf")
                        && m.contains("KRB5_CONFIG")
                        && m.contains("/elsewhere")
                        && m.contains("/etc/krb5.conf"),
                m);
    }
}
