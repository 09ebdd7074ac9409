package dev.taskmill.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results as a plain-text table: one line per comparison, medians with their ranges. */
final class ResultsTable {

    private static final String[] HEADINGS = {"scenario", "metric", "Taskmill (median [min..max])",
        "baseline (median [min..max])", "ratio", "target", "met"};

    private ResultsTable() {
    }

    static String render(List<ScenarioResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (ScenarioResult result : results) {
            for (Comparison c : result.comparisons()) {
                rows.add(new String[] {result.id(), c.metric(), c.subject() + ": " + format(c.value()),
                    c.baseline() + ": " + format(c.baselineValue()), String.format(Locale.ROOT, "%.2f", c.ratio()),
                    c.target().text(), c.met() ? "yes" : "NO"});
            }
            result.figures().forEach((name, figure) -> rows.add(new String[] {result.id(), name,
                format(figure), "", "", "", ""}));
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                table.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", row[i]));
            }
            table.append('\n');
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    table.append(i == 0 ? "" : "-|-").append("-".repeat(widths[i]));
                }
                table.append('\n');
            }
        }
        return table.toString().stripTrailing();
    }

    static String format(Figure figure) {
        if (figure.samples().length == 1) {
            return number(figure.median()) + " " + figure.unit();
        }
        return number(figure.median()) + " [" + number(figure.min()) + ".." + number(figure.max()) + "] "
                + figure.unit();
    }

    private static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
