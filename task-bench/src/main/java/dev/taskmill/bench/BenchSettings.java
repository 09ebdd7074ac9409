package dev.taskmill.bench;

/**
 * How big and how long: the full run, or the quick one that keeps every scenario but shrinks
 * its counts and durations.
 *
 * @param warmups unmeasured rounds before the measured ones
 * @param repeats measured rounds; figures are their median, minimum and maximum
 */
record BenchSettings(boolean quick, int warmups, int repeats) {

    /** Taskmill's default {@code --workers}; every baseline gets the same number of threads. */
    static final int WORKERS = 4;

    static BenchSettings full() {
        return new BenchSettings(false, 2, 3);
    }

    static BenchSettings quickRun() {
        return new BenchSettings(true, 1, 3);
    }

    /** {@code full} in a full run, {@code quick} in a quick one. */
    int size(int full, int quick) {
        return this.quick ? quick : full;
    }
}
