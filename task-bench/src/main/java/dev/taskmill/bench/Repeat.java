package dev.taskmill.bench;

/** Runs a measurement the settings' number of times unmeasured, then the number of times measured. */
final class Repeat {

    /** One round of a measurement; returns its sample. */
    @FunctionalInterface
    interface Round {
        double measure() throws Exception;
    }

    private Repeat() {
    }

    static Figure figure(BenchSettings settings, String unit, Round round) throws Exception {
        return figure(settings.warmups(), settings.repeats(), unit, round);
    }

    static Figure figure(int warmups, int repeats, String unit, Round round) throws Exception {
        for (int i = 0; i < warmups; i++) {
            round.measure();
        }
        double[] samples = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            samples[i] = round.measure();
        }
        return Figure.of(unit, samples);
    }

    static void log(String format, Object... args) {
        System.err.printf("  " + format + "%n", args);
    }
}
