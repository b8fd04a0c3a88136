package org.jnegotiate.krb5.creds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.jnegotiate.krb5.names.KerberosName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Subject's unbound KeyTabs: keys looked up by the ticket's server, kept per principal. */
class SubjectKeyTabsTest {
    private static final String REALM = "UNBOUND.TEST";
    private static final KerberosName HTTP = KerberosName.hostbasedService("HTTP", "a.unbound.test", REALM);
    private static final KerberosName HOST = KerberosName.hostbasedService("host", "a.unbound.test", REALM);
    private static final KerberosName LATE = KerberosName.hostbasedService("HTTP", "late.unbound.test", REALM);

    @TempDir
    Path dir;

    /** Writes a keytab with one AES-256 key, kvno 3, for each name (all the same key: only lookups matter). */
    private Path keytab(String file, KerberosName... names) throws Exception {
        Keytab kt = new Keytab();
        for (KerberosName name : names) {
            kt.addEntry(new KeytabEntry(
                    new PrincipalName(name.toString()),
                    new KerberosTime(),
                    3,
                    new EncryptionKey(EncryptionType.AES256_CTS_HMAC_SHA1_96, new byte[32])));
        }
        Path path = dir.resolve(file);
        kt.store(path.toFile());
        return path;
    }

    private static SubjectKeyTabs unbound(Path keytab, int max) {
        Subject s = new Subject();
        s.getPrivateCredentials().add(KeyTab.getUnboundInstance(keytab.toFile()));
        return SubjectKeyTabs.of(s, max).orElseThrow();
    }

    @Test
    void noUnboundKeyTab_none() throws Exception {
        Subject s = new Subject();
        s.getPrivateCredentials()
                .add(KeyTab.getInstance(
                        new KerberosPrincipal(HTTP.toString()),
                        keytab("b.keytab", HTTP).toFile()));
        assertEquals(Optional.empty(), SubjectKeyTabs.of(s));
    }

    @Test
    void keysOfTheServer_keptAndDestroyed() throws Exception {
        SubjectKeyTabs tabs = unbound(keytab("a.keytab", HTTP, HOST), SubjectKeyTabs.MAX_PRINCIPALS);
        List<KeytabKey> http = tabs.keysOf(HTTP);
        assertEquals(1, http.size());
        assertEquals(3, http.get(0).kvno());
        assertEquals(HTTP, http.get(0).principal());
        assertSame(http, tabs.keysOf(HTTP), "the keys are read once and kept");
        assertEquals(1, tabs.keysOf(HOST).size());
        tabs.destroy();
        assertTrue(http.get(0).key().isDestroyed());
    }

    @Test
    void unknownOrRealmlessName_noKeys() throws Exception {
        SubjectKeyTabs tabs = unbound(keytab("a.keytab", HTTP), SubjectKeyTabs.MAX_PRINCIPALS);
        assertEquals(List.of(), tabs.keysOf(HOST));
        assertEquals(List.of(), tabs.keysOf(KerberosName.hostbasedService("HTTP", "a.unbound.test", "")));
    }

    /**
     * The JDK finds a keytab entry ignoring case, and the server name is the peer's: case variants (and any name
     * type) share the one entry, so a peer cannot make the credential keep a copy per variant.
     */
    @Test
    void caseVariantsAndNameTypes_shareOneEntry() throws Exception {
        SubjectKeyTabs tabs = unbound(keytab("a.keytab", HTTP), SubjectKeyTabs.MAX_PRINCIPALS);
        List<KeytabKey> keys = tabs.keysOf(HTTP);
        assertSame(keys, tabs.keysOf(KerberosName.hostbasedService("HTTP", "A.UNBOUND.TEST", REALM)));
        assertSame(keys, tabs.keysOf(KerberosName.hostbasedService("http", "a.unbound.test", "unbound.test")));
        assertSame(keys, tabs.keysOf(new KerberosName(KerberosName.NT_PRINCIPAL, HTTP.components(), REALM)));
        assertEquals("http/a.unbound.test@unbound.test", SubjectKeyTabs.fold("HTTP/a.UNBOUND.test@UNBOUND.TEST"));
        assertEquals(SubjectKeyTabs.fold("i"), SubjectKeyTabs.fold("\u0131")); // dotless i: equalsIgnoreCase "i"
    }

    /** Past the bound, keys are still found but read per call, not kept (and so not destroyed by the credential). */
    @Test
    void pastTheBound_readPerCallNotKept() throws Exception {
        SubjectKeyTabs tabs = unbound(keytab("a.keytab", HTTP, HOST), 1);
        List<KeytabKey> http = tabs.keysOf(HTTP);
        List<KeytabKey> host = tabs.keysOf(HOST);
        assertEquals(1, host.size());
        assertNotSame(host, tabs.keysOf(HOST));
        tabs.destroy();
        assertTrue(http.get(0).key().isDestroyed());
        assertFalse(host.get(0).key().isDestroyed());
    }

    /** A name without a key is not remembered: the keytab can gain it (a new service added by the admin). */
    @Test
    void nameWithoutKey_lookedUpAgain() throws Exception {
        Path file = keytab("a.keytab", HTTP);
        SubjectKeyTabs tabs = unbound(file, SubjectKeyTabs.MAX_PRINCIPALS);
        assertEquals(List.of(), tabs.keysOf(LATE));
        Path updated = keytab("updated.keytab", HTTP, LATE);
        java.nio.file.Files.move(updated, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // the JDK keeps a keytab read until its modification time changes: make sure it does
        java.nio.file.Files.setLastModifiedTime(
                file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertEquals(1, tabs.keysOf(LATE).size());
    }
}
