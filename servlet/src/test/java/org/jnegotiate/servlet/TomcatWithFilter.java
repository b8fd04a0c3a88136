package org.jnegotiate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat 11 on 127.0.0.1 and a free port, {@link NegotiateFilter} in front of a servlet that answers
 * {@code remoteUser|mechanism attribute|principal's mechanism|authType} and counts its calls. The filter is made by
 * Tomcat from init parameters, as a web.xml would.
 */
final class TomcatWithFilter implements AutoCloseable {
    /** Kept: j.u.l holds loggers weakly, and Tomcat's INFO lines would drown the test output. */
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");

    static {
        TOMCAT_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final Tomcat tomcat = new Tomcat();
    private final Connector connector;
    private final Path base;
    final AtomicInteger applicationCalls = new AtomicInteger();

    private Connector tls;

    TomcatWithFilter(Map<String, String> initParameters) throws IOException, LifecycleException {
        this(initParameters, null);
    }

    /** With a second, TLS connector serving the PKCS#12 {@code keystore} (alias {@code server}, password {@code changeit}). */
    TomcatWithFilter(Map<String, String> initParameters, Path keystore) throws IOException, LifecycleException {
        base = Files.createTempDirectory("jnegotiate-tomcat");
        tomcat.setBaseDir(base.toString());
        connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // room for the filter's own limit on tokens (64 KiB, 87384 base64 characters) to be the one tested
        connector.setProperty("maxHttpHeaderSize", "200000");
        tomcat.setConnector(connector);
        if (keystore != null) {
            tls = new Connector();
            tls.setPort(0);
            tls.setProperty("address", "127.0.0.1");
            tls.setSecure(true);
            tls.setScheme("https");
            tls.setProperty("SSLEnabled", "true");
            org.apache.tomcat.util.net.SSLHostConfig ssl = new org.apache.tomcat.util.net.SSLHostConfig();
            org.apache.tomcat.util.net.SSLHostConfigCertificate certificate =
                    new org.apache.tomcat.util.net.SSLHostConfigCertificate(
                            ssl, org.apache.tomcat.util.net.SSLHostConfigCertificate.Type.UNDEFINED);
            certificate.setCertificateKeystoreFile(keystore.toString());
            certificate.setCertificateKeystorePassword("changeit");
            certificate.setCertificateKeystoreType("PKCS12");
            certificate.setCertificateKeyAlias("server");
            ssl.addCertificate(certificate);
            tls.addSslHostConfig(ssl);
            tomcat.getService().addConnector(tls);
        }
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "echo", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                applicationCalls.incrementAndGet();
                NegotiatePrincipal p = (NegotiatePrincipal) req.getUserPrincipal();
                resp.setContentType("text/plain");
                resp.getWriter()
                        .print(req.getRemoteUser() + "|" + req.getAttribute(NegotiateFilter.MECHANISM_ATTRIBUTE) + "|"
                                + p.mechanism() + "|" + req.getAuthType());
            }
        });
        context.addServletMapping("/*", "echo");
        FilterDef def = new FilterDef();
        def.setFilterName("negotiate");
        def.setFilterClass(NegotiateFilter.class.getName());
        initParameters.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("negotiate");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    int tlsPort() {
        return tls.getLocalPort();
    }

    @Override
    public void close() throws IOException, LifecycleException {
        tomcat.stop();
        tomcat.destroy();
        try (var walk = Files.walk(base)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
