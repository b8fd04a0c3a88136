package org.jnegotiate.conformance.servlet;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jnegotiate.servlet.NegotiateFilter;

/**
 * Embedded Jetty 12 (EE 10 servlets) on 127.0.0.1 and a free port: {@link NegotiateFilter} made by Jetty from init
 * parameters, once on {@code /app/*} and once with {@code mechanisms=!ntlm} on {@code /krb/*}, before
 * {@link WhoAmIServlet}.
 */
final class JettyServer implements NegotiateServer {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final WhoAmIServlet application = new WhoAmIServlet();

    JettyServer(Map<String, String> app, Map<String, String> kerberosOnly) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(application), "/*");
        context.addFilter(holder("negotiate", app), "/app/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(holder("kerberos-only", kerberosOnly), "/krb/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Jetty did not start: " + e, e);
        }
    }

    private static FilterHolder holder(String name, Map<String, String> parameters) {
        FilterHolder holder = new FilterHolder(NegotiateFilter.class);
        holder.setName(name);
        holder.setInitParameters(parameters);
        return holder;
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
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop: " + e, e);
        }
    }
}
