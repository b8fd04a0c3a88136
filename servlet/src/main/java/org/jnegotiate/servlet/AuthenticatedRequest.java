package org.jnegotiate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request as the application sees it after a successful logon: {@code getRemoteUser()} and
 * {@code getUserPrincipal()} name the user, {@code getAuthType()} is the scheme. Roles are not the filter's to know:
 * {@code isUserInRole} is false (map users to roles in the application, or use the Spring Security integration).
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    private final NegotiatePrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, NegotiatePrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getAuthType() {
        return principal.scheme().headerName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }
}
