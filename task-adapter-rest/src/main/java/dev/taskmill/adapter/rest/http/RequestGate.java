package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.error.ErrorWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.util.MappingData;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.server.internal.ContainerUtils;

/**
 * The server's only Grizzly handler: it answers what Jersey cannot, and hands the rest to Jersey.
 *
 * <p>A request target that is not a valid URI (a broken percent-escape such as {@code %zz}, or a
 * character such as <code>{</code> in the path) would otherwise fail inside Grizzly's mapper or
 * Jersey's container, before any exception mapper, as an empty 500. Here it is the client's
 * error: 400 with the JSON error object. A path outside the API root gets the JSON 404.
 */
public final class RequestGate extends HttpHandler {

    private final GrizzlyHttpContainer jersey;
    private final String apiRoot;
    private final JsonErrorPages errorPages;

    public RequestGate(GrizzlyHttpContainer jersey, String apiRoot, JsonErrorPages errorPages) {
        super("taskmill");
        this.jersey = jersey;
        this.apiRoot = apiRoot;
        this.errorPages = errorPages;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        if (!isUriPath(path)) {
            errorPages.send(request, response, 400, "The request path is not a valid URI path");
        } else if (query != null && !isUriQuery(query)) {
            errorPages.send(request, response, 400, "The query string is not valid percent-encoded text");
        } else if (!isUnderApiRoot(path)) {
            errorPages.send(request, response, 404,
                    ErrorWriter.messageOf(404, request.getMethod().getMethodString(), path));
        } else {
            updatePaths(request, mappedToApiRoot(path));
            try {
                jersey.service(request, response);
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

    @Override
    public void start() {
        jersey.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
    }

    private boolean isUnderApiRoot(String path) {
        return path.startsWith(apiRoot) && (path.length() == apiRoot.length() || path.charAt(apiRoot.length()) == '/');
    }

    /** What Grizzly's mapper would have set had Jersey been registered at the API root. */
    private MappingData mappedToApiRoot(String path) {
        MappingData mapping = new MappingData();
        mapping.contextPath.setString(apiRoot);
        mapping.wrapperPath.setString("");
        mapping.pathInfo.setString(path.substring(apiRoot.length()));
        return mapping;
    }

    /** The raw path as Jersey parses it: an absolute URI path with well-formed escapes only. */
    static boolean isUriPath(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return false;
        }
        try {
            URI uri = new URI(rawPath);
            return uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The query as Jersey's container reads it: its unsafe characters quoted, then parsed as a URI. */
    static boolean isUriQuery(String rawQuery) {
        try {
            new URI("/?" + ContainerUtils.encodeUnsafeCharacters(rawQuery));
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
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
