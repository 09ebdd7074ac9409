package dev.taskmill.bench;

import java.util.Arrays;

/**
 * One measured quantity over the repeats of a scenario: the median, the smallest and the
 * largest sample, and the samples themselves.
 */
record Figure(String unit, double median, double min, double max, double[] samples) {

    static Figure of(String unit, double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("A figure needs at least one sample");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Figure(unit, median(sorted), sorted[0], sorted[sorted.length - 1], samples.clone());
    }

    /** The value at {@code quantile} (0 to 1) of {@code sorted}, by the nearest rank. */
    static double quantile(double[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
