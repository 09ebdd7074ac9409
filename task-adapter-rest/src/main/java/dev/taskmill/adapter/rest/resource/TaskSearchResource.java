package dev.taskmill.adapter.rest.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.taskmill.domain.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.taskmill.application.port.in.SearchCriteria;
import dev.taskmill.application.port.in.SearchTasksUseCase;
import dev.taskmill.domain.Task;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /v2/tasks/search/}: Pulp 2's task search. {@code POST} takes {@code {"criteria": {...}}},
 * {@code GET} the same criteria as query parameters ({@code filters} and {@code sort} as JSON text,
 * {@code skip}, {@code limit}, {@code field} repeated). The answer is a bare array of call reports,
 * each cut to the {@code fields} asked for (and {@code task_id} and {@code _href}) when some are.
 * {@link SearchCriteria} reads the criteria; this resource reads the wire and {@code fields}.
 */
@Path("v2/tasks/search")
@Tag(name = "tasks")
@Produces(MediaType.APPLICATION_JSON + ";charset=utf-8")
public final class TaskSearchResource {

    private static final List<String> BODY_KEYS = List.of("criteria");
    private static final List<String> PARAMETERS = List.of("field", "filters", "limit", "skip", "sort");
    /** The OpenAPI schema of a report the search answers with, full or cut to {@code fields}. */
    private static final String SEARCHED_CALL_REPORT = "#/components/schemas/SearchedCallReport";
    /** Keys every report keeps, whatever {@code fields} says. */
    private static final List<String> ALWAYS = List.of("task_id", "_href");

    private final SearchTasksUseCase search;
    private final ObjectMapper mapper;
    private final String apiRoot;
    /** The keys of a call report, as the wire names them. */
    private final Set<String> reportKeys;

