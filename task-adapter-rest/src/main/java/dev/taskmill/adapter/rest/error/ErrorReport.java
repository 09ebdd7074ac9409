package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskmill.adapter.rest.resource.ResourceClaimBody;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The contract's error object, the body of every 4xx and 5xx response; {@link ErrorWriter}
 * makes every one.
 *
 * @param href the path of the request
 * @param reasons the conflicting claims of a rejected call; left out of other errors
 * @param callIndex which call of a task group was rejected, from 0; left out of other errors
 */
@Schema(name = "Error", description = "The error object, the body of every 4xx and 5xx response",
        requiredProperties = {"http_status", "http_request_method", "error_message", "href"},
        additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record ErrorReport(
        @Schema(minimum = "400", maximum = "599") int httpStatus,
        String httpRequestMethod,
        String errorMessage,
        @Schema(description = "the path of the request") String href,
        @Schema(description = "a rejected call's conflicting claims")
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ResourceClaimBody> reasons,
        @Schema(minimum = "0", description = "which call of a task group was rejected, from 0")
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer callIndex) {
}
