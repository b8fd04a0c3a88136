package org.jnegotiate.gss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ietf.jgss.GSSException;
import org.jnegotiate.mech.Failure;
import org.jnegotiate.mech.NegotiateException;
import org.junit.jupiter.api.Test;

class GssErrorsTest {

    @Test
    void failureWithoutMinor_showsItsReasonInGetMessage() {
        NegotiateException e = new NegotiateException(
                Failure.NO_AUTHENTICATING_AUTHORITY,
                "no KDC of realm EXAMPLE.COM answered: tried 127.0.0.1:1088 (tcp: Connection refused)");
        GSSException g = GssErrors.of(e);
        assertEquals(GSSException.FAILURE, g.getMajor());
        assertTrue(g.getMessage().contains("tried 127.0.0.1:1088"), g.getMessage());
        assertSame(e, g.getCause());
    }

    @Test
    void kerberosErrorCode_isTheMinorCode() {
        GSSException g =
                GssErrors.of(new NegotiateException(Failure.LOGON_DENIED, 24, "pre-authentication failed", null));
        assertEquals(GSSException.UNAUTHORIZED, g.getMajor());
        assertEquals(24, g.getMinor());
        assertTrue(g.getMessage().contains("pre-authentication failed"), g.getMessage());
    }
}