    public TaskSearchResource(SearchTasksUseCase search, ObjectMapper mapper, String apiRoot) {
        this.search = search;
        this.mapper = mapper;
        this.apiRoot = apiRoot;
        Set<String> keys = new TreeSet<>();
        for (BeanPropertyDefinition property : mapper.getSerializationConfig()
                .introspect(mapper.constructType(CallReport.class)).findProperties()) {
            keys.add(property.getName());
        }
        this.reportKeys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "searchTasks", summary = "Search tasks",
            description = "Pulp 2's task search: ended tasks are found too. A user without read finds only "
                    + "the tasks they submitted.")
    @ApiResponse(responseCode = "200", description = "The matching call reports, [] when none",
            content = @Content(array = @ArraySchema(schema = @Schema(ref = SEARCHED_CALL_REPORT))))
    @ApiResponse(responseCode = "400", description = "Criteria outside the language (the message names what), "
            + "or more than 10,000 matches without a limit")
    public List<Object> searchByBody(@RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = SearchBody.SearchRequest.class)))
            Map<String, Object> body, @Context Caller caller) {
        if (body == null) {
            throw InvalidRequestException.badRequest("The request body must be one JSON object: {\"criteria\": {...}}");
        }
        for (String key : body.keySet()) {
            if (!BODY_KEYS.contains(key)) {
                throw InvalidRequestException.badRequest("Unknown key '" + key + "' in the request body; known keys: "
                        + String.join(", ", BODY_KEYS));
            }
        }
        Object criteria = body.get("criteria");
        if (criteria == null) {
            criteria = Map.of();
        }
        if (!(criteria instanceof Map<?, ?> given)) {
            throw InvalidRequestException.badRequest("'criteria' must be an object");
        }
        Map<String, Object> rest = new LinkedHashMap<>();
        given.forEach((key, value) -> rest.put((String) key, value));
        Object fields = rest.remove("fields");
        return answer(rest, fields == null ? null : fields(fields), caller);
    }

    @GET
    @Operation(operationId = "searchTasksByQuery", summary = "Search tasks, the criteria as query parameters",
            description = "The criteria of POST /v2/tasks/search/ as query parameters: filters and sort as JSON "
                    + "text, field repeated for each report key to keep.")
    @Parameter(name = "filters", in = ParameterIn.QUERY, description = "the criteria's filters, as JSON text",
            schema = @Schema(types = "string"), example = "{\"state\": \"error\"}")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "the criteria's sort, as JSON text",
            schema = @Schema(types = "string"), example = "[[\"start_time\", \"descending\"]]")
    @Parameter(name = "skip", in = ParameterIn.QUERY, schema = @Schema(types = "integer", minimum = "0"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "0 or none for every match",
            schema = @Schema(types = "integer", minimum = "0", maximum = "10000"))
    @Parameter(name = "field", in = ParameterIn.QUERY, description = "a report key to keep",
            array = @ArraySchema(schema = @Schema(types = "string")))
    @ApiResponse(responseCode = "200", description = "The matching call reports, [] when none",
            content = @Content(array = @ArraySchema(schema = @Schema(ref = SEARCHED_CALL_REPORT))))
    @ApiResponse(responseCode = "400", description = "An unknown or repeated parameter, JSON that does not parse, "
            + "criteria outside the language")
    public List<Object> searchByQuery(@Context UriInfo uriInfo, @Context Caller caller) {
        MultivaluedMap<String, String> query = uriInfo.getQueryParameters();
        Map<String, Object> criteria = new LinkedHashMap<>();
        for (String name : new TreeSet<>(query.keySet())) {
            if (!PARAMETERS.contains(name)) {
                throw InvalidRequestException.badRequest("Unknown query parameter '" + name
                        + "'; accepted parameters: " + String.join(", ", PARAMETERS));
            }
            if (!name.equals("field") && query.get(name).size() > 1) {
                throw InvalidRequestException.badRequest("Query parameter '" + name + "' may be given only once");
            }
        }
        for (String name : List.of("filters", "sort")) {
            if (query.containsKey(name)) {
                criteria.put(name, json(name, query.getFirst(name)));
            }
        }
        for (String name : List.of("skip", "limit")) {
            if (query.containsKey(name)) {
                criteria.put(name, query.getFirst(name));
            }
        }
        List<String> fields = query.get("field");
        return answer(criteria, fields == null ? null : fields(fields), caller);
    }

    private List<Object> answer(Map<String, Object> criteria, Set<String> fields, Caller caller) {
        List<Task> found = search.search(caller, SearchCriteria.parse(criteria));
        List<Object> reports = new ArrayList<>(found.size());
        for (Task task : found) {
            CallReport report = CallReport.fromDomain(task, apiRoot);
            if (fields == null) {
                reports.add(report);
            } else {
                Map<String, Object> whole = mapper.convertValue(report, Map.class);
                Map<String, Object> cut = new LinkedHashMap<>();
                whole.forEach((key, value) -> {
                    if (fields.contains(key)) {
                        cut.put(key, value);
                    }
                });
                reports.add(cut);
            }
        }
        return reports;
    }

    /** The report keys {@code value} names, with those every report keeps. */
    private Set<String> fields(Object value) {
        if (!(value instanceof List<?> names)) {
            throw InvalidRequestException.badRequest("'fields' must be an array of report keys");
        }
        Set<String> fields = new LinkedHashSet<>(ALWAYS);
        for (Object name : names) {
            if (!(name instanceof String key) || !reportKeys.contains(key)) {
                throw InvalidRequestException.badRequest("Unknown field " + (name instanceof String ? "'" + name + "'"
                        : String.valueOf(name)) + " in 'fields'; report keys: " + String.join(", ", reportKeys));
            }
            fields.add(key);
        }
        return fields;
    }

    private Object json(String name, String text) {
        try {
            return mapper.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.badRequest("Query parameter '" + name + "' must be JSON: "
                    + e.getOriginalMessage());
        }
    }
}
