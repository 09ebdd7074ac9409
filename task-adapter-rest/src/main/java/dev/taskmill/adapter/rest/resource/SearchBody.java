package dev.taskmill.adapter.rest.resource;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v2/tasks/search/} as the OpenAPI document describes it.
 * {@link TaskSearchResource} reads it as plain JSON values, which
 * {@link dev.taskmill.application.port.in.SearchCriteria} reads in turn; only the document uses
 * these types.
 */
final class SearchBody {

    private SearchBody() {
    }

    /** The body of {@code POST /v2/tasks/search/}. */
    @Schema(name = "SearchRequest", description = "Pulp 2's search body; other keys are refused",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record SearchRequest(SearchCriteria criteria) {
    }

    /** Pulp 2's search criteria, as {@code SearchCriteria} reads them. */
    @Schema(name = "SearchCriteria", description = "Pulp 2's search criteria; other keys are refused",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record SearchCriteria(
            @Schema(description = "MongoDB's query language as Pulp 2 used it: {\"field\": value} or "
                    + "{\"field\": {\"$op\": value}}, with $eq, $ne, $in, $nin, $exists, $gt, $gte, $lt, $lte, "
                    + "$regex ($options \"i\"), $all and $not; $and, $or, $nor combine filters. Fields: "
                    + "task_id (id), state, tags, task_type, worker_name, task_group_id (job_id), schedule_id, "
                    + "start_time, finish_time, response",
                    example = "{\"tags\": \"team:ops\", \"state\": {\"$in\": [\"waiting\", \"running\"]}}")
            Map<String, Object> filters,
            @ArraySchema(schema = @Schema(types = {"array", "string"},
                    description = "a field, or [field] or [field, \"ascending\" or \"descending\"]"),
                    arraySchema = @Schema(description = "keys to order by, in turn; without, oldest first"))
            List<Object> sort,
            @Schema(minimum = "0", description = "how many matches to skip") Long skip,
            @Schema(minimum = "0", maximum = "10000", description = "at most this many; 0 or none for every match "
                    + "(a 400 when more than 10,000 match)") Long limit,
            @Schema(description = "report keys to keep (task_id and _href are always kept)") List<String> fields) {
    }
}
