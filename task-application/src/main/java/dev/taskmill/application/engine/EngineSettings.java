package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterView;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param workers how many tasks run at the same time
 * @param retention how long terminal tasks stay queryable
 * @param node the name this server goes by on the status page, such as {@code taskmill-1a2b3c4d};
 *        its workers are named after it ({@link ClusterView#workerName}), and so are the tasks they run
 */
public record EngineSettings(int workers, Duration retention, String node) {

    public EngineSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        requireRetention(retention);
        Objects.requireNonNull(node, "node");
        if (node.isBlank()) {
            throw new IllegalArgumentException("the node has a name");
        }
    }

    /** The name of worker {@code n}, 1 to {@link #workers}. */
    public String workerName(int n) {
        if (n > workers) {
            throw new IllegalArgumentException("there are " + workers + " workers, not " + n);
        }
        return ClusterView.workerName(node, n);
    }

    /**
     * @return {@code retention}
     * @throws IllegalArgumentException unless it is positive
     */
    public static Duration requireRetention(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be a positive duration, not " + retention);
        }
        return retention;
    }
}
