package dev.taskmill.app;

import dev.taskmill.adapter.rest.RestServer;
import dev.taskmill.adapter.rest.RestSettings;
import dev.taskmill.adapter.rest.TaskUseCases;
import dev.taskmill.adapter.rest.TlsSettings;
import dev.taskmill.adapter.usersfile.UsersFile;
import dev.taskmill.application.engine.EngineSettings;
import dev.taskmill.application.engine.TaskEngine;
import dev.taskmill.application.port.in.AuthenticateUseCase;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.service.CancelTaskGroupService;
import dev.taskmill.application.service.CancelTaskService;
import dev.taskmill.application.service.GetTaskService;
import dev.taskmill.application.service.HealthService;
import dev.taskmill.application.service.ListTasksService;
import dev.taskmill.application.service.OpenAccess;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.service.PasswordAuthentication;
import dev.taskmill.application.service.SearchTasksService;
import dev.taskmill.application.service.StatusService;
import dev.taskmill.application.service.SubmitCallService;
import dev.taskmill.application.service.SubmitTaskGroupService;
import dev.taskmill.application.service.TaskEventsService;
import dev.taskmill.application.service.TaskGroupSummaryService;
import dev.taskmill.application.service.UserAdministration;
import dev.taskmill.application.service.WaitForTaskService;
import dev.taskmill.domain.Permission;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds and starts a whole Taskmill server, and stops it. */
public final class Taskmill implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Taskmill.class);
    /** The threads that read and time the waits for tasks' ends. */
    private static final int WAIT_THREADS = 2;
    /** The user a first start creates. */
    public static final String ADMIN = "admin";

    private final RestServer server;
    private final TaskEngine engine;
    private final WaitForTaskService waitForTask;
    private final ExecutorService waits;
    private final TaskEventsService events;
    private final Storage storage;
    private final Metrics metrics;
    private final TaskUseCases useCases;
    private final URI baseUri;
    private final Duration shutdownGrace;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Taskmill(RestServer server, TaskEngine engine, WaitForTaskService waitForTask, ExecutorService waits,
            TaskEventsService events, Storage storage, Metrics metrics, TaskUseCases useCases, URI baseUri,
            Duration shutdownGrace) {
        this.events = events;
        this.server = server;
        this.waitForTask = waitForTask;
        this.waits = waits;
        this.metrics = metrics;
        this.shutdownGrace = shutdownGrace;
        this.engine = engine;
        this.storage = storage;
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
        OperationEnvironment environment = new OperationEnvironment(config.dataDir(), config.secretFiles());
        Metrics metrics = new Metrics(clock);
        Storage storage;
        try {
            storage = Storage.open(config.store(), config.workers(), clock, metrics.registry());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        TaskRepository repository = storage.repository();
        metrics.watchTasks(repository);
        if (config.store().postgres()) {
            metrics.watchCluster(storage.cluster());
        }
        TaskEngine engine = new TaskEngine(repository, operations, environment, clock,
                new EngineSettings(config.workers(), config.retention(), storage.nodeName()), storage.signals(),
                new MdcTaskLogContext(), List.of(metrics.taskChanges()));
        engine.start();
        // the reads and timers of every wait for a task's end: a few threads, whatever the number of waits
        ScheduledThreadPoolExecutor waits = new ScheduledThreadPoolExecutor(WAIT_THREADS,
                TaskEngine.namedThreads("taskmill-wait-"));
        waits.setRemoveOnCancelPolicy(true);
        WaitForTaskService waitForTask = new WaitForTaskService(repository, engine.feed(), waits);
        TaskEventsService events = new TaskEventsService(engine.feed(), config.events().history(),
                config.events().maxLag());
        RestServer server;
        TaskUseCases useCases;
        try {
            useCases = new TaskUseCases(
                    new SubmitCallService(repository, operations, environment, engine, clock),
                    new GetTaskService(repository),
                    new ListTasksService(repository),
                    new CancelTaskService(repository, engine, clock),
                    authentication(config.security(), clock),
                    new StatusService(storage.cluster(), version()),
                    new SearchTasksService(repository),
                    new SubmitTaskGroupService(repository, operations, environment, engine, clock),
                    new TaskGroupSummaryService(repository),
                    new CancelTaskGroupService(repository, engine, clock),
                    new HealthService(storage.cluster(), engine),
                    waitForTask,
                    events);
            server = RestServer.start(new RestSettings(config.bind(), config.port(), config.apiRoot(),
                    tls(config.security())), useCases, metrics.settings(config.security().metricsAuthenticate()));
        } catch (RuntimeException e) {
            events.close();
            waits.shutdownNow();
            engine.close();
            storage.close();
            metrics.close();
            throw e;
        }
        if (!config.security().metricsAuthenticate()) {
            LOG.warn("The metrics are open (--metrics-auth none): whoever can connect may read GET /metrics");
        }
        URI baseUri = server.baseUri();
        LOG.info("Operations: {}; {} workers of node {}; data dir {}", String.join(", ", operations.names()),
                config.workers(), storage.nodeName(), config.dataDir());
        LOG.info("Taskmill listening on {}", baseUri);
        return new Taskmill(server, engine, waitForTask, waits, events, storage, metrics, useCases, baseUri,
                config.shutdownGrace());
    }

    /**
     * HTTP Basic against the users file, which a first start creates with user {@code admin}
     * holding every permission; or nobody in particular when authentication is off.
     */
    private static AuthenticateUseCase authentication(SecurityConfig security, Clock clock) {
        if (!security.authenticate()) {
            LOG.warn("Authentication is off (--auth none): whoever can connect may read, submit and cancel tasks");
            return new OpenAccess();
        }
        UsersFile users = UsersFile.open(security.usersFile());
        if (!users.exists()) {
            boolean generated = security.initialAdminPassword() == null;
            String password = generated ? randomPassword() : security.initialAdminPassword();
            new UserAdministration(users).addUser(ADMIN, password.toCharArray(), EnumSet.allOf(Permission.class));
            LOG.info("Created users file {} with user '{}' holding every permission", users.path(), ADMIN);
            if (generated) {
                // once, on the console only: the file keeps nothing but its hash
                System.out.println("Initial admin password: " + password);
                System.out.flush();
            }
        }
        LOG.info("Authentication: HTTP Basic, {} users in {}", users.all().size(), users.path());
        return new PasswordAuthentication(users, clock);
    }

    /** This build's version, from the jar's Maven descriptor; {@code development} when run from classes. */
    static String version() {
        try (InputStream descriptor = Taskmill.class.getResourceAsStream(
                "/META-INF/maven/dev.taskmill/task-app/pom.properties")) {
            if (descriptor != null) {
                Properties properties = new Properties();
                properties.load(descriptor);
                return properties.getProperty("version", "development");
            }
        } catch (IOException e) {
            LOG.debug("No version in the jar's Maven descriptor", e);
        }
        return "development";
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** How many waits for a task's end ({@code GET .../?wait=}) the engine holds now. */
    public int waitCount() {
        return engine.waitCount();
    }

    private static TlsSettings tls(SecurityConfig security) {
        if (security.tlsKeystore() == null) {
            return null;
        }
        return new TlsSettings(security.tlsKeystore(),
                SecretFile.read(security.tlsKeystorePasswordFile(), "TLS keystore password file").toCharArray());
    }

    /** Where the API is served, such as {@code http://127.0.0.1:8080/pulp/api/}. */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * The name this server goes by on the status page, such as {@code taskmill-1a2b3c4d}: its
     * workers are named after it ({@code taskmill-1a2b3c4d-1} and on), and so are the tasks they run.
     */
    public String nodeName() {
        return storage.nodeName();
    }

    /** The inbound ports the HTTP API calls, for a program that runs Taskmill in its own JVM. */
    public TaskUseCases useCases() {
        return useCases;
    }

    /**
     * Answers the waits for tasks' ends, ends the streams of task events, stops the HTTP server, then lets running tasks end within
     * the shutdown grace and stops the rest ({@link TaskEngine#shutdown}), then lets go of the store.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Taskmill stopping");
        try {
            waitForTask.answerAllNow(); // answered as the HTTP server stops, not cut off
            events.close(); // each stream's last event says the server stops
            server.close();
        } finally {
            waits.shutdownNow();
            try {
                engine.shutdown(shutdownGrace);
            } finally {
                try {
                    storage.close();
                } finally {
                    metrics.close();
                }
            }
        }
        LOG.info("Taskmill stopped");
    }
}
