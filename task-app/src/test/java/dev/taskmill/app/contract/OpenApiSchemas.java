package dev.taskmill.app.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * An OpenAPI 3.1 document as tests read it: its routes, and the schema it declares for each
 * route's answers, checked with a JSON Schema validator (networknt, OpenAPI 3.1's dialect of
 * JSON Schema 2020-12, formats asserted).
 */
final class OpenApiSchemas {

    /** A route: the method and the path from the server's root, as a template ({@code /pulp/api/v2/tasks/{id}/}). */
    record Route(String method, String path) implements Comparable<Route> {
        /** The same route without a trailing slash, which Jersey serves alike. */
        Route bare() {
            return path.length() > 1 && path.endsWith("/") ? new Route(method, path.substring(0, path.length() - 1)) : this;
        }

        @Override
        public int compareTo(Route other) {
            return (path + " " + method).compareTo(other.path + " " + other.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;

    OpenApiSchemas(JsonNode document) {
        this.document = document;
    }

    JsonNode document() {
        return document;
    }

    /** Every route the document describes, each path from the server's root (its servers' URL before it). */
    TreeSet<Route> routes() {
        TreeSet<Route> routes = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    routes.add(new Route(method.toUpperCase(Locale.ROOT), prefix(path.getValue()) + path.getKey()));
                }
            }
        }
        return routes;
    }

    /** The operation of {@code method} on {@code path}, a key of the document's paths. */
    JsonNode operation(String method, String path) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) {
            throw new AssertionError("the document has no " + method + " " + path + "; paths: "
                    + document.get("paths").properties().stream().map(Map.Entry::getKey).toList());
        }
        return operation;
    }

    /**
     * What is wrong with an answer, by the document: empty when its body is valid against the
     * schema declared for the route, the status (or {@code default}) and the content type.
     */
    List<String> problems(String method, String path, int status, String contentType, JsonNode body) {
        JsonNode responses = operation(method, path).get("responses");
        JsonNode response = responses.has(String.valueOf(status)) ? responses.get(String.valueOf(status))
                : responses.get("default");
        if (response == null) {
            return List.of("no response " + status + " nor default declared for " + method + " " + path);
        }
        String mediaType = contentType == null ? null : contentType.split(";")[0].strip();
        JsonNode media = response.path("content").path(String.valueOf(mediaType));
        if (media.isMissingNode()) {
            return List.of("content type " + contentType + " not declared for " + status + " of " + method + " "
                    + path);
        }
        return problems(media.get("schema"), body);
    }

    /** What is wrong with {@code body} by {@code schema}, a schema of this document (its references resolved in it). */
    List<String> problems(JsonNode schema, JsonNode body) {
        // the schema alone, with the document's component schemas as its $defs
        ObjectNode standalone = schema.deepCopy();
        standalone.set("$defs", document.path("components").path("schemas"));
        Schema validator = REGISTRY.getSchema(reparse(standalone.toString().replace("\"#/components/schemas/",
                "\"#/$defs/")));
        return validator.validate(body).stream().map(Error::toString).toList();
    }

    private static JsonNode reparse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String prefix(JsonNode pathItem) {
        JsonNode servers = pathItem.has("servers") ? pathItem.get("servers") : document.get("servers");
        String url = servers.get(0).get("url").asText();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
