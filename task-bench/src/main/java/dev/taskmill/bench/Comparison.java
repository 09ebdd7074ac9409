package dev.taskmill.bench;

/**
 * One line of the results: a figure of Taskmill's beside its baseline's from the same run,
 * their ratio (of the medians), and the target that ratio must meet.
 *
 * @param ratio {@code subject.median / baseline.median}, or the inverse where the target says so
 */
record Comparison(String metric, String subject, Figure value, String baseline, Figure baselineValue,
        double ratio, Target target) {

    /** The ratio of the medians, {@code subject / baseline}. */
    static Comparison of(String metric, String subject, Figure value, String baseline, Figure baselineValue,
            Target target) {
        return new Comparison(metric, subject, value, baseline, baselineValue,
                value.median() / baselineValue.median(), target);
    }

    /** The ratio of the medians turned round, {@code baseline / subject}: for times, where less is better. */
    static Comparison inverse(String metric, String subject, Figure value, String baseline, Figure baselineValue,
            Target target) {
        return new Comparison(metric, subject, value, baseline, baselineValue,
                baselineValue.median() / value.median(), target);
    }

    boolean met() {
        return target.isMetBy(ratio);
    }

    /** What a ratio must be: at least or at most a bound. */
    record Target(boolean atLeast, double bound, String text) {

        static Target atLeast(double bound, String text) {
            return new Target(true, bound, text);
        }

        static Target atMost(double bound, String text) {
            return new Target(false, bound, text);
        }

        boolean isMetBy(double ratio) {
            return atLeast ? ratio >= bound : ratio <= bound;
        }
    }
}
