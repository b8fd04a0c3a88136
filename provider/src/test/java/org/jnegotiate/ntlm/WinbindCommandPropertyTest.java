package org.jnegotiate.ntlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jnegotiate.config.NegotiateConfig;
import org.jnegotiate.engine.Engine;
import org.jnegotiate.mech.MechOid;
import org.jnegotiate.sspi.ClientContext;
import org.jnegotiate.sspi.SecStatus;
import org.jnegotiate.sspi.SecWinntAuthIdentity;
import org.jnegotiate.sspi.SecurityPackage;
import org.jnegotiate.sspi.ServerContext;
import org.jnegotiate.sspi.SspiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jnegotiate.ntlm.winbindCommand} as a user sets it: the engine's NTLM acceptors, raw and inside Negotiate,
 * ask that helper instead of the users file. The helper here is a stand-in script that refuses every logon (the
 * real winbind runs in the Samba AD conformance tests); the users file holds the right password, so only the
 * helper can have refused.
 */
class WinbindCommandPropertyTest {
    static final String PASSWORD = "B0b-secret";

    @TempDir
    Path dir;

    @Test
    void negotiate_helperRefuses_logonDeniedWithTheDomainsReason_despiteTheUsersFile() throws Exception {
        Engine server = Engine.create(
                config(Map.of("jnegotiate.ntlm.winbindCommand", refusingHelper().toString())));
        for (SecurityPackage p : List.of(SecurityPackage.NEGOTIATE, SecurityPackage.NTLM)) {
            SspiException e = assertThrows(SspiException.class, () -> handshake(server, p), p.toString());
            assertEquals(SecStatus.SEC_E_LOGON_DENIED, e.status(), p.toString());
            assertTrue(
                    e.getMessage()
                            .contains("the domain refused the NTLM logon of JNEGOTIATE\\bob: "
                                    + "NT_STATUS_WRONG_PASSWORD"),
                    e.getMessage());
        }
    }

    @Test
    void withoutTheProperty_theUsersFileDecides() throws Exception {
        Engine server = Engine.create(config(Map.of()));
        assertTrue(handshake(server, SecurityPackage.NEGOTIATE));
    }

    /** The NTLM handshake of bob (an NTLM-only client) against {@code server}; true when both ends established. */
    private boolean handshake(Engine server, SecurityPackage securityPackage) throws Exception {
        Engine clientEngine = Engine.create(
                NegotiateConfig.builder().mechanisms(List.of(MechOid.NTLM)).build());
        ClientContext client = ClientContext.builder(clientEngine)
                .securityPackage(securityPackage)
                .target("HTTP/web.jnegotiate.test")
                .identity(new SecWinntAuthIdentity("bob", "JNEGOTIATE", PASSWORD.toCharArray()))
                .build();
        ServerContext acceptor =
                ServerContext.builder(server).securityPackage(securityPackage).build();
        byte[] token = new byte[0];
        for (int leg = 0; leg < 6 && !(client.isEstablished() && acceptor.isEstablished()); leg++) {
            byte[] in = token;
            token = leg % 2 == 0 ? client.step(in).token() : acceptor.step(in).token();
        }
        return client.isEstablished() && acceptor.isEstablished();
    }

    private NegotiateConfig config(Map<String, String> extra) throws Exception {
        Path users = dir.resolve("ntlm-users");
        Files.writeString(users, "JNEGOTIATE:bob:" + PASSWORD + "\n");
        Properties p = new Properties();
        p.setProperty("jnegotiate.ntlm.userFile", users.toString());
        p.setProperty("jnegotiate.mechanisms", "ntlm");
        // the acceptor answers for the client's target (an initiator refuses challenges of other acceptors here)
        p.setProperty("jnegotiate.ntlm.serviceNames", "HTTP/web.jnegotiate.test");
        p.setProperty("java.security.krb5.conf", dir.resolve("no-krb5.conf").toString());
        p.putAll(extra);
        return NegotiateConfig.fromProperties(p, Map.of());
    }

    /** An ntlm-server-1 stand-in: reads the request (up to its "." line) and refuses it as winbind does. */
    private Path refusingHelper() throws Exception {
        Path script = dir.resolve("refusing-ntlm-auth");
        Files.writeString(
                script,
                "#!/bin/sh\nwhile read -r line; do [ \"$line\" = . ] && break; done\n"
                        + "printf 'Authenticated: No\\nAuthentication-Error: NT_STATUS_WRONG_PASSWORD\\n.\\n'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
