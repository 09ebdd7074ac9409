package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import java.math.BigDecimal;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.HttpServerProbe;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per HTTP request Grizzly completes, Jersey's and the gate's alike, on
 * the logger {@code taskmill.access}, which the server turns on with {@code --access-log}:
 * {@code GET /pulp/api/v2/tasks/ 200 user=alice 1.234 ms}, with {@code method}, {@code path}
 * (without the query), {@code status}, {@code user} ({@code -} when nobody logged in) and
 * {@code duration_ms} as the line's key-value pairs too. A Grizzly probe, so that it also
 * times a response that Jersey completes after its request's thread has left.
 */
public final class AccessLog extends HttpServerProbe.Adapter {

    /** The logger, off unless the server turns it on. */
    public static final String LOGGER = "taskmill.access";
    private static final String STARTED = AccessLog.class.getName() + ".started";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void onRequestReceiveEvent(HttpServerFilter filter, Connection connection, Request request) {
        if (LOG.isInfoEnabled()) {
            request.setAttribute(STARTED, System.nanoTime());
        }
    }

    @Override
    public void onRequestCompleteEvent(HttpServerFilter filter, Connection connection, Response response) {
        Request request = response.getRequest();
        if (request == null || !(request.getAttribute(STARTED) instanceof Long started)) {
            return;
        }
        BigDecimal millis = BigDecimal.valueOf((System.nanoTime() - started) / 1_000, 3);
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        int status = response.getStatus();
        String user = request.getAttribute(BasicAuthentication.USER_PROPERTY) instanceof String name ? name : "-";
        LOG.atInfo().addKeyValue("method", method).addKeyValue("path", path).addKeyValue("status", status)
                .addKeyValue("user", user).addKeyValue("duration_ms", millis)
                .log("{} {} {} user={} {} ms", method, path, status, user, millis);
    }
}
