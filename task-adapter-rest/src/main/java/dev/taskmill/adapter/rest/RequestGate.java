package dev.taskmill.adapter.rest;

import java.net.URI;
import java.net.URISyntaxException;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.util.MappingData;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;

/**
 * The server's only Grizzly handler: it answers what Jersey cannot, and hands the rest to Jersey.
 *
 * <p>A request target that is not a valid URI (a broken percent-escape such as {@code %zz}, or a
 * character such as <code>{</code> in the path) would otherwise fail inside Grizzly's mapper or
 * Jersey's container, before any exception mapper, as an empty 500. Here it is the client's
 * error: 400 with the JSON error object. A path outside the API root gets the JSON 404.
 */
final class RequestGate extends HttpHandler {

    private final GrizzlyHttpContainer jersey;
    private final String apiRoot;
    private final JsonErrorPages errorPages;

    RequestGate(GrizzlyHttpContainer jersey, String apiRoot, JsonErrorPages errorPages) {
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
        } else if (query != null && !hasWellFormedEscapes(query)) {
            errorPages.send(request, response, 400, "The query string is not valid percent-encoded text");
        } else if (!isUnderApiRoot(path)) {
            errorPages.send(request, response, 404, "Missing resource: " + path);
        } else {
            updatePaths(request, mappedToApiRoot(path));
            jersey.service(request, response);
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

    /** Every {@code %} starts an escape of two hex digits; Jersey quotes the other unsafe characters itself. */
    static boolean hasWellFormedEscapes(String rawQuery) {
        for (int i = rawQuery.indexOf('%'); i >= 0; i = rawQuery.indexOf('%', i + 3)) {
            if (i + 2 >= rawQuery.length()
                    || Character.digit(rawQuery.charAt(i + 1), 16) < 0
                    || Character.digit(rawQuery.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
