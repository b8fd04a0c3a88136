package org.jnegotiate.krb5;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.ContextRequest;
import org.jnegotiate.mech.GssFraming;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.mech.NegotiateException;
import org.jnegotiate.mech.PeerName;
import org.jnegotiate.spnego.tokens.MechTypeList;
import org.jnegotiate.spnego.tokens.NegTokenInit;

/**
 * Writes {@code corpus/jnegotiate/ms-krb5-first-negtokeninit.bin}: the first token a Windows browser sends to IIS
 * (a framed SPNEGO NegTokenInit listing MS-KRB5 first, then KRB5, NEGOEX and NTLM, with an optimistic Kerberos
 * AP-REQ), made here: the AP-REQ is JNegotiate's own Kerberos initiator's, for {@link #TARGET}, over a ticket issued
 * in memory under a random service key nobody keeps. Run from {@code provider/} with the test class path (the
 * command is in the README beside the file); the file is committed. Not a test.
 */
public final class MsKrb5FirstTokenWriter {
    /** The service the AP-REQ is for. */
    public static final String TARGET = "HTTP@iis.example.com";
    /** The realm of that service and of the client (alice@EXAMPLE.COM). */
    public static final String REALM = Krb5Testbed.REALM;
    /** The mechTypes, in the order Windows sends them to IIS. */
    public static final List<MechOid> MECH_TYPES =
            List.of(MechOid.MS_KERBEROS, MechOid.KERBEROS, MechOid.NEGOEX, MechOid.NTLM);

    private static final Path FILE = Path.of("src/test/resources/corpus/jnegotiate/ms-krb5-first-negtokeninit.bin");

    private MsKrb5FirstTokenWriter() {}

    /** A fresh token of the same shape as the committed file (another session key, ticket and authenticator). */
    public static byte[] token() throws NegotiateException {
        Krb5Testbed bed = new Krb5Testbed(); // a random aes256-cts-hmac-sha1-96 service key, forgotten afterwards
        ContextRequest request = ContextRequest.builder()
                .target(PeerName.hostbased(TARGET))
                .flag(ContextFlag.MUTUAL, true)
                .flag(ContextFlag.CONFIDENTIALITY, true)
                .flag(ContextFlag.INTEGRITY, true)
                .flag(ContextFlag.SEQUENCE_DETECTION, true)
                .flag(ContextFlag.REPLAY_DETECTION, true)
                .build();
        byte[] apReq = new KerberosInitiator(MechOid.KERBEROS, bed.tickets(), request, bed.settings())
                .step(null)
                .token();
        // like Windows, the optimistic token is framed with the standard Kerberos OID though MS-KRB5 is listed first
        byte[] mechToken = GssFraming.wrap(MechOid.KERBEROS, apReq);
        return GssFraming.wrap(
                MechOid.SPNEGO,
                NegTokenInit.of(MechTypeList.of(MECH_TYPES), mechToken).encode());
    }

    public static void main(String[] args) throws IOException, NegotiateException {
        Files.createDirectories(FILE.getParent());
        Files.write(FILE, token());
    }
}
