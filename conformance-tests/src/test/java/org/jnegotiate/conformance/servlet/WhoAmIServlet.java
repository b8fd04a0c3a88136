package org.jnegotiate.conformance.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnegotiate.servlet.NegotiateFilter;
import org.jnegotiate.servlet.NegotiatePrincipal;

/**
 * The application of the Jetty and Tomcat tests: answers {@code user|mechanism|authType} from the request the filter
 * let through ({@code getRemoteUser()}, the mechanism attribute, which must agree with the principal's own), sets
 * {@code X-Remote-User}, and counts its calls.
 */
final class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    final transient AtomicInteger calls = new AtomicInteger();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        calls.incrementAndGet();
        Object mechanism = request.getAttribute(NegotiateFilter.MECHANISM_ATTRIBUTE);
        NegotiatePrincipal principal = (NegotiatePrincipal) request.getUserPrincipal();
        if (principal == null
                || principal.mechanism() != mechanism
                || !principal.getName().equals(request.getRemoteUser())) {
            response.sendError(500, "the filter's principal and attribute disagree: " + principal + " / " + mechanism);
            return;
        }
        response.setContentType("text/plain");
        response.setHeader("X-Remote-User", request.getRemoteUser());
        response.getWriter().print(request.getRemoteUser() + "|" + mechanism + "|" + request.getAuthType());
    }
}
