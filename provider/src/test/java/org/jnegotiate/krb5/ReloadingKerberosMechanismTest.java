package org.jnegotiate.krb5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKerberosMechanismTest {
    private static final long INTERVAL = Duration.ofSeconds(1).toNanos();

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(123_456_789L);

    private ReloadingKerberosMechanism mechanism(Path conf) {
        NegotiateConfig config = NegotiateConfig.builder().krb5Conf(conf).build();
        assertEquals(Duration.ofSeconds(1), config.krb5ConfCheckInterval(), "the default");
        return new ReloadingKerberosMechanism(config, KerberosWorld.real(), nanos::get);
    }

    private Path krb5Conf(String realm) throws Exception {
        Path conf = dir.resolve("krb5.conf");
        write(conf, realm);
        return conf;
    }

    private static void write(Path conf, String realm) throws Exception {
        Files.writeString(conf, "[libdefaults]\n  default_realm = " + realm + "\n");
    }

    @Test
    void unchangedFile_sameMechanismAcrossChecks() throws Exception {
        Path conf = krb5Conf("A.EXAMPLE");
        ReloadingKerberosMechanism reloading = mechanism(conf);
        KerberosMechanism first = reloading.current();
        nanos.addAndGet(3 * INTERVAL);
        assertSame(first, reloading.current());
    }

    @Test
    void changedFile_notLookedAtWithinInterval_pickedUpAfterIt() throws Exception {
        Path conf = krb5Conf("A.EXAMPLE");
        ReloadingKerberosMechanism reloading = mechanism(conf);
        KerberosMechanism first = reloading.current();

        write(conf, "LONGER-REALM.EXAMPLE"); // another size: a change whatever the file system's mtime resolution
        nanos.addAndGet(INTERVAL - 1);
        assertSame(first, reloading.current(), "within the interval the file is not looked at");

        nanos.addAndGet(1);
        KerberosMechanism second = reloading.current();
        assertNotSame(first, second, "after the interval the change is picked up");
        assertSame(second, reloading.current());
    }

    @Test
    void zeroInterval_changeSeenOnNextUse() throws Exception {
        Path conf = krb5Conf("A.EXAMPLE");
        ReloadingKerberosMechanism reloading = new ReloadingKerberosMechanism(
                NegotiateConfig.builder()
                        .krb5Conf(conf)
                        .krb5ConfCheckInterval(Duration.ZERO)
                        .build(),
                KerberosWorld.real(),
                nanos::get);
        KerberosMechanism first = reloading.current();
        write(conf, "LONGER-REALM.EXAMPLE");
        assertNotSame(first, reloading.current());
    }

    @Test
    void checkInterval_fromSystemProperty() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("jnegotiate.krb5.confCheckInterval", "PT0.25S");
        assertEquals(
                Duration.ofMillis(250),
                NegotiateConfig.fromProperties(p, java.util.Map.of()).krb5ConfCheckInterval());
        p.setProperty("jnegotiate.krb5.confCheckInterval", "-PT1S");
        assertThrows(IllegalArgumentException.class, () -> NegotiateConfig.fromProperties(p, java.util.Map.of()));
    }

    @Test
    void missingFile_failsEachTime_untilItAppears() throws Exception {
        Path conf = dir.resolve("krb5.conf");
        ReloadingKerberosMechanism reloading = mechanism(conf);
        NegotiateException e = assertThrows(NegotiateException.class, reloading::current);
        assertEquals(Failure.NO_AUTHENTICATING_AUTHORITY, e.failure());
        write(conf, "A.EXAMPLE");
        // a failed load is not remembered: the file is used as soon as it exists, without waiting an interval
        KerberosMechanism loaded = reloading.current();
        assertSame(loaded, reloading.current());
    }

    /**
     * One replay-window rule for every way Kerberos is built: krb5.conf's clock skew, never below MIT's default of
     * five minutes. Each case runs on a clock of its own, so it gets a replay cache of its own (ReplayCaches).
     */
    @Test
    void replayWindow_isTheSkew_neverBelowFiveMinutes() throws Exception {
        Instant base = Instant.parse("2033-03-03T03:03:03Z");
        int n = 0;
        for (int skew : new int[] {60, 600}) {
            Path conf = dir.resolve("krb5-" + skew + ".conf");
            Files.writeString(conf, "[libdefaults]\n  default_realm = A.EXAMPLE\n  clockskew = " + skew + "\n");
            NegotiateConfig config = NegotiateConfig.builder().krb5Conf(conf).build();
            Duration expected = Duration.ofSeconds(Math.max(skew, 300));

            Clock reloaded = Clock.fixed(base.plusSeconds(n++), ZoneOffset.UTC);
            new ReloadingKerberosMechanism(config, world(reloaded), nanos::get).current();
            assertEquals(expected, ReplayCaches.existing(reloaded).orElseThrow().window(), "reloading, skew " + skew);

            Clock created = Clock.fixed(base.plusSeconds(n++), ZoneOffset.UTC);
            KerberosMechanism.create(config, world(created));
            assertEquals(expected, ReplayCaches.existing(created).orElseThrow().window(), "create, skew " + skew);
        }
    }

    private static KerberosWorld world(Clock clock) {
        return new KerberosWorld(KerberosWorld.real().transport(), clock, new SecureRandom());
    }
}
