package dev.taskmill.bench;

import java.util.List;

/** One benchmark scenario: it runs Taskmill and its baselines side by side and compares them. */
interface Scenario {

    /** A short name for {@code --only}, such as {@code engine-throughput}. */
    String id();

    /** Runs the scenario; most give one result, a scenario sharing its set-up between two gives two. */
    List<ScenarioResult> run(BenchSettings settings) throws Exception;
}
