package org.jnegotiate.conformance.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.Security;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.SpnegoAuthenticator;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;

/**
 * An unmodified embedded Tomcat 11 application with SPNEGO as Tomcat ships it: {@link SpnegoAuthenticator} (a new
 * GSSContext for every request, disposed after it) with its JAAS login entry ({@code java.security.auth.login.config},
 * the JDK's Krb5LoginModule reading the service keytab), a realm giving every authenticated user the role "user",
 * and a servlet that answers {@code user=<getRemoteUser()>} and {@code X-Remote-User}. Nothing of JNegotiate is named
 * here: the child JVM gets it from {@code -javaagent:jnegotiate.jar}.
 *
 * <p>Arguments: {@code principal keytab} (ignored: the JAAS file names them). Prints {@code first-provider=NAME} and
 * {@code port=N}, then serves on 127.0.0.1 until stdin is closed.
 */
public final class TomcatSpnegoServer {
    /** The JAAS entry of the service login (Tomcat's default name). */
    static final String LOGIN_CONFIG_NAME = "com.sun.security.jgss.krb5.accept";

    private TomcatSpnegoServer() {}

    public static void main(String[] args) throws Exception {
        Path base = Files.createTempDirectory("tomcat-spnego");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "whoami", new WhoAmI());
        context.addServletMapping("/*", "whoami");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("**");
        SecurityCollection all = new SecurityCollection();
        all.addPattern("/*");
        constraint.addCollection(all);
        context.addConstraint(constraint);
        LoginConfig login = new LoginConfig();
        login.setAuthMethod("SPNEGO");
        context.setLoginConfig(login);
        SpnegoAuthenticator spnego = new SpnegoAuthenticator();
        spnego.setLoginConfigName(LOGIN_CONFIG_NAME);
        context.getPipeline().addValve(spnego);
        AnyAuthenticatedUser realm = new AnyAuthenticatedUser();
        realm.setStripRealmForGss(false);
        context.setRealm(realm);
        tomcat.start();
        System.out.println("first-provider=" + Security.getProviders()[0].getName());
        System.out.println("port=" + connector.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            continue;
        }
        tomcat.stop();
    }

    /** The application: who Tomcat says the user is. */
    private static final class WhoAmI extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String user = request.getRemoteUser();
            response.setHeader("X-Remote-User", user);
            response.setContentType("text/plain");
            response.getWriter().write("user=" + user + "\n");
        }
    }

    /** Authorisation: every user SPNEGO authenticated has the role "user". */
    private static final class AnyAuthenticatedUser extends RealmBase {
        @Override
        protected String getPassword(String username) {
            return null;
        }

        @Override
        protected Principal getPrincipal(String username) {
            return new GenericPrincipal(username, List.of("user"));
        }
    }
}
