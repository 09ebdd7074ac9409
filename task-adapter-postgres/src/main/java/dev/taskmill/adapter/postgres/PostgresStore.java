package dev.taskmill.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.ClusterView;
import dev.taskmill.application.port.out.TaskRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A connection pool to one PostgreSQL database whose schema is migrated to the current
 * version on opening, the {@link TaskRepository} on it, and the {@link ClusterSignals} by
 * which the nodes sharing it wake each other.
 */
public final class PostgresStore implements AutoCloseable {

    private final HikariDataSource pool;
    private final PostgresTaskRepository repository;
    private final PostgresClusterSignals signals;

    private final NodeWatch watch;
    private final PostgresClusterView cluster;
    private final UUID node;

    private PostgresStore(HikariDataSource pool, String url, String user, String password, int workers,
            Duration nodeTimeout, Clock clock) {
        UUID node = UUID.randomUUID();
        this.node = node;
        this.pool = pool;
        this.cluster = new PostgresClusterView(pool, nodeTimeout);
        // the watch is made next; nothing claims before the store is open
        this.repository = new PostgresTaskRepository(pool, node, clock, this::mayClaim);
        this.signals = new PostgresClusterSignals(pool, url, user, password, node);
        this.watch = new NodeWatch(pool, url, user, password, repository, node, workers, nodeTimeout, clock,
                signals::workReleasedHere, signals::taskEndedHere, signals::wakeHere, signals::othersAlive,
                signals::nodeLapsed);
        watch.start();
    }

    /** Whether this node may claim tasks: {@link NodeWatch#mayClaim}. */
    private boolean mayClaim() {
        return watch.mayClaim();
    }

    /**
     * Every statement on the store's connections runs on one plan per connection, made once,
     * with its parameters unknown: the repository's statements find their rows through the same
     * index whatever the values. Left to choose, PostgreSQL plans a statement anew for each of
     * its first executions on a connection, and may go on doing so for every execution when its
     * estimates favour that: a claim cost more to plan than to run. The listing, whose best
     * plan depends on the filter's values, asks for its own ({@link PostgresTaskRepository#find}).
     */
    static final String GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan";

    /** How long a call waits for a connection of the pool before it fails as {@code StoreUnavailableException}. */
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);

    /**
     * Connects, and applies the schema migrations this version has that the database lacks.
     *
     * @param poolSize the most connections this store opens
     * @param nodeTimeout how long a node may miss heartbeats before its running tasks end in
     *        error (it beats six times in this time)
     * @param clock the time a lost node's tasks end at
     * @throws StorageException if the database cannot be reached or migrated
     */
    public static PostgresStore open(String url, String user, String password, int poolSize, Duration nodeTimeout,
            Clock clock) {
        return open(url, user, password, poolSize, poolSize, nodeTimeout, clock);
    }

    /**
     * {@link #open(String, String, String, int, Duration, Clock)} for a server that runs
     * {@code workers} tasks at once, as its heartbeat tells the others (for the status page).
     */
    public static PostgresStore open(String url, String user, String password, int poolSize, int workers,
            Duration nodeTimeout, Clock clock) {
        return open(url, user, password, poolSize, workers, nodeTimeout, clock, null);
    }

    /**
     * {@link #open(String, String, String, int, int, Duration, Clock)}, whose connection pool
     * reports to {@code metrics} (HikariCP's own meters, {@code hikaricp_connections...} with
     * {@code pool="taskmill"}), unless it is {@code null}.
     */
    public static PostgresStore open(String url, String user, String password, int poolSize, int workers,
            Duration nodeTimeout, Clock clock, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(url, "url"));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("taskmill");
        config.setConnectionInitSql(GENERIC_PLANS);
        // a request waits this long for a connection before the store is taken as unreachable
        // and the client is told to come back (503), rather than the pool's default 30 s
        config.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        // prepared on the server at its first run, so planned once: the driver's default runs a
        // statement four times unnamed first, and each of those is planned
        config.addDataSourceProperty("prepareThreshold", "1");
        if (metrics != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("Cannot connect to " + url + ": " + rootMessage(e), e);
        }
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw new StorageException("Cannot migrate the schema of " + url + ": " + rootMessage(e), e);
        }
        try {
            return new PostgresStore(pool, url, user, password, workers, nodeTimeout, clock);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Brings the schema to this version's. */
    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:dev/taskmill/adapter/postgres/migration")
                .load()
                .migrate();
    }

    public TaskRepository repository() {
        return repository;
    }

    /** The servers on the database, for the status page. */
    public ClusterView cluster() {
        return cluster;
    }

    /**
     * The name this server goes by in {@link #cluster()}, such as {@code taskmill-1a2b3c4d}: its
     * workers are named after it, and so are the tasks they claim.
     */
    public String nodeName() {
        return PostgresClusterView.name(node);
    }

    /** How this node and the others on the database tell each other of new work and cancels. */
    public ClusterSignals signals() {
        return signals;
    }

    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        watch.close();
        signals.close();
        pool.close();
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
