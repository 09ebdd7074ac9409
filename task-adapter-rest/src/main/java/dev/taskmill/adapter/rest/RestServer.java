package dev.taskmill.adapter.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskmill.adapter.rest.auth.BasicAuthentication;
import dev.taskmill.adapter.rest.auth.CallerParameter;
import dev.taskmill.adapter.rest.error.ErrorBodies;
import dev.taskmill.adapter.rest.error.ErrorMapper;
import dev.taskmill.adapter.rest.error.ErrorReport;
import dev.taskmill.adapter.rest.error.ErrorWriter;
import dev.taskmill.adapter.rest.http.AccessLog;
import dev.taskmill.adapter.rest.http.BodySizeLimit;
import dev.taskmill.adapter.rest.http.ClientConnections;
import dev.taskmill.adapter.rest.http.HealthChecks;
import dev.taskmill.adapter.rest.http.HttpMetrics;
import dev.taskmill.adapter.rest.http.JsonErrorPages;
import dev.taskmill.adapter.rest.http.MetricsEndpoint;
import dev.taskmill.adapter.rest.http.RequestGate;
import dev.taskmill.adapter.rest.http.RequestTiming;
import dev.taskmill.adapter.rest.internal.DeclineUpgrades;
import dev.taskmill.adapter.rest.internal.JsonCodecErrors;
import dev.taskmill.adapter.rest.openapi.ApiDocument;
import dev.taskmill.adapter.rest.openapi.OpenApiResource;
import dev.taskmill.adapter.rest.openapi.RootPath;
import dev.taskmill.adapter.rest.openapi.Schemas;
import dev.taskmill.adapter.rest.resource.StatusResource;
import dev.taskmill.adapter.rest.resource.SubmitCallRequestReader;
import dev.taskmill.adapter.rest.resource.TaskCollectionResource;
import dev.taskmill.adapter.rest.resource.CallReportWriter;
import dev.taskmill.adapter.rest.resource.EncodedEvents;
import dev.taskmill.adapter.rest.resource.EncodedReports;
import dev.taskmill.adapter.rest.resource.TaskEventsResource;
import dev.taskmill.adapter.rest.resource.TaskGroupResource;
import dev.taskmill.adapter.rest.resource.TaskResource;
import dev.taskmill.adapter.rest.resource.TaskSearchResource;
import dev.taskmill.adapter.rest.resource.WireObjectMapper;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.hk2.utilities.binding.AbstractBinder;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;

