package org.jnegotiate.gss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.jnegotiate.JNegotiateProvider;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.Test;

/**
 * The inputs of {@code src/test/resources/findings} through nothing but {@code org.ietf.jgss}: a SPNEGO acceptor
 * of the JNegotiate provider refuses each quickly with {@code DEFECTIVE_TOKEN}, on the first leg (framed, as the JDK
 * framework requires there) and on the second (bare, after a real NTLM first leg); no Error and no other exception
 * reaches the application.
 */
class GssDoorFindingsTest {
    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    private static final Duration QUICK = Duration.ofSeconds(2);
    private final GSSManager manager = GSSManager.getInstance();

    GssDoorFindingsTest() throws GSSException {
        manager.addProviderAtFront(new JNegotiateProvider(), SPNEGO);
    }

    private static Oid oid(String s) {
        try {
            return new Oid(s);
        } catch (GSSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] finding() throws IOException {
        try (InputStream in =
                GssDoorFindingsTest.class.getResourceAsStream("/findings/spnego-asn1-heap-exhaustion-964b.bin")) {
            return in.readAllBytes();
        }
    }

    private static byte[] inner(byte[] framed) {
        int p = 1 + ((framed[1] & 0x80) == 0 ? 1 : 1 + (framed[1] & 0x7F));
        p += 2 + framed[p + 1];
        return java.util.Arrays.copyOfRange(framed, p, framed.length);
    }

    @Test
    void firstLeg_finding_defectiveTokenQuickly() throws Exception {
        // as captured, its framing names a mangled OID, which the JDK framework refuses itself (BAD_MECH): framed
        // for SPNEGO, its NegotiationToken reaches JNegotiate's decoder
        byte[] captured = finding();
        GSSException refused = assertThrows(
                GSSException.class,
                () -> manager.createContext((GSSCredential) null).acceptSecContext(captured, 0, captured.length));
        assertEquals(GSSException.BAD_MECH, refused.getMajor(), refused.getMessage());
        byte[] token = GssFraming.wrap(MechOid.SPNEGO, inner(captured));
        GSSContext server = manager.createContext((GSSCredential) null);
        GSSException e = assertTimeoutPreemptively(
                QUICK, () -> assertThrows(GSSException.class, () -> server.acceptSecContext(token, 0, token.length)));
        assertEquals(GSSException.DEFECTIVE_TOKEN, e.getMajor(), e.getMessage());
    }

    @Test
    void secondLeg_finding_defectiveTokenQuickly() throws Exception {
        GSSContext client = manager.createContext(
                manager.createName("HTTP@localhost", org.ietf.jgss.GSSName.NT_HOSTBASED_SERVICE),
                SPNEGO,
                null,
                GSSContext.DEFAULT_LIFETIME);
        byte[] first = client.initSecContext(new byte[0], 0, 0);
        GSSContext server = manager.createContext((GSSCredential) null);
        server.acceptSecContext(first, 0, first.length);
        byte[] token = inner(finding());
        GSSException e = assertTimeoutPreemptively(
                QUICK, () -> assertThrows(GSSException.class, () -> server.acceptSecContext(token, 0, token.length)));
        assertEquals(GSSException.DEFECTIVE_TOKEN, e.getMajor(), e.getMessage());
    }
}
