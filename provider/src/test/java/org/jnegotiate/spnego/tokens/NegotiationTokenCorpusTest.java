package org.jnegotiate.spnego.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jnegotiate.krb5.MsKrb5FirstTokenWriter;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.junit.jupiter.api.Test;

/** Every fact of the corpus README (src/test/resources/corpus) about SPNEGO tokens, and byte-exact re-encoding. */
class NegotiationTokenCorpusTest {

    private static byte[] spnegoBody(String file) throws Exception {
        GssFraming.Framed f = GssFraming.unwrap(SpnegoCorpus.read(file));
        assertEquals(Optional.of(MechOid.SPNEGO), f.mechanism(), "thisMech of " + file);
        return f.inner();
    }

    @Test
    void decode_pyspnegoNegTokenInit_factsAndRoundTrip() throws Exception {
        byte[] body = spnegoBody("pyspnego/initial_context_token_neg_token_init.bin");
        NegTokenInit init = assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(body));
        assertEquals(
                List.of("1.2.840.113554.1.2.2", "1.3.6.1.4.1.311.2.2.10"),
                init.mechTypes().oids());
        assertEquals(List.of(MechOid.KERBEROS, MechOid.NTLM), init.mechTypes().known());
        byte[] mechToken = init.mechToken().orElseThrow();
        assertEquals(1378, mechToken.length);
        GssFraming.Framed inner = GssFraming.unwrap(mechToken);
        assertEquals(Optional.of(MechOid.KERBEROS), inner.mechanism());
        assertEquals("0100", HexFormat.of().formatHex(inner.inner(), 0, 2));
        assertTrue(init.mechListMic().isEmpty());
        assertTrue(init.reqFlags().isEmpty());
        // the mechTypes DER is the SEQUENCE at offset 10 of the body, 25 bytes
        assertArrayEquals(
                java.util.Arrays.copyOfRange(body, 10, 35), init.mechTypes().der());
        assertArrayEquals(body, init.encode());
    }

    @Test
    void decode_pyspnegoNegTokenInit2_factsAndRoundTrip() throws Exception {
        byte[] body = spnegoBody("pyspnego/initial_context_token_neg_token_init2.bin");
        NegTokenInit2 init2 = assertInstanceOf(NegTokenInit2.class, NegotiationToken.decode(body));
        assertEquals(
                List.of(
                        "1.3.6.1.4.1.311.2.2.30",
                        "1.2.840.48018.1.2.2",
                        "1.2.840.113554.1.2.2",
                        "1.2.840.113554.1.2.2.3",
                        "1.3.6.1.4.1.311.2.2.10"),
                init2.mechTypes().oids());
        assertEquals(
                List.of(MechOid.NEGOEX, MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.KERBEROS_U2U, MechOid.NTLM),
                init2.mechTypes().known());
        NegHints hints = init2.negHints().orElseThrow();
        assertEquals(Optional.of("not_defined_in_RFC4178@please_ignore"), hints.hintName());
        assertTrue(hints.hintAddress().isEmpty());
        assertTrue(init2.mechToken().isEmpty());
        assertTrue(init2.mechListMic().isEmpty());
        assertArrayEquals(body, NegTokenInit2Encoder.encode(init2));
        assertArrayEquals(body, NegTokenInit2Encoder.windowsHints(init2.mechTypes()));
    }

    @Test
    void decode_pyspnegoNegTokenResp_factsAndRoundTrip() throws Exception {
        byte[] der = SpnegoCorpus.read("pyspnego/neg_token_resp.bin");
        NegTokenResp resp = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(der));
        assertEquals(Optional.of(NegState.ACCEPT_COMPLETED), resp.negState());
        assertEquals(Optional.of("1.2.840.113554.1.2.2"), resp.supportedMech());
        assertEquals(Optional.of(MechOid.KERBEROS), resp.supportedMechanism());
        byte[] token = resp.responseToken().orElseThrow();
        assertEquals(156, token.length);
        assertEquals("0200", HexFormat.of().formatHex(GssFraming.unwrap(token, MechOid.KERBEROS), 0, 2));
        assertTrue(resp.mechListMic().isEmpty());
        assertArrayEquals(der, resp.encode());
    }

    @Test
    void decode_msKrb5FirstNegTokenInit_factsAndRoundTrip() throws Exception {
        byte[] body = spnegoBody("jnegotiate/ms-krb5-first-negtokeninit.bin");
        NegTokenInit init = assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(body));
        assertEquals(
                List.of(
                        "1.2.840.48018.1.2.2",
                        "1.2.840.113554.1.2.2",
                        "1.3.6.1.4.1.311.2.2.30",
                        "1.3.6.1.4.1.311.2.2.10"),
                init.mechTypes().oids());
        assertEquals(Optional.of(MechOid.MS_KERBEROS), init.mechTypes().mechanism(0));
        byte[] mechToken = init.mechToken().orElseThrow();
        assertEquals(536, mechToken.length);
        // the optimistic token is framed with the standard Kerberos OID even though MS-KRB5 is listed first
        GssFraming.Framed inner = GssFraming.unwrap(mechToken);
        assertEquals(Optional.of(MechOid.KERBEROS), inner.mechanism());
        assertEquals("01006e", HexFormat.of().formatHex(inner.inner(), 0, 3));
        assertTrue(init.reqFlags().isEmpty());
        assertTrue(init.mechListMic().isEmpty());
        assertArrayEquals(body, init.encode());
    }

    /** The committed file is what {@link MsKrb5FirstTokenWriter} writes: the generator has not drifted from it. */
    @Test
    void msKrb5FirstTokenWriter_freshToken_hasTheCommittedFilesShape() throws Exception {
        byte[] committed = spnegoBody("jnegotiate/ms-krb5-first-negtokeninit.bin");
        GssFraming.Framed fresh = GssFraming.unwrap(MsKrb5FirstTokenWriter.token());
        assertEquals(Optional.of(MechOid.SPNEGO), fresh.mechanism());
        NegTokenInit was = assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(committed));
        NegTokenInit now = assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(fresh.inner()));
        assertEquals(was.mechTypes(), now.mechTypes());
        assertEquals(MsKrb5FirstTokenWriter.MECH_TYPES, now.mechTypes().known());
        assertArrayEquals(
                GssFraming.unwrap(was.mechToken().orElseThrow()).oidDer(),
                GssFraming.unwrap(now.mechToken().orElseThrow()).oidDer());
    }

    @Test
    void encode_builtTokens_decodeToEqualValues() throws Exception {
        MechTypeList list = MechTypeList.of(List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NTLM));
        NegTokenInit init = new NegTokenInit(
                list, java.util.OptionalInt.of(0b1000010), Optional.of(new byte[] {1, 2}), Optional.of(new byte[] {3}));
        NegTokenInit back = assertInstanceOf(NegTokenInit.class, NegotiationToken.decode(init.encode()));
        assertEquals(list, back.mechTypes());
        assertEquals(java.util.OptionalInt.of(0b1000010), back.reqFlags());
        assertArrayEquals(new byte[] {1, 2}, back.mechToken().orElseThrow());
        assertArrayEquals(new byte[] {3}, back.mechListMic().orElseThrow());

        NegTokenResp resp = NegTokenResp.of(NegState.REQUEST_MIC, MechOid.NTLM, new byte[] {7}, null);
        NegTokenResp r = assertInstanceOf(NegTokenResp.class, NegotiationToken.decode(resp.encode()));
        assertEquals(Optional.of(NegState.REQUEST_MIC), r.negState());
        assertEquals(Optional.of(MechOid.NTLM), r.supportedMechanism());
        assertArrayEquals(new byte[] {7}, r.responseToken().orElseThrow());
        assertTrue(r.mechListMic().isEmpty());

        NegTokenResp reject = NegTokenResp.of(NegState.REJECT, null, null, null);
        assertEquals("a1073005a0030a0102", HexFormat.of().formatHex(reject.encode()));
    }
}
