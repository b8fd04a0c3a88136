package org.jnegotiate.conformance.http;

import java.nio.file.Path;
import java.security.Principal;
import java.security.Security;
import javax.security.auth.Subject;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.DefaultIdentityService;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.security.SPNEGOLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.UserPrincipal;
import org.eclipse.jetty.security.authentication.SPNEGOAuthenticator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.Callback;

/**
 * An unmodified Jetty 12.1 application with SPNEGO as Jetty ships it: {@link SPNEGOAuthenticator} and
 * {@link SPNEGOLoginService} (its own JAAS login of the service from the keytab) in front of a handler that answers
 * {@code user=<name>} and {@code X-Remote-User}. The ee10/ee11 servlet security handlers use these same classes.
 * Nothing of JNegotiate is named here: the child JVM gets it from {@code -javaagent:jnegotiate.jar}.
 *
 * <p>Arguments: {@code principal keytab} (the principal only tells the host: {@code HTTP/host@REALM}). Prints
 * {@code first-provider=NAME} and {@code port=N}, then serves on 127.0.0.1 until stdin is closed.
 */
public final class JettySpnegoServer {

    private JettySpnegoServer() {}

    public static void main(String[] args) throws Exception {
        String host = args[0].substring(args[0].indexOf('/') + 1, args[0].indexOf('@'));
        SPNEGOLoginService login =
                new SPNEGOLoginService(args[0].substring(args[0].indexOf('@') + 1), new AnyAuthenticatedUser());
        login.setServiceName("HTTP");
        login.setHostName(host);
        login.setKeyTabPath(Path.of(args[1]));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        SecurityHandler.PathMapped security = new SecurityHandler.PathMapped();
        security.setAuthenticator(new SPNEGOAuthenticator());
        security.setLoginService(login);
        security.put("/*", Constraint.ANY_USER);
        security.setHandler(new WhoAmI());
        server.setHandler(security);
        server.start();
        System.out.println("first-provider=" + Security.getProviders()[0].getName());
        System.out.println("port=" + connector.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            continue;
        }
        server.stop();
    }

    /** The application: who Jetty says the user is. */
    private static final class WhoAmI extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Principal user = AuthenticationState.getUserPrincipal(request);
            String name = user == null ? "" : user.getName();
            response.setStatus(200);
            response.getHeaders().put("X-Remote-User", name);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            Content.Sink.write(response, true, "user=" + name + "\n", callback);
            return true;
        }
    }

    /** Authorisation: every user SPNEGO authenticated has the role "user". */
    private static final class AnyAuthenticatedUser implements LoginService {
        private IdentityService identities = new DefaultIdentityService();

        @Override
        public String getName() {
            return "any-authenticated-user";
        }

        /** Called by the default getUserIdentity with the name SPNEGO authenticated (no password). */
        @Override
        public UserIdentity login(
                String username,
                Object credentials,
                Request request,
                java.util.function.Function<Boolean, Session> session) {
            return identities.newUserIdentity(new Subject(), new UserPrincipal(username, null), new String[] {"user"});
        }

        @Override
        public boolean validate(UserIdentity user) {
            return true;
        }

        @Override
        public IdentityService getIdentityService() {
            return identities;
        }

        @Override
        public void setIdentityService(IdentityService service) {
            this.identities = service;
        }

        @Override
        public void logout(UserIdentity user) {
            // nothing kept
        }
    }
}
