package org.jnegotiate.conformance.sspi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnegotiate.conformance.fixtures.GssPeer;
import org.jnegotiate.conformance.fixtures.GssPeerException;
import org.jnegotiate.sspi.IscReq;
import org.jnegotiate.sspi.IscRet;
import org.jnegotiate.sspi.SecBuffer;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.Sspi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's ISC_REQ flags one by one, for each package (Kerberos, NTLM, Negotiate choosing Kerberos, Negotiate
 * choosing NTLM), each run for real against MIT GSS-API / gss-ntlmssp acceptors: what the SSPI door's
 * InitializeSecurityContext returns (the status of every call and the final ISC_RET, or the SEC_E code). The
 * table goes to {@code target/isc-flags-table.md}; the key facts of the seed are asserted on it.
 *
 * <p>The service is marked OK-AS-DELEGATE in the KDC, so that DELEGATE|MUTUAL_AUTH shows what delegation gives
 * where Windows would delegate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IscFlagsTableTest {
    static final Path TABLE = Path.of("target", "isc-flags-table.md");

    enum Column {
        KERBEROS("Kerberos"),
        NTLM("NTLM"),
        NEGOTIATE_KERBEROS("Negotiate → Kerberos"),
        NEGOTIATE_NTLM("Negotiate → NTLM");

        final String title;

        Column(String title) {
            this.title = title;
        }

        boolean ntlm() {
            return this == NTLM || this == NEGOTIATE_NTLM;
        }
    }

    /** One combination's outcome: every call's status, and the final ISC_RET (0 when it failed). */
    record Cell(List<String> statuses, int iscRet, String failure) {
        boolean ok() {
            return failure == null;
        }

        String render() {
            String calls = String.join(
                    " → ",
                    statuses.stream()
                            .map(s -> s.replace("SEC_I_", "").replace("SEC_E_OK", "OK"))
                            .toList());
            return ok()
                    ? calls + ": " + Bits.iscRet(iscRet).replace("|", " ")
                    : calls + (failure.isEmpty() ? "" : " (" + failure + ")");
        }
    }

    /** The rows: the flag under test, alone, except where the seed ties it to another. */
    static final Map<String, Integer> ROWS = new LinkedHashMap<>();

    static {
        ROWS.put("0 (no flag)", 0);
        ROWS.put("DELEGATE", IscReq.ISC_REQ_DELEGATE);
        ROWS.put("DELEGATE MUTUAL_AUTH", IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH);
        ROWS.put("MUTUAL_AUTH", IscReq.ISC_REQ_MUTUAL_AUTH);
        ROWS.put("REPLAY_DETECT", IscReq.ISC_REQ_REPLAY_DETECT);
        ROWS.put("SEQUENCE_DETECT", IscReq.ISC_REQ_SEQUENCE_DETECT);
        ROWS.put("CONFIDENTIALITY", IscReq.ISC_REQ_CONFIDENTIALITY);
        ROWS.put("USE_SESSION_KEY", IscReq.ISC_REQ_USE_SESSION_KEY);
        ROWS.put("PROMPT_FOR_CREDS", IscReq.ISC_REQ_PROMPT_FOR_CREDS);
        ROWS.put("USE_SUPPLIED_CREDS (PKG_PARAMS identity)", IscReq.ISC_REQ_USE_SUPPLIED_CREDS);
        ROWS.put("ALLOCATE_MEMORY", IscReq.ISC_REQ_ALLOCATE_MEMORY);
        ROWS.put("CONNECTION", IscReq.ISC_REQ_CONNECTION);
        ROWS.put("EXTENDED_ERROR", IscReq.ISC_REQ_EXTENDED_ERROR);
        ROWS.put("STREAM", IscReq.ISC_REQ_STREAM);
        ROWS.put("INTEGRITY", IscReq.ISC_REQ_INTEGRITY);
        ROWS.put("NO_INTEGRITY", IscReq.ISC_REQ_NO_INTEGRITY);
        ROWS.put("INTEGRITY NO_INTEGRITY", IscReq.ISC_REQ_INTEGRITY | IscReq.ISC_REQ_NO_INTEGRITY);
    }

    SspiRealm realm;
    final Map<String, Map<Column, Cell>> table = new LinkedHashMap<>();

    @BeforeAll
    void runEveryCombination() throws IOException {
        realm = SspiRealm.start();
        realm.kdc.kadmin("modprinc +ok_as_delegate " + SspiRealm.SERVICE);
        for (Map.Entry<String, Integer> row : ROWS.entrySet()) {
            Map<Column, Cell> cells = new LinkedHashMap<>();
            for (Column c : Column.values()) {
                cells.put(c, run(c, row.getValue()));
            }
            table.put(row.getKey(), cells);
        }
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, markdown());
    }

    @AfterAll
    void stopRealm() {
        if (realm != null) {
            realm.close();
        }
    }

    @Test
    void table_writtenWithEveryCombination() throws IOException {
        String md = Files.readString(TABLE);
        assertEquals(ROWS.size() + 2, md.lines().filter(l -> l.startsWith("|")).count(), md);
        assertTrue(table.values().stream().allMatch(r -> r.size() == Column.values().length));
    }

    @Test
    void mutualAuth_neverReturnedForNtlm() {
        table.forEach((row, cells) -> {
            for (Column c : List.of(Column.NTLM, Column.NEGOTIATE_NTLM)) {
                assertEquals(0, cells.get(c).iscRet() & IscRet.ISC_RET_MUTUAL_AUTH, row + " / " + c.title);
            }
        });
    }

    @Test
    void mutualAuth_kerberos_continueThenOkWithMutual() {
        for (Column c : List.of(Column.KERBEROS, Column.NEGOTIATE_KERBEROS)) {
            Cell cell = table.get("MUTUAL_AUTH").get(c);
            assertEquals(List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"), cell.statuses(), c.title);
            assertTrue((cell.iscRet() & IscRet.ISC_RET_MUTUAL_AUTH) != 0, c.title + ": " + cell.render());
        }
        Cell oneLeg = table.get("0 (no flag)").get(Column.KERBEROS);
        assertEquals(List.of("SEC_E_OK"), oneLeg.statuses(), "Kerberos without mutual: one call, the AP-REQ to send");
        assertEquals(0, oneLeg.iscRet() & IscRet.ISC_RET_MUTUAL_AUTH);
    }

    @Test
    void delegate_whereOnlyNtlm_unsupportedFunction() {
        for (String row : List.of("DELEGATE", "DELEGATE MUTUAL_AUTH")) {
            for (Column c : List.of(Column.NTLM, Column.NEGOTIATE_NTLM)) {
                assertFailure(
                        SecStatus.SEC_E_UNSUPPORTED_FUNCTION, table.get(row).get(c), row + " / " + c.title);
            }
        }
    }

    @Test
    void delegate_kerberos_onlyWithMutualAuth_toAnOkAsDelegateService() {
        for (Column c : List.of(Column.KERBEROS, Column.NEGOTIATE_KERBEROS)) {
            Cell alone = table.get("DELEGATE").get(c);
            assertTrue(alone.ok(), alone.render());
            assertEquals(0, alone.iscRet() & IscRet.ISC_RET_DELEGATE, "DELEGATE without MUTUAL_AUTH is ignored");
            Cell withMutual = table.get("DELEGATE MUTUAL_AUTH").get(c);
            assertEquals(
                    IscRet.ISC_RET_DELEGATE | IscRet.ISC_RET_MUTUAL_AUTH,
                    withMutual.iscRet() & (IscRet.ISC_RET_DELEGATE | IscRet.ISC_RET_MUTUAL_AUTH),
                    withMutual.render());
        }
    }

    /** ISC_RET_DELEGATE is not just a bit: the MIT acceptor holds a forwarded TGT that gets it a service ticket. */
    @Test
    void delegateMutual_kerberos_mitAcceptorReceivesUsableTgt() throws Exception {
        try (GssPeer acceptor = realm.mitAcceptor(GssPeer.Mech.KRB5).start();
                SspiEndpoint client = SspiEndpoint.client(
                        realm.sspi(),
                        "Kerberos",
                        new SecWinntAuthIdentity(SspiRealm.USER, realm.kdc.realm(), SspiRealm.PASSWORD.toCharArray()),
                        SspiRealm.SPN,
                        IscReq.ISC_REQ_DELEGATE | IscReq.ISC_REQ_MUTUAL_AUTH)) {
            SspiExchange.clientToPeer(client, GssSide.of(acceptor));

            assertTrue((client.attributes() & IscRet.ISC_RET_DELEGATE) != 0, Bits.iscRet(client.attributes()));
            assertTrue(acceptor.info().delegated(), "MIT got no delegated credential");
            assertTrue(acceptor.delegateInit(SspiRealm.HOSTBASED).length > 0);
        }
    }

    @Test
    void promptForCreds_everyPackage_unsupportedFunction() {
        for (Column c : Column.values()) {
            assertFailure(
                    SecStatus.SEC_E_UNSUPPORTED_FUNCTION,
                    table.get("PROMPT_FOR_CREDS").get(c),
                    c.title);
        }
    }

    /**
     * The seed: with NO_INTEGRITY, "ISC_REQ_INTEGRITY is ignored". Kerberos goes further, as Windows and MIT's
     * GSS_KRB5_CRED_NO_CI_FLAGS_X do: the authenticator checksum leaves out the integrity and confidentiality flags
     * that it otherwise always carries, so neither is granted. NTLM always negotiates signing (its MIC and the SPNEGO
     * mechListMIC need it): there the row is the no-flag row.
     */
    @Test
    void noIntegrity_kerberosAnnouncesNoProtection_ntlmUnchanged() {
        int protection = IscRet.ISC_RET_INTEGRITY | IscRet.ISC_RET_CONFIDENTIALITY;
        for (Column c : Column.values()) {
            Cell none = table.get("0 (no flag)").get(c);
            for (String row : List.of("NO_INTEGRITY", "INTEGRITY NO_INTEGRITY")) {
                Cell cell = table.get(row).get(c);
                assertTrue(cell.ok(), cell.render());
                assertEquals(none.statuses(), cell.statuses(), row + " / " + c.title);
                int expected = c.ntlm() ? none.iscRet() : none.iscRet() & ~protection;
                assertEquals(Bits.iscRet(expected), Bits.iscRet(cell.iscRet()), row + " / " + c.title);
            }
            if (!c.ntlm()) {
                assertEquals(protection, none.iscRet() & protection, "Kerberos implies both: " + none.render());
            }
        }
    }

    @Test
    void confidentiality_grantedByBothMechanisms() {
        for (Column c : Column.values()) {
            Cell cell = table.get("CONFIDENTIALITY").get(c);
            assertTrue((cell.iscRet() & IscRet.ISC_RET_CONFIDENTIALITY) != 0, c.title + ": " + cell.render());
        }
    }

    @Test
    void ntlm_rawTwoCalls_negotiateThreeCalls() {
        assertEquals(
                List.of("SEC_I_CONTINUE_NEEDED", "SEC_E_OK"),
                table.get("0 (no flag)").get(Column.NTLM).statuses());
        assertEquals(
                List.of("SEC_I_CONTINUE_NEEDED", "SEC_I_CONTINUE_NEEDED", "SEC_E_OK"),
                table.get("0 (no flag)").get(Column.NEGOTIATE_NTLM).statuses());
    }

    @Test
    void suppliedCreds_reportedUsed() {
        for (Column c : Column.values()) {
            Cell cell = table.get("USE_SUPPLIED_CREDS (PKG_PARAMS identity)").get(c);
            assertTrue((cell.iscRet() & IscRet.ISC_RET_USED_SUPPLIED_CREDS) != 0, c.title + ": " + cell.render());
        }
    }

    // ---- running one combination ----

    private Cell run(Column column, int req) {
        Sspi sspi = column == Column.NEGOTIATE_NTLM ? realm.ntlmOnlySspi() : realm.sspi();
        String pkg = switch (column) {
            case KERBEROS -> "Kerberos";
            case NTLM -> "NTLM";
            default -> "Negotiate";
        };
        SecWinntAuthIdentity identity = column.ntlm()
                ? new SecWinntAuthIdentity(SspiRealm.USER, SspiRealm.NTLM_DOMAIN, SspiRealm.PASSWORD.toCharArray())
                : new SecWinntAuthIdentity(SspiRealm.USER, realm.kdc.realm(), SspiRealm.PASSWORD.toCharArray());
        GssPeer.Mech mech = switch (column) {
            case KERBEROS -> GssPeer.Mech.KRB5;
            case NTLM -> GssPeer.Mech.NTLM;
            default -> GssPeer.Mech.SPNEGO;
        };
        try (SspiEndpoint client = SspiEndpoint.client(sspi, pkg, identity, SspiRealm.SPN, req)) {
            if ((req & IscReq.ISC_REQ_USE_SUPPLIED_CREDS) != 0) {
                client.withInput(SecBuffer.packageParameters(identity));
            }
            SspiEndpoint.Leg leg = client.step(null);
            if (leg.failed()) {
                return new Cell(client.statuses(), 0, "");
            }
            try (GssPeer acceptor = realm.mitAcceptor(mech).start()) {
                for (int i = 0; i < 10; i++) {
                    GssPeer.Step reply = leg.token().length > 0 ? acceptor.step(leg.token()) : null;
                    if (leg.ok()) {
                        String peer = reply == null || reply.complete() ? null : "acceptor not complete";
                        return new Cell(client.statuses(), peer == null ? leg.attributes() : 0, peer);
                    }
                    leg = client.step(reply == null ? null : reply.token());
                    if (leg.failed()) {
                        return new Cell(client.statuses(), 0, "");
                    }
                }
                return new Cell(client.statuses(), 0, "no end after 10 calls");
            } catch (GssPeerException e) {
                return new Cell(client.statuses(), 0, "acceptor: " + e.getMessage());
            }
        }
    }

    private static void assertFailure(int expected, Cell cell, String what) {
        assertTrue(!cell.ok(), what + " succeeded: " + cell.render());
        assertEquals(
                SecStatus.name(expected), cell.statuses().get(cell.statuses().size() - 1), what);
    }

    private String markdown() {
        StringBuilder md = new StringBuilder()
                .append("# ISC_REQ flags and what the SSPI door's InitializeSecurityContext returns\n\n")
                .append(
                        "Generated by `IscFlagsTableTest` (conformance-tests). Client: `org.jnegotiate.sspi.Sspi` with an explicit\n")
                .append(
                        "identity (pAuthData); acceptor: MIT krb5 1.20 GSS-API (`krb5`, `spnego`) or gss-ntlmssp (`ntlm`), with\n")
                .append("the service `")
                .append(SspiRealm.SERVICE)
                .append("` marked OK-AS-DELEGATE in an MIT KDC.\n")
                .append("Each cell: the status of every InitializeSecurityContext call, then the final ISC_RET bits\n")
                .append(
                        "(or the SEC_E code that ended it). `Negotiate → NTLM` is a Negotiate package whose list holds NTLM only.\n\n")
                .append("| fContextReq |");
        for (Column c : Column.values()) {
            md.append(' ').append(c.title).append(" |");
        }
        md.append("\n|---|");
        for (int i = 0; i < Column.values().length; i++) {
            md.append("---|");
        }
        md.append('\n');
        table.forEach((row, cells) -> {
            md.append("| ").append(row).append(" |");
            for (Column c : Column.values()) {
                md.append(' ').append(cells.get(c).render()).append(" |");
            }
            md.append('\n');
        });
        return md.toString();
    }
}
