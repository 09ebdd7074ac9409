package dev.taskmill.adapter.rest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.adapter.rest.openapi.ApiDocument;
import dev.taskmill.adapter.rest.openapi.RootPath;
import dev.taskmill.application.port.in.GetHealthUseCase.Readiness;
import dev.taskmill.application.port.in.GetHealthUseCase;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;

/**
 * {@code GET /health/live} and {@code GET /health/ready}, at the server's root whatever the API
 * root, so that a probe's path is fixed: answered before Jersey, without authentication, with
 * {@code 200} or {@code 503} and a small JSON body naming each check. Nothing in it is secret:
 * no task, user, address or setting.
 */
public final class HealthChecks {

    /** Liveness: the process serves. */
    public static final String LIVE = "/health/live";
    /** Readiness: the store answers, the workers run, the server is not shutting down. */
    public static final String READY = "/health/ready";
    private static final String CONTENT_TYPE = "application/json;charset=utf-8";

    /** {@link #LIVE} in the OpenAPI document. */
    public static final RootPath LIVE_PATH = RootPath.openGet(LIVE, new Operation()
            .operationId("getLiveness").addTagsItem("health").summary("Liveness: the process serves HTTP")
            .description("Answers 200 whenever the process serves; asks nothing else, the store included. "
                    + "At the server's root whatever the API root; GET and HEAD; no login.")
            .responses(new ApiResponses()
                    .addApiResponse("200", ApiDocument.jsonResponse("Up: {\"status\": \"up\"}", "Health"))));
    /** {@link #READY} in the OpenAPI document. */
    public static final RootPath READY_PATH = RootPath.openGet(READY, new Operation()
            .operationId("getReadiness").addTagsItem("health")
            .summary("Readiness: the store answers, the workers run, the server is not stopping")
            .description("At the server's root whatever the API root; GET and HEAD; no login.")
            .responses(new ApiResponses()
                    .addApiResponse("200", ApiDocument.jsonResponse("Ready: every check is up", "Health"))
                    .addApiResponse("503", ApiDocument.jsonResponse("Not ready: a check is down", "Health"))));

    private final GetHealthUseCase health;
    private final ObjectMapper mapper;

    public HealthChecks(GetHealthUseCase health, ObjectMapper mapper) {
        this.health = health;
        this.mapper = mapper;
    }

    /** Whether {@code path} (with or without a trailing slash) is a health check's. */
    static boolean isHealthPath(String path) {
        String bare = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return bare.equals(LIVE) || bare.equals(READY);
    }

    /** Answers a request for a health check's path; {@code GET} and {@code HEAD} only. */
    void answer(Request request, Response response, JsonErrorPages errorPages) throws IOException {
        if (!errorPages.getOrHead(request, response)) {
            return;
        }
        boolean get = request.getMethod().getMethodString().equals("GET");
        Map<String, Object> body = new LinkedHashMap<>();
        boolean up = true;
        if (request.getRequestURI().startsWith(READY)) {
            Readiness readiness = health.readiness();
            up = readiness.ready();
            Map<String, String> checks = new LinkedHashMap<>();
            checks.put("store", state(readiness.storeAnswers()));
            checks.put("workers", state(readiness.workersRunning()));
            checks.put("accepting", state(readiness.accepting()));
            body.put("status", state(up));
            body.put("checks", checks);
        } else {
            body.put("status", state(true));
        }
        byte[] json = mapper.writeValueAsBytes(body);
        response.setStatus(up ? 200 : 503);
        response.setContentType(CONTENT_TYPE);
        response.setHeader(Header.CacheControl, "no-store");
        response.setContentLength(json.length);
        if (get) {
            response.getOutputStream().write(json);
        }
    }

    private static String state(boolean up) {
        return up ? "up" : "down";
    }
}
