package org.jnegotiate.sspi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.jnegotiate.mech.ContextFlag;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.Status;
import org.jnegotiate.testing.FakeMechanism;
import org.junit.jupiter.api.Test;

/** The idiomatic layer: ClientContext/ServerContext with StepResult, EnumSet attributes and SspiException. */
class ClientServerContextTest {
    private final Harness h = new Harness(3);

    @Test
    void loop_establishesBothSides_andProtectsMessages() throws Exception {
        try (ClientContext c = ClientContext.builder(h.engine)
                        .target("HTTP/server.example")
                        .build();
                ServerContext s = ServerContext.builder(h.engine).build()) {
            StepResult r = c.step(null);
            assertEquals(Status.CONTINUE_NEEDED, r.status());
            StepResult sr = s.step(r.token());
            assertTrue(sr.continueNeeded());
            r = c.step(sr.token());
            assertEquals(Status.OK, r.status());
            assertTrue(r.hasToken());
            sr = s.step(r.token());
            assertEquals(Status.OK, sr.status());
            assertFalse(sr.hasToken());

            assertTrue(c.isEstablished() && s.isEstablished());
            assertEquals(
                    EnumSet.of(
                            ContextFlag.MUTUAL,
                            ContextFlag.INTEGRITY,
                            ContextFlag.CONFIDENTIALITY,
                            ContextFlag.REPLAY_DETECTION,
                            ContextFlag.SEQUENCE_DETECTION),
                    c.granted());
            assertTrue(c.expiry().isPresent());
            assertEquals("defaultuser@FAKE", s.clientName().orElseThrow().name());
            byte[] hello = "hi".getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(hello, s.unwrap(c.wrap(hello, true)).message());
            s.verifyMic(c.getMic(hello), hello);
        }
        assertEquals(2, h.spnego.disposedContexts());
    }

    @Test
    void failures_throwSspiException_withStatusAndFailure() throws Exception {
        try (ClientContext c = ClientContext.builder(h.engine)
                .target(FakeMechanism.UNKNOWN_TARGET)
                .build()) {
            SspiException e = assertThrows(SspiException.class, () -> c.step(null));
            assertEquals(SecStatus.SEC_E_TARGET_UNKNOWN, e.status());
            assertEquals(Failure.TARGET_UNKNOWN, e.failure());
        }
        SspiException e = assertThrows(
                SspiException.class,
                () -> ClientContext.builder(h.engine).target(null).build());
        assertEquals(SecStatus.SEC_E_TARGET_UNKNOWN, e.status());
    }

    @Test
    void wrap_beforeEstablished_invalidHandle_confidentialityNotAsked_unsupported() throws Exception {
        try (ClientContext c = ClientContext.builder(h.engine)
                .target("HTTP/server.example")
                .request(EnumSet.of(ContextFlag.INTEGRITY))
                .build()) {
            SspiException e = assertThrows(SspiException.class, () -> c.wrap(new byte[1], false));
            assertEquals(SecStatus.SEC_E_INVALID_HANDLE, e.status());
        }
    }

    @Test
    void closed_stepFails_invalidHandle() throws Exception {
        ClientContext c =
                ClientContext.builder(h.engine).target("HTTP/server.example").build();
        c.close();
        c.close();
        SspiException e = assertThrows(SspiException.class, () -> c.step(null));
        assertEquals(SecStatus.SEC_E_INVALID_HANDLE, e.status());
    }
}
