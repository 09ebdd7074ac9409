package dev.taskmill.adapter.rest.openapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * {@code GET /openapi.json} and {@code GET /openapi.yaml}: the API's OpenAPI document, served
 * without a login (see {@link dev.taskmill.adapter.rest.auth.BasicAuthentication#PUBLIC_PATHS}):
 * it describes the routes and their bodies, and holds no task, user or setting.
 */
@Path("openapi.{format: json|yaml}")
@Tag(name = "document")
public final class OpenApiResource {

    static final String JSON = "application/json;charset=utf-8";
    static final String YAML = "application/yaml;charset=utf-8";

    private final Supplier<ApiDocument> build;
    private volatile ApiDocument document;

    /**
     * @param build makes the document, once, at its first request: generating it takes swagger
     *        a second or so, which a server's start need not wait for
     */
    public OpenApiResource(Supplier<ApiDocument> build) {
        this.build = build;
    }

    @GET
    @Produces({JSON, YAML})
    @SecurityRequirements
    @Operation(operationId = "getApiDocument", summary = "This OpenAPI 3.1 document",
            description = "The same document as JSON (openapi.json) or YAML (openapi.yaml); no login needed.")
    @ApiResponse(responseCode = "200", description = "The document", content = {
            @Content(mediaType = "application/json", schema = @Schema(types = "object")),
            @Content(mediaType = "application/yaml", schema = @Schema(types = "string"))})
    public Response get(@Parameter(description = "json or yaml", schema = @Schema(allowableValues = {"json", "yaml"}))
            @PathParam("format") String format) {
        ApiDocument document = document();
        return format.equals("yaml") ? Response.ok(document.yaml(), YAML).build()
                : Response.ok(document.json(), JSON).build();
    }

    private ApiDocument document() {
        ApiDocument built = document;
        if (built == null) {
            synchronized (this) {
                if (document == null) {
                    document = build.get();
                }
                built = document;
            }
        }
        return built;
    }
}
