package dev.taskmill.application.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param workers how many tasks run at the same time
 * @param retention how long terminal tasks stay queryable
 */
public record EngineSettings(int workers, Duration retention) {

    public EngineSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        requireRetention(retention);
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
