package dev.taskmill.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code taskmill} command: reads the options, starts the server and runs until SIGTERM. */
@Command(name = "taskmill", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        versionProvider = Main.Version.class, subcommands = UsersCommand.class,
        description = "Serves Pulp's v2 task-management API and runs the submitted calls.",
        footer = {"", "Each option may also be set through its environment variable; the option wins."})
public final class Main implements Callable<Integer> {

    /** Runs a server with validated settings; returns the exit code. */
    @FunctionalInterface
    interface Launcher {
        int launch(TaskmillConfig config) throws Exception;
    }

    private static final String ENV_PREFIX = "TASKMILL_";
    /** The admin password a first start uses instead of a random one. */
    static final String ADMIN_PASSWORD_VARIABLE = "TASKMILL_ADMIN_PASSWORD";
    private static final String DEFAULT_PORT = "8080";
    private static final String DEFAULT_BIND = "127.0.0.1";
    private static final String DEFAULT_WORKERS = "4";
    private static final String DEFAULT_API_ROOT = "/pulp/api";
    private static final String DEFAULT_RETENTION = "PT24H";
    /** Created in the working directory if missing, so that the server's own files stay outside it. */
    private static final String DEFAULT_DATA_DIR = "data";

    @Option(names = "--port", paramLabel = "PORT", defaultValue = DEFAULT_PORT,
            description = "TCP port to listen on, 0 for any free port."
                    + "%n  Env: TASKMILL_PORT. Default: " + DEFAULT_PORT + ".")
    private String port;

    @Option(names = "--bind", paramLabel = "HOST", defaultValue = DEFAULT_BIND,
            description = "Address to listen on (0.0.0.0 for every interface)."
                    + "%n  Env: TASKMILL_BIND. Default: " + DEFAULT_BIND + ".")
    private String bind;

    @Option(names = "--workers", paramLabel = "N", defaultValue = DEFAULT_WORKERS,
            description = "How many tasks run at the same time, 1 to " + TaskmillConfig.MAX_WORKERS + "."
                    + "%n  Env: TASKMILL_WORKERS. Default: " + DEFAULT_WORKERS + ".")
    private String workers;

