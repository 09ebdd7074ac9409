package dev.taskmill.app;

import dev.taskmill.adapter.memory.InMemoryTaskRepository;
import dev.taskmill.adapter.postgres.PostgresStore;
import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.ClusterView;
import dev.taskmill.application.port.out.TaskRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The task store a configuration names, and what closing it takes. */
final class Storage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    /** Connections beyond one per worker, for the HTTP requests and the engine's sweeps. */
    private static final int SPARE_CONNECTIONS = 8;

    private final TaskRepository repository;
    private final ClusterSignals signals;
    private final ClusterView cluster;
    private final String nodeName;
    private final AutoCloseable resources;

    private Storage(TaskRepository repository, ClusterSignals signals, ClusterView cluster, String nodeName,
            AutoCloseable resources) {
        this.repository = repository;
        this.signals = signals;
        this.cluster = cluster;
        this.nodeName = nodeName;
        this.resources = resources;
    }

    static Storage open(StoreConfig config, int workers, Clock clock) {
        return open(config, workers, clock, null);
    }

    /** @param metrics where the store's connection pool reports, or {@code null} */
    static Storage open(StoreConfig config, int workers, Clock clock, MeterRegistry metrics) {
        if (!config.postgres()) {
            // one server, alive while it answers
            String name = "taskmill-" + UUID.randomUUID().toString().substring(0, 8);
            ClusterView alone = () -> List.of(new ClusterView.Node(name, workers, clock.instant()));
            return new Storage(new InMemoryTaskRepository(), ClusterSignals.NONE, alone, name, () -> {
            });
        }
        String password = config.dbPasswordFile() == null ? null
                : SecretFile.read(config.dbPasswordFile(), "db password file");
        PostgresStore store = PostgresStore.open(config.dbUrl(), config.dbUser(), password, workers + SPARE_CONNECTIONS,
                workers, config.nodeTimeout(), clock, metrics);
        LOG.info("Tasks stored in PostgreSQL at {}", config.dbUrl());
        return new Storage(store.repository(), store.signals(), store.cluster(), store.nodeName(), store);
    }

    TaskRepository repository() {
        return repository;
    }

    /** The servers on the same store, for the status page. */
    ClusterView cluster() {
        return cluster;
    }

    /**
     * The name this server goes by in {@link #cluster()}: the engine names its workers after it,
     * so that a task's worker is one the status page lists.
     */
    String nodeName() {
        return nodeName;
    }

    /** How the engine reaches the other nodes on the same store. */
    ClusterSignals signals() {
        return signals;
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("Closing the task store failed", e);
        }
    }
}
