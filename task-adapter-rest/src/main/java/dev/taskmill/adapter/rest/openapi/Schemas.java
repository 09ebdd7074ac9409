package dev.taskmill.adapter.rest.openapi;

import dev.taskmill.adapter.rest.resource.CallReport;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Schemas of bodies that no wire record describes: bodies answered outside Jersey (the health
 * checks'), or of routes being built (the task events). Only the document uses these types.
 */
public final class Schemas {

    private Schemas() {
    }

    /**
     * An event of {@code GET /v2/events/} (a server-sent event stream): its SSE {@code id} and
     * {@code event} fields, and as {@code data} the task's call report.
     */
    @Schema(name = "TaskEvent", description = "A server-sent event of GET /v2/events/: a task's change, with its"
            + " call report as data; or the stream's own reset or closed, with data {\"message\": ...} and no id")
    public record TaskEvent(
            @Schema(types = {"string", "null"},
                    description = "the event's id, which a client sends back as Last-Event-ID") String id,
            @Schema(allowableValues = {"submitted", "started", "progress", "ended", "requeued", "reset", "closed"})
            String event,
            @Schema(oneOf = {CallReport.class, Notice.class}) Object data) {
    }

    /** The data of a {@code reset} or {@code closed} event. */
    @Schema(name = "EventNotice", requiredProperties = "message",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Notice(@Schema(description = "what happened, and what the client is to do") String message) {
    }

    /** The body of {@code GET /health/live} and {@code GET /health/ready}. */
    @Schema(name = "Health", description = "A health check's answer", requiredProperties = "status",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record Health(
            @Schema(allowableValues = {"up", "down"}) String status,
            @Schema(description = "readiness only: each check") HealthChecks checks) {
    }

    /** Readiness's checks. */
    @Schema(name = "HealthChecks", requiredProperties = {"store", "workers", "accepting"},
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    public record HealthChecks(
            @Schema(allowableValues = {"up", "down"}, description = "the task store answers") String store,
            @Schema(allowableValues = {"up", "down"}, description = "every worker of this server takes tasks")
            String workers,
            @Schema(allowableValues = {"up", "down"}, description = "the server is not shutting down")
            String accepting) {
    }
}
