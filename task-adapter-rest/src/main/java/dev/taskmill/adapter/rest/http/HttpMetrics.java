package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.auth.FailedLogins;
import dev.taskmill.adapter.rest.auth.FailedLogins.LoginFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * The HTTP requests' meters: {@value #REQUESTS} (seconds, a histogram) by {@code method},
 * {@code route} and {@code status}, and {@value #FAILED_LOGINS} by {@code reason}.
 *
 * <p>Every label is bounded: {@code route} is the template Jersey matched (such as
 * {@code /pulp/api/v2/tasks/{id}}), one of the fixed paths the gate answers itself
 * ({@code /health/live}, {@code /health/ready}, {@code /metrics}), or {@value #UNMATCHED}
 * for every request no route took (an unknown path, a refused login before matching, a
 * malformed request); {@code method} is a standard method or {@code OTHER}; never a task id,
 * a tag or a path as the client sent it.
 *
 * <p>{@link RequestTiming} times each request from its arrival to its completion; a Jersey filter names its route once matching is done, in a request attribute
 * (Jersey's request properties are Grizzly's attributes). A request's timer is found without
 * building a key: per route, an array by method and status, filled as they are first seen.
 */
public final class HttpMetrics implements RequestTiming.Completed, FailedLogins {

    /** The requests' timer. */
    public static final String REQUESTS = "taskmill.http.requests";
    /** Failed logins, over HTTP. */
    public static final String FAILED_LOGINS = "taskmill.logins.failed";
    /** The route of a request no route took. */
    public static final String UNMATCHED = "UNMATCHED";

    private static final String ROUTE = HttpMetrics.class.getName() + ".route";
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "TRACE", "CONNECT", "OTHER");
    private static final int OTHER_METHOD = METHODS.size() - 1;
    private static final int STATUSES = 600;
    /** The latency histogram's buckets, from a poll's milliseconds to a slow search's seconds. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String apiRoot;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<ResourceMethod, Route> byMethod = new ConcurrentHashMap<>();
    private final Route unmatched;
    private final Counter[] failedLogins = new Counter[LoginFailure.values().length];
    private final RouteNaming routeNaming = new RouteNaming();

    /** @param apiRoot the API root, which every matched route starts with ({@code ""} for the server root) */
    public HttpMetrics(MeterRegistry registry, String apiRoot) {
        this.registry = registry;
        this.apiRoot = apiRoot;
        this.unmatched = route(UNMATCHED);
        for (LoginFailure failure : LoginFailure.values()) {
            failedLogins[failure.ordinal()] = Counter.builder(FAILED_LOGINS)
                    .description("Logins refused: no or wrong credentials, a throttled user, or password checks"
                            + " at their bound")
                    .tag("reason", failure.label()).register(registry);
        }
    }

    @Override
    public void loginFailed(LoginFailure failure) {
        failedLogins[failure.ordinal()].increment();
    }

    /** Names the route of a request the gate answers itself. */
    void routeOf(Request request, String path) {
        request.setAttribute(ROUTE, route(path));
    }

    @Override
    public void completed(Request request, Response response, long elapsed) {
        Route route = request.getAttribute(ROUTE) instanceof Route matched ? matched : unmatched;
        route.timer(methodIndex(request.getMethod().getMethodString()), response.getStatus())
                .record(elapsed, TimeUnit.NANOSECONDS);
    }

    /** The Jersey filter that names each matched request's route; to register in the application. */
    public Object routeNaming() {
        return routeNaming;
    }

    /**
     * A filter after matching, first of them all: it runs once per request a resource method
     * took, and costs Jersey nothing for the others (where an event listener would have Jersey
     * build an event at every step of every request).
     */
    @Priority(1)
    private final class RouteNaming implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            if (!(request.getUriInfo() instanceof ExtendedUriInfo uriInfo)) {
                return;
            }
            ResourceMethod method = uriInfo.getMatchedResourceMethod();
            if (method == null) {
                return;
            }
            Route route = byMethod.get(method);
            if (route == null) {
                route = byMethod.computeIfAbsent(method, any -> route(template(uriInfo)));
            }
            request.setProperty(ROUTE, route);
        }
    }

    /** The matched templates, outermost first, joined under the API root: {@code /pulp/api/v2/tasks/{id}}. */
    private String template(ExtendedUriInfo uriInfo) {
        List<UriTemplate> templates = uriInfo.getMatchedTemplates();
        StringBuilder path = new StringBuilder(apiRoot);
        for (int i = templates.size() - 1; i >= 0; i--) {
            String part = templates.get(i).getTemplate();
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            if (path.length() == 0 || path.charAt(path.length() - 1) != '/') {
                path.append('/');
            }
            path.append(part.startsWith("/") ? part.substring(1) : part);
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    private Route route(String path) {
        Route route = routes.get(path);
        return route != null ? route : routes.computeIfAbsent(path, Route::new);
    }

    private static int methodIndex(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "DELETE" -> 4;
            case "OPTIONS" -> 5;
            case "PATCH" -> 6;
            case "TRACE" -> 7;
            case "CONNECT" -> 8;
            default -> OTHER_METHOD;
        };
    }

    /** One route's timers, by method and status, registered as they are first needed. */
    private final class Route {
        private final String path;
        private final AtomicReferenceArray<AtomicReferenceArray<Timer>> byMethod =
                new AtomicReferenceArray<>(METHODS.size());

        Route(String path) {
            this.path = path;
        }

        Timer timer(int method, int status) {
            int code = status >= 100 && status < STATUSES ? status : 0;
            AtomicReferenceArray<Timer> byStatus = byMethod.get(method);
            if (byStatus == null) {
                byMethod.compareAndSet(method, null, new AtomicReferenceArray<>(STATUSES));
                byStatus = byMethod.get(method);
            }
            Timer timer = byStatus.get(code);
            if (timer == null) {
                // registering again finds the same timer: a race here only repeats a lookup
                timer = Timer.builder(REQUESTS)
                        .description("HTTP requests, from their arrival to their answer's completion")
                        .tags("method", METHODS.get(method), "route", path,
                                "status", code == 0 ? "unknown" : Integer.toString(code))
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry);
                byStatus.set(code, timer);
            }
            return timer;
        }
    }
}
