package dev.taskmill.app;

import dev.taskmill.adapter.rest.MetricsSettings;
import dev.taskmill.adapter.rest.http.MetricsScrape;
import dev.taskmill.application.port.out.ClusterView;
import dev.taskmill.application.port.out.StoreUnavailableException;
import dev.taskmill.application.port.out.TaskChangeListener;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.TaskState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's meters, in one Prometheus registry that {@code GET /metrics} serves: the JVM's
 * (memory, GC, threads, classes, CPU, uptime), the tasks submitted and ended here with their
 * wait and run times ({@link TaskChangeMetrics}), the tasks waiting and running on the whole
 * store, on PostgreSQL the live nodes and the age of their last heartbeat (and the pool's,
 * which the store registers), and what the adapters register (HTTP requests, failed logins).
 *
 * <p>The store's figures are read once per scrape, at most once a second whatever the number
 * of scrapers: two counts an index answers, and the live nodes the status page reads.
 */
final class Metrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    /** How long the store's figures are reused, so that a flood of scrapes costs the store nothing more. */
    static final Duration SAMPLE_FOR = Duration.ofSeconds(1);
    /** Prometheus' text format, which every Prometheus server reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Clock clock;
    private final TaskChangeListener taskChanges = new TaskChangeMetrics(registry);
    private final List<Sample> samples = new ArrayList<>();
    private Instant sampledAt;

    Metrics(Clock clock) {
        this.clock = clock;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * What hears of the tasks this node stores, for {@code taskmill_tasks_submitted_total},
     * {@code taskmill_tasks_ended_total} and the wait and run histograms ({@link TaskChangeMetrics}).
     */
    TaskChangeListener taskChanges() {
        return taskChanges;
    }

    /** Where the adapters register their meters. */
    MeterRegistry registry() {
        return registry;
    }

    /** {@code taskmill_tasks_waiting} and {@code taskmill_tasks_running}: on the whole store, now. */
    void watchTasks(TaskRepository repository) {
        for (TaskState state : List.of(TaskState.WAITING, TaskState.RUNNING)) {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            Gauge.builder("taskmill.tasks." + state.wireName(), value, AtomicReference::get)
                    .description("Tasks " + state.wireName() + " now, on every server sharing the store")
                    .register(registry);
            samples.add(new Sample() {
                @Override
                public void take() {
                    value.set((double) repository.count(state));
                }

                @Override
                public void unknown() {
                    value.set(Double.NaN);
                }
            });
        }
    }

    /**
     * {@code taskmill_cluster_nodes} (the live servers on the store) and
     * {@code taskmill_cluster_node_heartbeat_age_seconds} by {@code node}: only the live ones,
     * so that the series of a server gone go with it.
     */
    void watchCluster(ClusterView cluster) {
        AtomicReference<Double> live = new AtomicReference<>(Double.NaN);
        Gauge.builder("taskmill.cluster.nodes", live, AtomicReference::get)
                .description("Servers alive on the store (their heartbeats within the node timeout)")
                .register(registry);
        MultiGauge ages = MultiGauge.builder("taskmill.cluster.node.heartbeat.age")
                .description("How long ago each live server last heartbeat").baseUnit("seconds")
                .register(registry);
        samples.add(new Sample() {
            @Override
            public void take() {
                List<ClusterView.Node> nodes = cluster.liveNodes();
                Instant now = clock.instant();
                live.set((double) nodes.size());
                List<MultiGauge.Row<?>> rows = new ArrayList<>(nodes.size());
                for (ClusterView.Node node : nodes) {
                    double age = Math.max(0, Duration.between(node.lastHeartbeat(), now).toMillis() / 1000.0);
                    rows.add(MultiGauge.Row.of(Tags.of("node", node.name()), age));
                }
                ages.register(rows, true);
            }

            @Override
            public void unknown() {
                live.set(Double.NaN);
                ages.register(List.of(), true);
            }
        });
    }

    /** What the REST adapter needs: the registry, the scrape and whether it needs a login. */
    MetricsSettings settings(boolean authenticate) {
        return new MetricsSettings(registry, new MetricsScrape() {
            @Override
            public String contentType() {
                return CONTENT_TYPE;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                sample();
                registry.scrape(out, CONTENT_TYPE);
            }
        }, authenticate);
    }

    /** Reads the store's figures, unless it did within {@link #SAMPLE_FOR}. */
    synchronized void sample() {
        Instant now = clock.instant();
        if (sampledAt != null && now.isBefore(sampledAt.plus(SAMPLE_FOR))) {
            return;
        }
        sampledAt = now;
        for (Sample sample : samples) {
            try {
                sample.take();
            } catch (StoreUnavailableException e) {
                LOG.debug("Metrics: the store cannot be reached: {}", e.getMessage());
                sample.unknown();
            } catch (RuntimeException e) {
                LOG.warn("Metrics: a figure of the store could not be read", e);
                sample.unknown();
            }
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** A figure read from the store at a scrape. */
    private interface Sample {
        void take();

        /** The store did not answer: the figure is unknown (NaN) until it does. */
        void unknown();
    }
}
