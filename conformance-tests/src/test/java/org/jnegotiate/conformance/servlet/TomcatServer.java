package org.jnegotiate.conformance.servlet;

import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.jnegotiate.servlet.NegotiateFilter;

/**
 * Embedded Tomcat 11 on 127.0.0.1 and a free port: {@link NegotiateFilter} declared as a web.xml would (class name
 * and init parameters), once on {@code /app/*} and once with {@code mechanisms=!ntlm} on {@code /krb/*}, before
 * {@link WhoAmIServlet}.
 */
final class TomcatServer implements NegotiateServer {
    /** Kept: j.u.l holds loggers weakly, and Tomcat's INFO lines would drown the test output. */
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector = new Connector();
    private final WhoAmIServlet application = new WhoAmIServlet();

    /** {@code base}: Tomcat's work directory, inside the test realm's directory (deleted with it). */
    TomcatServer(java.nio.file.Path base, Map<String, String> app, Map<String, String> kerberosOnly) {
        tomcat.setBaseDir(base.toString());
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "whoami", application);
        context.addServletMapping("/*", "whoami");
        filter(context, "negotiate", app, "/app/*");
        filter(context, "kerberos-only", kerberosOnly, "/krb/*");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            close();
            throw new IllegalStateException("Tomcat did not start: " + e, e);
        }
    }

    private static void filter(Context context, String name, Map<String, String> parameters, String pattern) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilterClass(NegotiateFilter.class.getName());
        parameters.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern(pattern);
        context.addFilterMap(map);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public int applicationCalls() {
        return application.calls.get();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop: " + e, e);
        }
    }
}