/** The tasks API over HTTP: Jersey on Grizzly, mounted at the API root. */
public final class RestServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RestServer.class.getName());
    private static final long GRACE_SECONDS = 3;
    /** The most bytes written to a connection and not yet sent that Grizzly holds; a write past it waits. */
    static final int MAX_PENDING_BYTES = 1 << 20;

    /** The JAX-RS resources the server registers, each served by one instance; the OpenAPI document is read from them. */
    public static final Set<Class<?>> RESOURCES = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(TaskResource.class,
            TaskCollectionResource.class, StatusResource.class, TaskSearchResource.class, TaskGroupResource.class,
            TaskEventsResource.class, OpenApiResource.class)));

    /**
     * The paths the server answers outside Jersey, at its root, as the OpenAPI document describes
     * them; a new one (a handler the gate asks before Jersey) adds its entry here.
     */
    public static final List<RootPath> ROOT_PATHS = List.of(HealthChecks.LIVE_PATH, HealthChecks.READY_PATH,
            MetricsEndpoint.DOCUMENTED);

    private final HttpServer server;
    private final TaskEventsResource events;
    private final ClientConnections clientConnections;
    private final URI baseUri;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RestServer(HttpServer server, TaskEventsResource events, ClientConnections clientConnections, URI baseUri, int port) {
        this.server = server;
        this.events = events;
        this.clientConnections = clientConnections;
        this.baseUri = baseUri;
        this.port = port;
    }

    /**
     * Starts the server and returns once it is listening.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static RestServer start(RestSettings settings, TaskUseCases useCases) {
        return start(settings, useCases, null);
    }

    /**
     * Starts the server with its metrics, and returns once it is listening.
     *
     * @param metrics where the HTTP requests and failed logins are counted and what {@code GET /metrics}
     *        answers, or {@code null} for no metrics
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static RestServer start(RestSettings settings, TaskUseCases useCases, MetricsSettings metrics) {
        HttpMetrics httpMetrics = metrics == null ? null : new HttpMetrics(metrics.registry(), settings.apiRoot());
        ObjectMapper mapper = WireObjectMapper.create();
        String scheme = settings.tls() == null ? "http" : "https";
        URI mount = uri(scheme, settings.bindAddress(), settings.port(), settings.apiRoot());
        TaskEventsResource events = new TaskEventsResource(useCases.events(), mapper, settings.apiRoot());
        ClientConnections clientConnections = new ClientConnections();
        HttpServer server;
        try {
            server = serve(settings, useCases, metrics, httpMetrics, mapper, mount, events, clientConnections);
        } catch (RuntimeException e) {
            events.close();
            clientConnections.close();
            throw e;
        }
        int port = server.getListeners().iterator().next().getPort();
        URI baseUri = uri(scheme, clientHost(settings.bindAddress()), port, settings.apiRoot());
        return new RestServer(server, events, clientConnections, baseUri, port);
    }

    /** The server set up and listening. */
    private static HttpServer serve(RestSettings settings, TaskUseCases useCases, MetricsSettings metrics,
            HttpMetrics httpMetrics, ObjectMapper mapper, URI mount, TaskEventsResource events,
            ClientConnections clientConnections) {
        GrizzlyHttpContainer jersey = ContainerFactory.createContainer(GrizzlyHttpContainer.class,
                application(settings.apiRoot(), useCases, mapper, events, clientConnections, httpMetrics));
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(mount, jersey, settings.tls() != null,
                settings.tls() == null ? null : tls(settings.tls()), false);
        ErrorWriter errors = new ErrorWriter(mapper);
        JsonErrorPages errorPages = new JsonErrorPages(errors);
        ServerConfiguration configuration = server.getServerConfiguration();
        // the gate takes Jersey's place at the API root, and answers every other path as well
        configuration.removeHttpHandler(jersey);
        MetricsEndpoint metricsEndpoint = metrics == null ? null : new MetricsEndpoint(metrics.scrape(),
                metrics.authenticate() ? useCases.authenticate() : null, httpMetrics);
        RequestGate gate = new RequestGate(jersey, settings.apiRoot(), errorPages,
                new HealthChecks(useCases.health(), mapper), metricsEndpoint, httpMetrics);
        configuration.addHttpHandler(gate, gate.mappings());
        configuration.setDefaultErrorPageGenerator(errorPages);
        // each request timed once, for the access log (off unless the logger taskmill.access is:
        // --access-log) and the meters
        configuration.getMonitoringConfig().getWebServerConfig().addProbes(new RequestTiming(
                httpMetrics == null ? List.of(new AccessLog()) : List.of(new AccessLog(), httpMetrics)));
        // else Grizzly answers a GET or DELETE that carries a body with a bare 400 of its own
        configuration.setAllowPayloadForUndefinedHttpMethods(true);
        for (NetworkListener listener : server.getListeners()) {
            // without a bound, Grizzly queues whatever a response writes for a client that does not read,
            // without end: a stream of events would grow in memory rather than fall behind and be closed
            listener.setMaxPendingBytes(MAX_PENDING_BYTES);
            listener.setDefaultErrorPageGenerator(errorPages);
            listener.registerAddOn(new JsonCodecErrors(errors, configuration.isAllowPayloadForUndefinedHttpMethods()));
            listener.registerAddOn(new DeclineUpgrades());
        }
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new UncheckedIOException("Cannot listen on " + settings.bindAddress() + ":" + settings.port(), e);
        }
        return server;
    }

    /** The API root as clients reach it, such as {@code http://127.0.0.1:8080/pulp/api/}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The port the server listens on, the real one when a free port was asked for. */
    public int port() {
        return port;
    }

    /** Stops taking requests and lets running ones finish for a few seconds, then stops hard. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.shutdown(GRACE_SECONDS, TimeUnit.SECONDS).get(GRACE_SECONDS + 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Tasks API did not stop gracefully; stopping now", e);
        } finally {
            events.close();
            clientConnections.close();
            // a graceful shutdown only closes the listeners; this also destroys the handlers, so
            // that Jersey's application (and through it the use cases) can be collected
            server.shutdownNow();
        }
    }

    private static ResourceConfig application(String apiRoot, TaskUseCases useCases, ObjectMapper mapper,
            TaskEventsResource events, ClientConnections clientConnections, HttpMetrics httpMetrics) {
        CallReportWriter reportWriter = new CallReportWriter(mapper);
        TaskResource task = new TaskResource(useCases.get(), useCases.waitFor(), useCases.cancel(),
                new EncodedReports(reportWriter, apiRoot));
        TaskCollectionResource collection = new TaskCollectionResource(useCases.list(), useCases.submit(), apiRoot);
        StatusResource status = new StatusResource(useCases.status());
        OpenApiResource document = new OpenApiResource(() -> ApiDocument.build(apiRoot, RESOURCES, ROOT_PATHS,
                List.of(ErrorReport.class, Schemas.TaskEvent.class, Schemas.Health.class)));
        TaskSearchResource search = new TaskSearchResource(useCases.search(), mapper, apiRoot);
        TaskGroupResource groups = new TaskGroupResource(useCases.submitGroup(), useCases.summarizeGroup(),
                useCases.cancelGroup(), apiRoot);
        ResourceConfig application = new ResourceConfig();
        if (httpMetrics != null) {
            application.register(httpMetrics.routeNaming()); // names each request's route once it is matched
        }
        return application
                // resources registered as classes, each served by its one bound instance: Jersey
                // warns about resource instances registered directly (Jersey issue 3700)
                .registerClasses(RESOURCES)
                .register(new AbstractBinder() {
                    @Override
                    protected void configure() {
                        bind(task).to(TaskResource.class);
                        bind(collection).to(TaskCollectionResource.class);
                        bind(status).to(StatusResource.class);
                        bind(search).to(TaskSearchResource.class);
                        bind(groups).to(TaskGroupResource.class);
                        bind(events).to(TaskEventsResource.class);
                        bind(document).to(OpenApiResource.class);
                        // a resource method's @Context Caller: the request's authenticated caller
                        bind(new CallerParameter()).to(ValueParamProvider.class);
                        // a resource method's @Context ClientConnection: the request's, watched while it waits
                        bind(clientConnections).to(ValueParamProvider.class);
                    }
                })
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new WireObjectMapper(mapper))
                .register(reportWriter)
                .register(new SubmitCallRequestReader(mapper))
                .register(new BasicAuthentication(useCases.authenticate(), httpMetrics))
                .register(new BodySizeLimit())
                .register(new EncodedEvents.Writer())
                .register(new ErrorBodies())
                .register(new ErrorMapper())
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                .property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
    }

    private static URI uri(String scheme, String host, int port, String apiRoot) {
        String literal = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return UriBuilder.fromUri("http://localhost/").scheme(scheme).host(literal).port(port).path(apiRoot + "/")
                .build();
    }

    /** Server mode, no client certificates, TLS 1.2 and 1.3 only. */
    private static SSLEngineConfigurator tls(TlsSettings tls) {
        SSLEngineConfigurator engine = new SSLEngineConfigurator(tls.sslContext(), false, false, false);
        engine.setEnabledProtocols(TlsSettings.PROTOCOLS.clone());
        return engine;
    }

    /** A wildcard bind address accepts connections but is no address to connect to. */
    private static String clientHost(String bindAddress) {
        return switch (bindAddress) {
            case "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0" -> "localhost";
            default -> bindAddress;
        };
    }
}
