package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import java.math.BigDecimal;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one line per HTTP request Grizzly completes, Jersey's and the gate's alike, on
 * the logger {@code taskmill.access}, which the server turns on with {@code --access-log}:
 * {@code GET /pulp/api/v2/tasks/ 200 user=alice 1.234 ms}, with {@code method}, {@code path}
 * (without the query), {@code status}, {@code user} ({@code -} when nobody logged in) and
 * {@code duration_ms} as the line's key-value pairs too; {@link RequestTiming} times the requests.
 */
public final class AccessLog implements RequestTiming.Completed {

    /** The logger, off unless the server turns it on. */
    public static final String LOGGER = "taskmill.access";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void completed(Request request, Response response, long elapsedNanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        BigDecimal millis = BigDecimal.valueOf(elapsedNanos / 1_000, 3);
        String method = request.getMethod().getMethodString();
        String path = request.getRequestURI();
        int status = response.getStatus();
        String user = request.getAttribute(BasicAuthentication.USER_PROPERTY) instanceof String name ? name : "-";
        LOG.atInfo().addKeyValue("method", method).addKeyValue("path", path).addKeyValue("status", status)
                .addKeyValue("user", user).addKeyValue("duration_ms", millis)
                .log("{} {} {} user={} {} ms", method, path, status, user, millis);
    }
}
