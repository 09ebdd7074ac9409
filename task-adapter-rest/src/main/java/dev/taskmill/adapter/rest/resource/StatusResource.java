package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.taskmill.application.port.in.GetStatusUseCase.ServerStatus;
import dev.taskmill.application.port.in.GetStatusUseCase;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v2/status/}: Pulp 2's status page, served without a login (see
 * {@link dev.taskmill.adapter.rest.auth.BasicAuthentication#PUBLIC_PATHS}). It tells the
 * version, whether the store answers and the live servers' workers; nothing of tasks, users
 * or the configuration.
 */
@Path("v2/status")
@Tag(name = "status")
@Produces(MediaType.APPLICATION_JSON + ";charset=utf-8")
public final class StatusResource {

    /** Pulp 2's {@code api_version}. */
    static final String API_VERSION = "2";

    private final GetStatusUseCase status;

    public StatusResource(GetStatusUseCase status) {
        this.status = status;
    }

    @GET
    @SecurityRequirements
    @Operation(operationId = "getStatus", summary = "Pulp 2's status page",
            description = "The version, whether the task store answers, and the workers of every live server. "
                    + "No login needed; credentials sent with it are not checked.")
    @ApiResponse(responseCode = "200", description = "The status",
            content = @Content(schema = @Schema(implementation = StatusBody.class)))
    public StatusBody get() {
        ServerStatus now = status.status();
        // the store carries the servers' messages too (LISTEN/NOTIFY): both connections are one
        Map<String, Boolean> connected = Map.of("connected", now.storeConnected());
        return new StatusBody(API_VERSION, Map.of("platform_version", now.version()), connected, connected,
                now.workers().stream().map(worker -> new KnownWorker(worker.name(), "workers",
                        WireTime.format(worker.lastHeartbeat()))).toList());
    }

    /** The status page's body. */
    @Schema(name = "Status", description = "Pulp 2's status page")
    public record StatusBody(String apiVersion, Map<String, String> versions, Map<String, Boolean> databaseConnection,
            Map<String, Boolean> messagingConnection, List<KnownWorker> knownWorkers) {
    }

    /** A worker as Pulp 2 listed it: its name as {@code _id}, in the namespace {@code workers}. */
    @Schema(name = "KnownWorker", description = "A worker of a live server")
    public record KnownWorker(@JsonProperty("_id") String id, @JsonProperty("_ns") String namespace,
            @Schema(format = "date-time") String lastHeartbeat) {
    }
}
