package dev.taskmill.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured: its comparisons with baselines and targets, and further
 * figures that have no target but explain the others.
 */
record ScenarioResult(String id, String title, List<Comparison> comparisons, Map<String, Figure> figures,
        List<String> notes) {

    ScenarioResult {
        comparisons = List.copyOf(comparisons);
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures)); // in the scenario's order
        notes = List.copyOf(notes);
    }

    /** Every comparison meets its target, and nothing counted as an error happened. */
    boolean met() {
        Figure errors = figures.get("errors");
        return comparisons.stream().allMatch(Comparison::met) && (errors == null || errors.max() == 0);
    }
}
