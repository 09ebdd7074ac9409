package dev.taskmill.adapter.rest.http;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;

/**
 * The server's Grizzly handler, in front of Jersey: it answers what Jersey cannot, and hands
 * the rest to Jersey. Registered at the API root, where Jersey would be, and at {@code /}
 * for every other path, which gets the JSON 404, but for the health checks ({@link HealthChecks})
 * and the metrics ({@link MetricsEndpoint}), which live at the server's root whatever the API root.
 *
 * <p>A target Jersey's container cannot turn into a URI (a character such as <code>{</code>
 * in the path, a broken percent-escape in the query) would otherwise end in an empty 500
 * before any exception mapper (jersey issue 3322); here it is the client's 400.
 */
public final class RequestGate extends HttpHandler {

    private final GrizzlyHttpContainer jersey;
    private final String apiRoot;
    private final JsonErrorPages errorPages;
    private final HealthChecks health;
    private final MetricsEndpoint metrics;
    private final HttpMetrics httpMetrics;

    public RequestGate(GrizzlyHttpContainer jersey, String apiRoot, JsonErrorPages errorPages, HealthChecks health) {
        this(jersey, apiRoot, errorPages, health, null, null);
    }

    /**
     * @param metrics {@code GET /metrics}, or {@code null} for none
     * @param httpMetrics where the requests the gate answers itself get their route named, or {@code null}
     */
    public RequestGate(GrizzlyHttpContainer jersey, String apiRoot, JsonErrorPages errorPages, HealthChecks health,
            MetricsEndpoint metrics, HttpMetrics httpMetrics) {
        super("taskmill");
        this.jersey = jersey;
        this.apiRoot = apiRoot;
        this.errorPages = errorPages;
        this.health = health;
        this.metrics = metrics;
        this.httpMetrics = httpMetrics;
    }

    /** Where to register the gate: the API root (as Jersey's own factory mounts it) and every other path. */
    public HttpHandlerRegistration[] mappings() {
        Set<HttpHandlerRegistration> mappings = new LinkedHashSet<>(List.of(
                HttpHandlerRegistration.builder().contextPath(apiRoot).build(), HttpHandlerRegistration.ROOT));
        return mappings.toArray(HttpHandlerRegistration[]::new);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        // the codec has refused a path that is no URI path: Grizzly could not have mapped it here
        if (query != null && !isUriQuery(query)) {
            errorPages.send(request, response, 400, "The query string is not valid percent-encoded text");
        } else if (HealthChecks.isHealthPath(path)) {
            route(request, path.startsWith(HealthChecks.READY) ? HealthChecks.READY : HealthChecks.LIVE);
            health.answer(request, response, errorPages);
        } else if (metrics != null && MetricsEndpoint.isMetricsPath(path)) {
            route(request, MetricsEndpoint.PATH);
            metrics.answer(request, response, errorPages);
        } else if (!apiRoot.equals(request.getContextPath()) || !isUnderApiRoot(path)) {
            errorPages.send(request, response, 404);
        } else {
            try {
                ClientConnections.serve(jersey, request, response);
            } catch (IllegalArgumentException e) {
                // Jersey's container builds the request's URIs from its target and Host header
                // before anything of ours runs, and fails on what it cannot parse there
                if (response.isCommitted()) {
                    throw e;
                }
                errorPages.send(request, response, 400, "The request target or Host header cannot be read as a URI");
            }
        }
    }

    private void route(Request request, String route) {
        if (httpMetrics != null) {
            httpMetrics.routeOf(request, route);
        }
    }

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    /**
     * The query as Jersey's container reads it: with <code>{ } \ ^ | `</code> percent-encoded
     * (characters browsers leave as they are), then parsed as a URI.
     */
    static boolean isUriQuery(String rawQuery) {
        StringBuilder quoted = new StringBuilder(rawQuery.length());
        for (char c : rawQuery.toCharArray()) {
            if ("{}\\^|`".indexOf(c) >= 0) {
                quoted.append('%').append(String.format("%02X", (int) c));
            } else {
                quoted.append(c);
            }
        }
        try {
            new URI("/?" + quoted);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private boolean isUnderApiRoot(String path) {
        return path.startsWith(apiRoot) && (path.length() == apiRoot.length() || path.charAt(apiRoot.length()) == '/');
    }

    /**
     * Answers an {@code Expect} header other than {@code 100-continue} with 417 and the error
     * object, where Grizzly would send an empty 417.
     */
    @Override
    protected boolean sendAcknowledgment(Request request, Response response) throws IOException {
        String expectation = request.getHeader(Header.Expect);
        if ("100-continue".equalsIgnoreCase(expectation == null ? null : expectation.strip())) {
            return super.sendAcknowledgment(request, response);
        }
        errorPages.send(request, response, 417, "Only the expectation 100-continue is supported");
        return false;
    }
}
