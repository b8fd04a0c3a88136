package org.jnegotiate.mech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.jnegotiate.spnego.tokens.SpnegoCorpus;
import org.junit.jupiter.api.Test;

class GssFramingTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void wrap_shortToken_matchesRfc2743Layout() {
        byte[] framed = GssFraming.wrap(MechOid.KERBEROS, new byte[] {1, 0, 0x6e});
        assertEquals("600e06092a864886f712010202" + "01006e", HEX.formatHex(framed));
    }

    @Test
    void wrap_longToken_usesLongFormLength() {
        byte[] inner = new byte[300];
        byte[] framed = GssFraming.wrap(MechOid.NTLM, inner);
        // 12 bytes of OID + 300 = 312 = 0x0138
        assertEquals("60820138060a2b06010401823702020a", HEX.formatHex(framed, 0, 16));
        assertEquals(4 + 312, framed.length);
    }

    @Test
    void unwrap_wrapped_roundTrips() throws Exception {
        byte[] inner = {1, 2, 3, 4};
        GssFraming.Framed f = GssFraming.unwrap(GssFraming.wrap(MechOid.SPNEGO, inner));
        assertEquals(Optional.of(MechOid.SPNEGO), f.mechanism());
        assertArrayEquals(inner, f.inner());
    }

    @Test
    void unwrap_corpusApReq_givesKerberosAndTokId() throws Exception {
        byte[] token = SpnegoCorpus.read("pyspnego/initial_context_token_krb_ap_req.bin");
        GssFraming.Framed f = GssFraming.unwrap(token);
        assertEquals(Optional.of(MechOid.KERBEROS), f.mechanism());
        assertEquals("01006e", HEX.formatHex(f.inner(), 0, 3));
        assertArrayEquals(token, GssFraming.wrap(MechOid.KERBEROS, f.inner()));
    }

    @Test
    void unwrap_corpusSpnego_givesSpnegoOid() throws Exception {
        byte[] token = SpnegoCorpus.read("jnegotiate/ms-krb5-first-negtokeninit.bin");
        GssFraming.Framed f = GssFraming.unwrap(token);
        assertEquals(Optional.of(MechOid.SPNEGO), f.mechanism());
        assertEquals(token.length - 12, f.inner().length);
        assertArrayEquals(token, GssFraming.wrap(MechOid.SPNEGO, f.inner()));
    }

    @Test
    void unwrap_unknownOid_keepsRawOid() throws Exception {
        byte[] token = HEX.parseHex("6005" + "06022a03" + "ff");
        GssFraming.Framed f = GssFraming.unwrap(token);
        assertEquals(Optional.empty(), f.mechanism());
        assertArrayEquals(HEX.parseHex("06022a03"), f.oidDer());
        assertArrayEquals(new byte[] {(byte) 0xff}, f.inner());
    }

    @Test
    void unwrapExpecting_otherMechanism_failsInvalidToken() {
        byte[] token = GssFraming.wrap(MechOid.NTLM, new byte[] {1});
        NegotiateException e = assertThrows(NegotiateException.class, () -> GssFraming.unwrap(token, MechOid.KERBEROS));
        assertEquals(Failure.INVALID_TOKEN, e.failure());
    }

    @Test
    void unwrapExpecting_msKerberosForKerberos_accepted() throws Exception {
        byte[] token = GssFraming.wrap(MechOid.MS_KERBEROS, new byte[] {9});
        assertArrayEquals(new byte[] {9}, GssFraming.unwrap(token, MechOid.KERBEROS));
    }

    @Test
    void unwrap_malformedHeaders_failInvalidToken() {
        String[] bad = {
            "",
            "60",
            "6000", // too short, empty
            "6103060100", // [APPLICATION 1]
            "6080060100ff0000", // indefinite length
            "608103060100", // non-minimal length
            "6004060100", // outer length too long
            "6002060100", // outer length too short
            "6003040100", // not an OID
            "6003060500", // OID overruns
            "60020600", // empty OID
            "6085ffffffffff", // length of five bytes
            "6084ffffffff", // negative length
            "6082",
            "608201", // length octets cut off
            "608200050601002a", // leading zero length octet
            "6082000506010a2a", // two length octets for a short length
            "6083000005060100ff", // three length octets, padded
            "6005068100ff00", // OID length 0x81 0x00: not minimal
            "6003068101", // OID length octets cut off
            "6002062a", // OID tag but no OID length inside the frame
            "6001",
            "600106", // the OID header cut off
            "7f03060100", // high tag number form
        };
        for (String hex : bad) {
            NegotiateException e =
                    assertThrows(NegotiateException.class, () -> GssFraming.unwrap(HEX.parseHex(hex)), hex);
            assertEquals(Failure.INVALID_TOKEN, e.failure(), hex);
        }
    }

    @Test
    void unwrap_twoOctetLength_accepted() throws Exception {
        byte[] inner = new byte[200];
        byte[] framed = GssFraming.wrap(MechOid.KERBEROS, inner);
        assertEquals("6081d3", HEX.formatHex(framed, 0, 3));
        assertArrayEquals(inner, GssFraming.unwrap(framed, MechOid.KERBEROS));
        byte[] big = GssFraming.wrap(MechOid.KERBEROS, new byte[70_000]);
        assertEquals("608301117b", HEX.formatHex(big, 0, 5));
        assertEquals(70_000, GssFraming.unwrap(big).inner().length);
    }

    @Test
    void unwrap_everyTruncationAndByteFlip_onlyInvalidToken() throws Exception {
        byte[] token = SpnegoCorpus.read("pyspnego/initial_context_token_neg_token_init2.bin");
        for (int len = 0; len < token.length; len++) {
            byte[] cut = Arrays.copyOf(token, len);
            NegotiateException e = assertThrows(NegotiateException.class, () -> GssFraming.unwrap(cut));
            assertEquals(Failure.INVALID_TOKEN, e.failure());
        }
        for (int i = 0; i < token.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] m = token.clone();
                m[i] ^= (byte) (1 << bit);
                try {
                    GssFraming.unwrap(m);
                } catch (NegotiateException e) {
                    assertEquals(Failure.INVALID_TOKEN, e.failure());
                }
            }
        }
    }
}
