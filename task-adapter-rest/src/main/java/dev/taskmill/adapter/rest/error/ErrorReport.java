package dev.taskmill.adapter.rest.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.taskmill.adapter.rest.resource.ResourceClaimBody;
import java.util.List;

/**
 * The contract's error object, the body of every 4xx and 5xx response; {@link ErrorWriter}
 * makes every one.
 *
 * @param href the path of the request
 * @param reasons the conflicting claims of a rejected call; left out of other errors
 * @param callIndex which call of a task group was rejected, from 0; left out of other errors
 */
public record ErrorReport(
        int httpStatus,
        String httpRequestMethod,
        String errorMessage,
        String href,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ResourceClaimBody> reasons,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer callIndex) {
}
