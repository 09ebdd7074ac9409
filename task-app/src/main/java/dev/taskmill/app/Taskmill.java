package dev.taskmill.app;

import dev.taskmill.adapter.memory.InMemoryTaskRepository;
import dev.taskmill.adapter.rest.RestServer;
import dev.taskmill.adapter.rest.RestSettings;
import dev.taskmill.adapter.rest.TaskUseCases;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.service.CancelTaskService;
import dev.taskmill.application.service.EngineSettings;
import dev.taskmill.application.service.GetTaskService;
import dev.taskmill.application.service.ListTasksService;
import dev.taskmill.application.service.OperationCatalog;
import dev.taskmill.application.service.SubmitCallService;
import dev.taskmill.application.service.TaskEngine;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds and starts a whole Taskmill server, and stops it. */
public final class Taskmill implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Taskmill.class);
    // Running operations get this long to stop. The HTTP server takes at most 5 s to stop
    // before them, so a SIGTERM ends the process well within its 10 seconds.
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);

    private final RestServer server;
    private final TaskEngine engine;
    private final TaskUseCases useCases;
    private final URI baseUri;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Taskmill(RestServer server, TaskEngine engine, TaskUseCases useCases, URI baseUri) {
        this.server = server;
        this.engine = engine;
        this.useCases = useCases;
        this.baseUri = baseUri;
    }

    /**
     * Wires the operations found on the class path, the in-memory store, the engine and the
     * REST adapter, and starts them.
     *
     * @throws java.io.UncheckedIOException if the HTTP server cannot listen, such as when the port is taken
     */
    public static Taskmill start(TaskmillConfig config) {
        Clock clock = Clock.systemUTC();
        OperationCatalog operations = OperationCatalog.load(Taskmill.class.getClassLoader());
        OperationEnvironment environment = new OperationEnvironment(config.dataDir());
        TaskRepository repository = new InMemoryTaskRepository();
        TaskEngine engine = new TaskEngine(repository, operations, environment, clock,
                new EngineSettings(config.workers(), config.retention()));
        engine.start();
        TaskUseCases useCases = new TaskUseCases(
                new SubmitCallService(repository, operations, environment, engine, clock),
                new GetTaskService(repository),
                new ListTasksService(repository),
                new CancelTaskService(repository, engine, clock));
        RestServer server;
        try {
            server = RestServer.start(new RestSettings(config.bind(), config.port(), config.apiRoot()), useCases);
        } catch (RuntimeException e) {
            engine.shutdown(SHUTDOWN_GRACE);
            throw e;
        }
        URI baseUri = server.baseUri();
        LOG.info("Operations: {}; {} workers; data dir {}", String.join(", ", operations.names()), config.workers(),
                config.dataDir());
        LOG.info("Taskmill listening on {}", baseUri);
        return new Taskmill(server, engine, useCases, baseUri);
    }

    /** Where the API is served, such as {@code http://127.0.0.1:8080/pulp/api/}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The inbound ports the HTTP API calls, for a program that runs Taskmill in its own JVM. */
    public TaskUseCases useCases() {
        return useCases;
    }

    /** Stops the HTTP server, then tells running operations to stop and waits for them briefly. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Taskmill stopping");
        try {
            server.close();
        } finally {
            engine.shutdown(SHUTDOWN_GRACE);
        }
        LOG.info("Taskmill stopped");
    }
}