    @Option(names = "--api-root", paramLabel = "PATH", defaultValue = DEFAULT_API_ROOT,
            description = "Path the API is served under."
                    + "%n  Env: TASKMILL_API_ROOT. Default: " + DEFAULT_API_ROOT + ".")
    private String apiRoot;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = DEFAULT_RETENTION,
            description = "How long finished tasks stay queryable (ISO-8601 duration, such as PT30M)."
                    + "%n  Env: TASKMILL_RETENTION. Default: " + DEFAULT_RETENTION + ".")
    private String retention;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DEFAULT_DATA_DIR,
            description = "Directory the digest operation reads files from; it never reads the users file,"
                    + " the TLS keystore or a password file, even inside it.%n  Env: TASKMILL_DATA_DIR.%n  Default: "
                    + DEFAULT_DATA_DIR + " in the working directory, created if missing.")
    private String dataDir;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "basic",
            description = "basic: every request needs a user of the users file (HTTP Basic);"
                    + " none: no authentication, allowed only on a loopback --bind address."
                    + "%n  Env: TASKMILL_AUTH. Default: basic.")
    private String auth;

    @Option(names = "--metrics-auth", paramLabel = "MODE", defaultValue = "basic",
            description = "basic: GET /metrics needs a user with the read permission (HTTP Basic), as the API;"
                    + " none: anyone may read the metrics.%n  Env: TASKMILL_METRICS_AUTH. Default: basic.")
    private String metricsAuth;

    @Option(names = "--users-file", paramLabel = "FILE", defaultValue = SecurityConfig.DEFAULT_USERS_FILE,
            description = "The users file; a first start creates it with user admin and prints its password"
                    + " (or uses TASKMILL_ADMIN_PASSWORD).%n  Env: TASKMILL_USERS_FILE. Default: "
                    + SecurityConfig.DEFAULT_USERS_FILE + " in the working directory.")
    private String usersFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Serve HTTPS (TLS 1.2 and 1.3) with the key and certificate in this PKCS12 file."
                    + "%n  Env: TASKMILL_TLS_KEYSTORE. Default: plain HTTP.")
    private String tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            description = "File whose one line is the keystore's password.%n  Env: TASKMILL_TLS_KEYSTORE_PASSWORD_FILE.")
    private String tlsKeystorePasswordFile;

    @Option(names = "--store", paramLabel = "STORE", defaultValue = "memory",
            description = "memory: tasks live in this process and end with it; postgres: in the PostgreSQL"
                    + " database of --db-url, shared by every node using it.%n  Env: TASKMILL_STORE. Default: memory.")
    private String store;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "JDBC URL of the database, such as jdbc:postgresql://127.0.0.1:5432/taskmill."
                    + "%n  Env: TASKMILL_DB_URL.")
    private String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user.%n  Env: TASKMILL_DB_USER.")
    private String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "File whose one line is the database user's password.%n  Env: TASKMILL_DB_PASSWORD_FILE.")
    private String dbPasswordFile;

    @Option(names = "--node-timeout", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "With --store postgres: how long a node may miss its heartbeats before the other nodes"
                    + " end its running tasks in error (ISO-8601).%n  Env: TASKMILL_NODE_TIMEOUT. Default: PT30S.")
    private String nodeTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "On SIGTERM: how long running tasks get to end before they are stopped (ISO-8601). A task"
                    + " stopped so goes back to waiting for another node when the store is postgres and its"
                    + " operation is safe to run again, and ends in error otherwise.%n"
                    + "  Env: TASKMILL_SHUTDOWN_GRACE. Default: PT30S.")
    private String shutdownGrace;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text: one line per event; json: one JSON object per line (time, level, logger, message,"
                    + " task_id while a task runs).%n  Env: TASKMILL_LOG_FORMAT. Default: text.")
    private String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "The least severe level logged: " + LogConfig.LEVELS + "; the audit lines and the"
                    + " access log are logged at any level.%n  Env: TASKMILL_LOG_LEVEL. Default: info.")
    private String logLevel;

    @Option(names = "--access-log", paramLabel = "BOOLEAN", defaultValue = "false", arity = "0..1",
            fallbackValue = "true",
            description = "Log every HTTP request (method, path, status, user, duration) on the logger"
                    + " taskmill.access.%n  Env: TASKMILL_ACCESS_LOG (true or false). Default: false.")
    private String accessLog;

    @Option(names = "--events-history", paramLabel = "N", defaultValue = "10000",
            description = "How many task events are kept for clients of GET /v2/events/ that resume with"
                    + " Last-Event-ID (1 to 1000000).%n  Env: TASKMILL_EVENTS_HISTORY. Default: 10000.")
    private String eventsHistory;

    @Option(names = "--events-max-lag", paramLabel = "N", defaultValue = "10000",
            description = "How many events may wait for a client of GET /v2/events/ that reads too slowly before"
                    + " its stream is closed (1 to 1000000).%n  Env: TASKMILL_EVENTS_MAX_LAG. Default: 10000.")
    private String eventsMaxLag;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    private final Launcher launcher;

    Main(Launcher launcher, Map<String, String> environment) {
        this.launcher = launcher;
        this.environment = environment;
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine(System.getenv(), Main::serve).execute(args));
    }

    /**
     * The command, reading unset options from {@code environment}; a bad value ends it with
     * one line on its error stream and exit code 2, a failed start with exit code 1.
     */
    static CommandLine commandLine(Map<String, String> environment, Launcher launcher) {
        CommandLine commandLine = new CommandLine(new Main(launcher, environment));
        commandLine.setDefaultValueProvider(argument -> fromEnvironment(environment, argument));
        commandLine.setParameterExceptionHandler((error, args) -> {
            error.getCommandLine().getErr().println("taskmill: " + oneLine(error.getMessage()) + " (see --help)");
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((error, command, parseResult) -> {
            String what = command.getCommand() instanceof Main ? "could not start: " : "";
            command.getErr().println("taskmill: " + what + oneLine(describe(error)));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        return launcher.launch(config());
    }

    /** The settings, each checked on its own so that an error names its option. */
    TaskmillConfig config() {
        String host = setting("--bind", bind, OptionValues::host);
        boolean metricsAuthenticate = setting("--metrics-auth", metricsAuth, Main::metricsAuthenticate);
        SecurityConfig security = setting("--auth", auth, mode -> security(mode, host))
                .withMetricsAuthenticate(metricsAuthenticate);
        return new TaskmillConfig(
                host,
                setting("--port", port, text -> TaskmillConfig.requirePort(OptionValues.integer(text))),
                setting("--workers", workers, text -> TaskmillConfig.requireWorkers(OptionValues.integer(text))),
                setting("--api-root", apiRoot, TaskmillConfig::requireApiRoot),
                setting("--retention", retention, text -> TaskmillConfig.requireRetention(OptionValues.duration(text))),
                setting("--data-dir", dataDir, text -> OptionValues.dataDirectory(text, DEFAULT_DATA_DIR)),
                security,
                setting("--store", store, this::store),
                setting("--shutdown-grace", shutdownGrace,
                        text -> TaskmillConfig.requireShutdownGrace(OptionValues.duration(text))),
                new LogConfig(setting("--log-format", logFormat, LogConfig.Format::parse),
                        setting("--log-level", logLevel, LogConfig::requireLevel),
                        setting("--access-log", accessLog, OptionValues::bool)),
                new EventsConfig(
                        setting("--events-history", eventsHistory,
                                text -> EventsConfig.require("events history", OptionValues.integer(text))),
                        setting("--events-max-lag", eventsMaxLag,
                                text -> EventsConfig.require("events max lag", OptionValues.integer(text)))));
    }

    private StoreConfig store(String kind) {
        Duration timeout = setting("--node-timeout", nodeTimeout,
                text -> StoreConfig.requireNodeTimeout(OptionValues.duration(text)));
        return switch (kind) {
            case "memory" -> new StoreConfig(false, dbUrl, dbUser, dbPasswordFile == null ? null
                    : Path.of(dbPasswordFile), timeout);
            case "postgres" -> new StoreConfig(true, dbUrl == null ? null : dbUrl.strip(), dbUser,
                    dbPasswordFile == null ? null : Path.of(dbPasswordFile.strip()), timeout);
            default -> throw new IllegalArgumentException("store is memory or postgres, not '" + kind + "'");
        };
    }

    private static boolean metricsAuthenticate(String mode) {
        return switch (mode) {
            case "basic" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("metrics auth is basic or none, not '" + mode + "'");
        };
    }

    private SecurityConfig security(String mode, String host) {
        boolean authenticate = switch (mode) {
            case "basic" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("auth is basic or none, not '" + mode + "'");
        };
        Path users = setting("--users-file", usersFile, Path::of);
        Path keystore = tlsKeystore == null ? null : setting("--tls-keystore", tlsKeystore, Path::of);
        Path keystorePassword = tlsKeystorePasswordFile == null ? null
                : setting("--tls-keystore-password-file", tlsKeystorePasswordFile, Path::of);
        String adminPassword = environment.get(ADMIN_PASSWORD_VARIABLE);
        SecurityConfig security;
        try {
            security = new SecurityConfig(authenticate, users,
                    adminPassword == null || adminPassword.isEmpty() ? null : adminPassword, keystore, keystorePassword);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid security setting: " + e.getMessage());
        }
        security.requireAllowedOn(host);
        return security;
    }

    /** Starts the server and keeps it running; a JVM shutdown hook (SIGTERM) stops it. */
    private static int serve(TaskmillConfig config) throws InterruptedException {
        Logging.configure(config.log());
        Taskmill taskmill = Taskmill.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(taskmill::close, "taskmill-shutdown"));
        new CountDownLatch(1).await();
        return CommandLine.ExitCode.OK;
    }

    private <T> T setting(String option, String text, Function<String, T> parse) {
        try {
            return parse.apply(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(),
                    "invalid " + option + " (" + environmentVariable(option) + "): " + e.getMessage());
        }
    }

    private static String fromEnvironment(Map<String, String> environment, ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String value = environment.get(environmentVariable(option.longestName()));
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code --api-root} is read from {@code TASKMILL_API_ROOT}. */
    static String environmentVariable(String option) {
        return ENV_PREFIX + option.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"taskmill " + (version == null ? "(development build)" : version)};
        }
    }
}
