package dev.taskmill.adapter.rest.http;

import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import dev.taskmill.adapter.rest.error.ErrorMapper;
import dev.taskmill.application.port.in.AuthenticateUseCase;
import dev.taskmill.application.port.in.AuthenticationFailedException;
import dev.taskmill.application.port.in.RetryLaterException;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.adapter.rest.openapi.ApiDocument;
import dev.taskmill.adapter.rest.openapi.RootPath;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;

/**
 * {@code GET /metrics}, at the server's root whatever the API root: every meter in the
 * Prometheus text format. Answered before Jersey, as the health checks are; protected as the
 * API is (HTTP Basic, a user with {@code read}; the same login throttling, failed logins
 * counted alike), unless the server was told to serve it to anyone.
 */
public final class MetricsEndpoint {

    /** Where the metrics are served. */
    public static final String PATH = "/metrics";
    private static final io.swagger.v3.oas.models.media.Schema<?> ERROR =
            new io.swagger.v3.oas.models.media.Schema<>().$ref(ApiDocument.ref("Error"));
    /** {@link #PATH} in the OpenAPI document. */
    public static final RootPath DOCUMENTED = RootPath.get(PATH, new Operation()
            .operationId("getMetrics").addTagsItem("operations").summary("Metrics in the Prometheus text format")
            .description("At the server's root whatever the API root. Needs a user with read, as the API does,"
                    + " unless the server runs with --metrics-auth none.")
            .responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                    .description("The metrics, in the Prometheus text format 0.0.4")
                    .content(new Content().addMediaType("text/plain",
                            new MediaType().schema(new StringSchema()))))
                    .addApiResponse("401", ApiDocument.errorResponse("No or wrong credentials", ERROR))
                    .addApiResponse("403", ApiDocument.errorResponse("A user without read", ERROR))
                    .addApiResponse("429", ApiDocument.errorResponse("Too many failed logins of this user", ERROR))
                    .addApiResponse("503", ApiDocument.errorResponse("The password checks are at their limit",
                            ERROR))));

    private final MetricsScrape scrape;
    private final AuthenticateUseCase authenticate;
    private final HttpMetrics metrics;

    /**
     * @param authenticate who may read the metrics, or {@code null} to serve them to anyone
     * @param metrics where failed logins are counted
     */
    public MetricsEndpoint(MetricsScrape scrape, AuthenticateUseCase authenticate, HttpMetrics metrics) {
        this.scrape = scrape;
        this.authenticate = authenticate;
        this.metrics = metrics;
    }

    /** Whether {@code path} (with or without a trailing slash) is the metrics'. */
    static boolean isMetricsPath(String path) {
        return path.equals(PATH) || path.equals(PATH + "/");
    }

    /** Answers a request for the metrics' path; {@code GET} and {@code HEAD} only. */
    void answer(Request request, Response response, JsonErrorPages errorPages) throws IOException {
        if (!errorPages.getOrHead(request, response)) {
            return;
        }
        boolean get = request.getMethod().getMethodString().equals("GET");
        if (authenticate != null && !allowed(request, response, errorPages)) {
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        scrape.writeTo(body);
        response.setStatus(200);
        response.setContentType(scrape.contentType());
        response.setHeader(Header.CacheControl, "no-store");
        response.setContentLength(body.size());
        if (get) {
            body.writeTo(response.getOutputStream());
        }
    }

    /** Whether the request's user may read the metrics; if not, answers it as the API would. */
    private boolean allowed(Request request, Response response, JsonErrorPages errorPages) throws IOException {
        List<String> authorization = new ArrayList<>(1);
        request.getHeaders(Header.Authorization.toString()).forEach(authorization::add);
        try {
            Caller caller = BasicAuthentication.authenticate(authenticate, authorization, metrics);
            if (caller.name() != null) {
                request.setAttribute(BasicAuthentication.USER_PROPERTY, caller.name());
            }
            caller.require(Permission.READ, "read the metrics");
            return true;
        } catch (AuthenticationFailedException | AccessDeniedException | RetryLaterException e) {
            // refused as the API refuses: the error package's statuses and headers
            errorPages.send(request, response, ErrorMapper.statusAndHeaders(e, response::setHeader), e.getMessage());
        }
        return false;
    }
}
