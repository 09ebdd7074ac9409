package dev.taskmill.app;

import dev.taskmill.application.engine.EngineSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated settings of one Taskmill server.
 *
 * @param bind the address the HTTP server listens on
 * @param port the TCP port, 0 for any free port
 * @param workers how many tasks run at the same time
 * @param apiRoot the path the API is served under, such as {@code /pulp/api} (no trailing slash)
 * @param retention how long terminal tasks stay queryable
 * @param dataDir the directory operations that read files are confined to (absolute)
 * @param security authentication and TLS
 * @param store where tasks are stored
 * @param shutdownGrace how long running tasks get to end when the server stops, before they are stopped
 * @param log how the server logs
 * @param events the streams of task events
 */
public record TaskmillConfig(String bind, int port, int workers, String apiRoot, Duration retention, Path dataDir,
        SecurityConfig security, StoreConfig store, Duration shutdownGrace, LogConfig log, EventsConfig events) {

    /** How long running tasks get to end when the server stops, unless told otherwise. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public static final int MAX_PORT = 65_535;
    public static final int MAX_WORKERS = 1024;

    private static final Pattern API_ROOT = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public TaskmillConfig {
        bind = requireBind(bind);
        port = requirePort(port);
        workers = requireWorkers(workers);
        apiRoot = requireApiRoot(apiRoot);
        retention = requireRetention(retention);
        dataDir = requireDataDir(dataDir);
        Objects.requireNonNull(security, "security").requireAllowedOn(bind);
        Objects.requireNonNull(store, "store");
        shutdownGrace = requireShutdownGrace(shutdownGrace);
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(events, "events");
    }

    /** Streams events as {@link EventsConfig#DEFAULT} says. */
    public TaskmillConfig(String bind, int port, int workers, String apiRoot, Duration retention, Path dataDir,
            SecurityConfig security, StoreConfig store, Duration shutdownGrace, LogConfig log) {
        this(bind, port, workers, apiRoot, retention, dataDir, security, store, shutdownGrace, log,
                EventsConfig.DEFAULT);
    }

    /** Logs as {@link LogConfig#DEFAULT} says. */
    public TaskmillConfig(String bind, int port, int workers, String apiRoot, Duration retention, Path dataDir,
            SecurityConfig security, StoreConfig store, Duration shutdownGrace) {
        this(bind, port, workers, apiRoot, retention, dataDir, security, store, shutdownGrace, LogConfig.DEFAULT);
    }

    /** Tasks in {@code store}, and {@link #DEFAULT_SHUTDOWN_GRACE}. */
    public TaskmillConfig(String bind, int port, int workers, String apiRoot, Duration retention, Path dataDir,
            SecurityConfig security, StoreConfig store) {
        this(bind, port, workers, apiRoot, retention, dataDir, security, store, DEFAULT_SHUTDOWN_GRACE);
    }

    /** The same settings with {@code grace} for running tasks at shutdown. */
    public TaskmillConfig withShutdownGrace(Duration grace) {
        return new TaskmillConfig(bind, port, workers, apiRoot, retention, dataDir, security, store, grace, log,
                events);
    }

    /** The same settings with {@code streams} for the streams of task events. */
    public TaskmillConfig withEvents(EventsConfig streams) {
        return new TaskmillConfig(bind, port, workers, apiRoot, retention, dataDir, security, store, shutdownGrace,
                log, streams);
    }

    /** Tasks in memory. */
    public TaskmillConfig(String bind, int port, int workers, String apiRoot, Duration retention, Path dataDir,
            SecurityConfig security) {
        this(bind, port, workers, apiRoot, retention, dataDir, security, StoreConfig.memory());
    }

    /**
     * The server's credentials, which no operation may read even when they lie in the data
     * directory: the users file, the TLS keystore and its password file, the database password file.
     */
    public Set<Path> secretFiles() {
        Set<Path> files = new HashSet<>();
        files.add(security.usersFile());
        if (security.tlsKeystore() != null) {
            files.add(security.tlsKeystore());
            files.add(security.tlsKeystorePasswordFile());
        }
        if (store.dbPasswordFile() != null) {
            files.add(store.dbPasswordFile());
        }
        return Set.copyOf(files);
    }

    static String requireBind(String bind) {
        Objects.requireNonNull(bind, "bind");
        if (bind.isBlank() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("bind address must be a host name or IP address, not '" + bind + "'");
        }
        return bind;
    }

    static int requirePort(int port) {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be between 0 and " + MAX_PORT + ", not " + port);
        }
        return port;
    }

    static int requireWorkers(int workers) {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be between 1 and " + MAX_WORKERS + ", not " + workers);
        }
        return workers;
    }

    /** The API root without its trailing slash; {@code /pulp/api/} becomes {@code /pulp/api}. */
    static String requireApiRoot(String apiRoot) {
        Objects.requireNonNull(apiRoot, "apiRoot");
        String root = apiRoot.endsWith("/") ? apiRoot.substring(0, apiRoot.length() - 1) : apiRoot;
        if (!API_ROOT.matcher(root).matches()) {
            throw new IllegalArgumentException("api root must be a path such as /pulp/api (letters, digits, . _ ~ -"
                    + " between slashes), not '" + apiRoot + "'");
        }
        return root;
    }

    static Duration requireRetention(Duration retention) {
        return EngineSettings.requireRetention(retention);
    }

    static Duration requireShutdownGrace(Duration grace) {
        Objects.requireNonNull(grace, "shutdownGrace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative, not " + grace);
        }
        return grace;
    }

    static Path requireDataDir(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("data dir must be an existing directory, not '" + dataDir + "'");
        }
        return dataDir.toAbsolutePath().normalize();
    }
}
