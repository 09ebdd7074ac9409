package dev.taskmill.app.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.taskmill.adapter.rest.RestServer;
import dev.taskmill.adapter.rest.http.HealthChecks;
import dev.taskmill.adapter.rest.http.MetricsEndpoint;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.app.SecurityConfig;
import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.Taskmill;
import dev.taskmill.app.TaskmillConfig;
import dev.taskmill.app.contract.OpenApiSchemas.Route;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.domain.Permission;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document ({@code GET /pulp/api/openapi.json}) against the real server on the memory
 * store: it describes every route the server serves and no other, and every answer of every
 * route, errors included, is valid against the schema the document declares for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    private static final String ROOT = "/pulp/api";
    private static final String TASKS = ROOT + "/v2/tasks/";
    private static final String GROUPS = ROOT + "/v2/task_groups/";
    private static final String ADMIN_PASSWORD = "openapi-admin-password";
    /**
     * The routes the server answers outside Jersey ({@code RequestGate}, before Jersey), which
     * no JAX-RS resource model shows: a path the gate answers too is added here.
     */
    private static final List<Route> OUTSIDE_JERSEY = List.of(new Route("GET", HealthChecks.LIVE),
            new Route("GET", HealthChecks.READY), new Route("GET", MetricsEndpoint.PATH));

    @TempDir
    static Path dataDir;
    private Taskmill server;
    private URI root;
    private ApiClient api;
    private OpenApiSchemas document;
    /** The routes {@link #everyAnswerIsValidAgainstItsSchema} exercised, as the document names them. */
    private final Set<Route> exercised = new TreeSet<>();

    @BeforeAll
    void startServer() {
        server = Taskmill.start(new TaskmillConfig("127.0.0.1", 0, 4, ROOT, Duration.ofHours(1), dataDir,
                new SecurityConfig(true, dataDir.resolve("users.json"), ADMIN_PASSWORD, null, null),
                StoreConfig.memory()));
        root = server.baseUri().resolve("/");
        api = new ApiClient(root, "admin", ADMIN_PASSWORD);
        UserAdministration users = new UserAdministration(UsersFile.open(dataDir.resolve("users.json")));
        users.addUser("gail", "gail-password".toCharArray(), Set.of(Permission.CREATE));
        ApiClient.Reply reply = ApiClient.anonymous(root).get(ROOT + "/openapi.json");
        assertThat(reply.status()).as("the document needs no login").isEqualTo(200);
        document = new OpenApiSchemas(reply.body());
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void theDocumentDescribesExactlyTheRoutesTheServerServes() {
        TreeSet<Route> served = new TreeSet<>(OUTSIDE_JERSEY);
        for (Class<?> resource : RestServer.RESOURCES) {
            addRoutes(Resource.from(resource), ROOT, served);
        }
        TreeSet<Route> documented = new TreeSet<>();
        document.routes().forEach(route -> documented.add(route.bare()));

        TreeSet<Route> missing = new TreeSet<>(served);
        missing.removeAll(documented);
        TreeSet<Route> unknown = new TreeSet<>(documented);
        unknown.removeAll(served);
        assertThat(missing).as("routes served but missing from the document").isEmpty();
        assertThat(unknown).as("routes in the document that nothing serves").isEmpty();
        assertThat(served).as("the resource model was read").hasSizeGreaterThan(10);
    }

    @Test
    void theRoutesServedOutsideJerseyAnswer() {
        for (Route route : OUTSIDE_JERSEY) {
            assertThat(api.get(route.path()).status()).as(route.toString()).isEqualTo(200);
        }
    }

    @Test
    void theYamlDocumentIsTheJsonDocument() throws Exception {
        HttpResponse<String> yaml = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(root.resolve(ROOT + "/openapi.yaml")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type").orElse("")).startsWith("application/yaml");
        assertThat(new YAMLMapper().readTree(yaml.body())).isEqualTo(document.document());
        assertThat(document.document().get("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void theDocumentNamesTheSchemasOfTheApi() {
        JsonNode schemas = document.document().at("/components/schemas");
        assertThat(schemas.properties().stream().map(Map.Entry::getKey).toList()).contains("CallReport",
                "Error", "SubmitCall", "SearchRequest", "SearchCriteria", "SubmitTaskGroup", "TaskGroupReport",
                "StateSummary", "Status", "TaskEvent", "Health");
        JsonNode event = schemas.get("TaskEvent");
        assertThat(event.at("/properties/event/enum")).hasSize(7);
        assertThat(event.at("/properties/data/oneOf/0/$ref").asText()).isEqualTo("#/components/schemas/CallReport");
        assertThat(event.at("/properties/data/oneOf/1/$ref").asText()).isEqualTo("#/components/schemas/EventNotice");
        assertThat(document.operation("POST", "/v2/tasks/search/")
                .at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/SearchRequest");
        assertThat(document.problems(event, json("{\"id\": \"1\", \"event\": \"ended\", \"data\": "
                + api.submit(TasksApiContractTest.sleep(0, null, null)) + "}"))).as("an event of a new task").isEmpty();
        assertThat(document.problems(event, json("{\"id\": null, \"event\": \"reset\", \"data\": {\"message\": \"m\"}}")))
                .as("a reset").isEmpty();
        assertThat(document.problems(event, json("{\"id\": \"1\", \"event\": \"ended\", \"data\": {\"oops\": 1}}")))
                .as("data that is neither a report nor a notice").isNotEmpty();
    }

    @Test
    void theSchemaOfTheCallReport_refusesAWrongBody() {
        JsonNode report = api.submit(TasksApiContractTest.sleep(0, null, null)).deepCopy();
        JsonNode schema = document.operation("GET", "/v2/tasks/{id}/").at("/responses/200/content/application~1json/schema");
        assertThat(document.problems(schema, report)).isEmpty();

        List<JsonNode> wrong = new ArrayList<>();
        wrong.add(((ObjectNode) report.deepCopy()).put("state", "sleeping"));
        wrong.add(((ObjectNode) report.deepCopy()).put("surprise", 1));
        ObjectNode missingKey = report.deepCopy();
        missingKey.remove("task_id");
        wrong.add(missingKey);
        wrong.add(((ObjectNode) report.deepCopy()).put("start_time", "yesterday"));
        wrong.add(((ObjectNode) report.deepCopy()).put("tags", "not-a-list"));
        wrong.add(((ObjectNode) report.deepCopy()).putObject("error").put("code", 5));
        for (JsonNode body : wrong) {
            assertThat(document.problems(schema, body)).as("%s", body).isNotEmpty();
        }
        JsonNode error = json("{\"http_status\": 404, \"http_request_method\": \"GET\", \"href\": \"/x\"}");
        assertThat(document.problems("GET", "/v2/tasks/{id}/", 404, "application/json", error))
                .as("an error object without error_message").isNotEmpty();
        assertThat(document.problems("GET", "/v2/tasks/{id}/", 200, "text/html", report))
                .as("an undeclared content type").isNotEmpty();
    }

    @Test
    void theOpenOperationsAreThoseAnsweredWithoutALogin() {
        ApiClient anonymous = ApiClient.anonymous(root);
        for (Route route : document.routes()) {
            if (!route.method().equals("GET") || route.path().contains("{id}")) {
                continue;
            }
            String docPath = route.path().startsWith(ROOT) ? route.path().substring(ROOT.length()) : route.path();
            boolean open = document.operation("GET", docPath).path("security").isArray()
                    && document.operation("GET", docPath).path("security").isEmpty();
            String path = route.path().replace("{format}", "json");
            assertThat(anonymous.get(path).status() == 401).as("%s needs a login", route).isEqualTo(!open);
        }
    }

    @Test
    void everyAnswerIsValidAgainstItsSchema() throws Exception {
        // tasks: accepted, postponed, rejected, finished, failed, not cancellable
        String repo = "repo-" + UUID.randomUUID();
        String tag = "openapi-" + UUID.randomUUID();
        ApiClient.Reply accepted = check("POST", "/v2/tasks/", api.post(TASKS, TasksApiContractTest.sleep(0.3, repo,
                "update", tag)), 202);
        String id = accepted.body().get("task_id").asText();
        check("POST", "/v2/tasks/", api.post(TASKS, TasksApiContractTest.sleep(0, repo, "update", tag)), 202);
        String blocker = api.submit(TasksApiContractTest.sleep(30, repo + "-c", "create", tag)).get("task_id").asText();
        check("POST", "/v2/tasks/", api.post(TASKS, TasksApiContractTest.sleep(0, repo + "-c", "create")), 409);
        check("POST", "/v2/tasks/", api.post(TASKS, "{\"operation\": \"nope\"}"), 400);
        check("POST", "/v2/tasks/", api.post(TASKS, "{\"operation\": "), 400);
        check("POST", "/v2/tasks/", api.send(HttpRequest.newBuilder(root.resolve(TASKS))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x"))), 415);
        String failed = api.submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 0, \"fail_with\": \"disk full\"}}")
                .get("task_id").asText();
        api.awaitState(id, "finished");
        api.awaitState(failed, "error");
        check("GET", "/v2/tasks/{id}/", api.get(TASKS + id + "/"), 200);
        check("GET", "/v2/tasks/{id}/", api.get(TASKS + failed + "/"), 200);
        check("GET", "/v2/tasks/{id}/", api.get(TASKS + blocker + "/"), 200);
        check("GET", "/v2/tasks/{id}/", api.get(TASKS + UUID.randomUUID() + "/"), 404);

        // listings
        check("GET", "/v2/tasks/", api.get(TASKS), 200);
        ApiClient.Reply page = check("GET", "/v2/tasks/", api.get(TASKS + "?tag=" + tag + "&state=finished"
                + "&state=waiting&state=running&limit=1"), 200);
        assertThat(page.header("Link")).contains("rel=\"next\"");
        check("GET", "/v2/tasks/", api.get(TASKS + "?state=sleeping"), 400);
        check("GET", "/v2/tasks/", ApiClient.anonymous(root).get(TASKS), 401);

        // searches
        String search = TASKS + "search/";
        check("POST", "/v2/tasks/search/", api.post(search, "{\"criteria\": {\"filters\": {\"tags\": \"" + tag
                + "\"}, \"sort\": [[\"start_time\", \"descending\"]]}}"), 200);
        ApiClient.Reply cut = check("POST", "/v2/tasks/search/", api.post(search, "{\"criteria\": {\"filters\": "
                + "{\"task_id\": {\"$in\": [\"" + id + "\", \"" + failed + "\"]}}, \"fields\": [\"state\"]}}"), 200);
        assertThat(cut.body()).hasSize(2);
        check("POST", "/v2/tasks/search/", api.post(search, "{\"criteria\": {\"filters\": {\"nope\": 1}}}"), 400);
        check("GET", "/v2/tasks/search/", api.get(search + "?limit=5&field=state&field=tags"), 200);
        check("GET", "/v2/tasks/search/", api.get(search + "?filters=%7Bnot-json"), 400);

        // cancels
        String cancellable = api.submit(TasksApiContractTest.sleep(30, null, null)).get("task_id").asText();
        check("DELETE", "/v2/tasks/{id}/", api.delete(TASKS + cancellable + "/"), 200);
        check("DELETE", "/v2/tasks/{id}/", api.delete(TASKS + id + "/"), 200);
        String stubborn = api.submit("{\"operation\": \"sleep\", \"args\": {\"seconds\": 5, \"cancellable\": false}}")
                .get("task_id").asText();
        api.awaitState(stubborn, "running");
        check("DELETE", "/v2/tasks/{id}/", api.delete(TASKS + stubborn + "/"), 501);
        check("DELETE", "/v2/tasks/{id}/", api.delete(TASKS + UUID.randomUUID() + "/"), 404);

        // task groups
        ApiClient.Reply group = check("POST", "/v2/task_groups/", api.post(GROUPS, "{\"calls\": ["
                + TasksApiContractTest.sleep(0, null, null) + ", " + TasksApiContractTest.sleep(30, null, null)
                + "]}"), 202);
        String groupId = group.body().get("group_id").asText();
        check("GET", "/v2/task_groups/{id}/state_summary/", api.get(GROUPS + groupId + "/state_summary/"), 200);
        check("GET", "/v2/task_groups/{id}/state_summary/",
                api.get(GROUPS + UUID.randomUUID() + "/state_summary/"), 404);
        check("GET", "/v2/task_groups/{id}/state_summary/",
                new ApiClient(root, "gail", "gail-password").get(GROUPS + groupId + "/state_summary/"), 403);
        check("DELETE", "/v2/task_groups/{id}/", api.delete(GROUPS + groupId + "/"), 200);
        check("DELETE", "/v2/task_groups/{id}/", api.delete(GROUPS + UUID.randomUUID() + "/"), 404);
        check("POST", "/v2/task_groups/", api.post(GROUPS, "{\"calls\": [" + TasksApiContractTest.sleep(0, null, null)
                + ", " + TasksApiContractTest.sleep(0, repo + "-c", "create") + "]}"), 409);
        check("POST", "/v2/task_groups/", api.post(GROUPS, "{\"calls\": []}"), 400);
        api.delete(TASKS + blocker + "/");

        // the open pages
        check("GET", "/v2/status/", ApiClient.anonymous(root).get(ROOT + "/v2/status/"), 200);
        check("GET", "/health/live", ApiClient.anonymous(root).get("/health/live"), 200);
        check("GET", "/health/ready", ApiClient.anonymous(root).get("/health/ready"), 200);
        check("GET", "/openapi.{format}", ApiClient.anonymous(root).get(ROOT + "/openapi.json"), 200);
        // the document's errors are the API's: JSON error objects, never HTML
        check("GET", "/openapi.{format}", ApiClient.anonymous(root).send(HttpRequest.newBuilder(
                root.resolve(ROOT + "/openapi.json")).header("Accept", "text/html").GET()), 406);
        check("GET", "/openapi.{format}", api.get(ROOT + "/openapi.xml"), 404);
        check("GET", "/openapi.{format}", api.post(ROOT + "/openapi.json", "{}"), 405);

        // the metrics: Prometheus's text, and the API's login
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(root.resolve("/metrics")).header("Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(document.problems("GET", "/metrics", 200, metrics.headers().firstValue("Content-Type").orElse(null),
                com.fasterxml.jackson.databind.node.TextNode.valueOf(metrics.body()))).isEmpty();
        exercised.add(new Route("GET", "/metrics"));
        check("GET", "/metrics", ApiClient.anonymous(root).get("/metrics"), 401);

        // the stream of events: each event, as {id, event, data}, against the stream's schema
        String eventsTag = "openapi-events-" + UUID.randomUUID();
        try (EventStream stream = EventStream.open(root.resolve(ROOT + "/v2/events/?tag=" + eventsTag), "admin",
                ADMIN_PASSWORD, null); EventStream reset = EventStream.open(root.resolve(ROOT + "/v2/events/"),
                        "admin", ADMIN_PASSWORD, "no-such-event")) {
            String followed = api.submit(TasksApiContractTest.sleep(0.1, null, null, eventsTag)).get("task_id").asText();
            List<EventStream.Event> events = stream.until(event -> event.name().equals("ended"), Duration.ofSeconds(10));
            events.add(reset.next(Duration.ofSeconds(10)));
            assertThat(events).extracting(EventStream.Event::name).contains("submitted", "started", "ended", "reset");
            for (EventStream.Event event : events) {
                ObjectNode asJson = new ObjectMapper().createObjectNode().put("id", event.id()).put("event", event.name());
                asJson.set("data", event.data());
                assertThat(document.problems("GET", "/v2/events/", 200, stream.contentType(), asJson))
                        .as("event %s of %s", asJson, followed).isEmpty();
            }
            exercised.add(new Route("GET", "/v2/events/"));
        }
        check("GET", "/v2/events/", api.get(ROOT + "/v2/events/?state=sleeping"), 400);
        check("GET", "/v2/events/", ApiClient.anonymous(root).get(ROOT + "/v2/events/"), 401);

        // errors Jersey answers: an unknown method on a route
        check("DELETE", "/v2/tasks/", api.delete(TASKS), 405);

        TreeSet<Route> untested = new TreeSet<>(document.routes());
        untested.removeIf(route -> exercised.stream().anyMatch(done -> done.method().equals(route.method())
                && route.path().endsWith(done.path())));
        assertThat(untested).as("routes whose answers no request checked").isEmpty();
    }

    /**
     * Checks the answer's status, and its body against the schema the document declares for
     * {@code method} on {@code path} (a key of the document's paths) and that status.
     */
    private ApiClient.Reply check(String method, String path, ApiClient.Reply reply, int status) {
        assertThat(reply.status()).as("%s %s: %s", method, path, reply.body()).isEqualTo(status);
        String declaredMethod = method;
        if (status == 405) {
            // the route's other operations say what its errors look like
            declaredMethod = "GET";
        }
        assertThat(document.problems(declaredMethod, path, status, reply.header("Content-Type"), reply.body()))
                .as("%s %s answered %s: %s", method, path, status, reply.body()).isEmpty();
        if (status != 405) {
            exercised.add(new Route(method, path));
        }
        return reply;
    }

    private static void addRoutes(Resource resource, String prefix, Set<Route> routes) {
        String path = join(prefix, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            routes.add(new Route(method.getHttpMethod(), path).bare());
        }
        for (Resource child : resource.getChildResources()) {
            addRoutes(child, path, routes);
        }
    }

    /** Joins paths as Jersey does, each template's regular expression dropped ({@code {format: json|yaml}}). */
    private static String join(String prefix, String path) {
        String bare = path == null ? "" : path.replaceAll("\\{\\s*([^:}\\s]+)\\s*:[^}]*}", "{$1}");
        String joined = (prefix + "/" + bare).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
