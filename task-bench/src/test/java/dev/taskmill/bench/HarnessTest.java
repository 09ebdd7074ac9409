package dev.taskmill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's arithmetic and parsing; the scenarios themselves run in bench/run.sh. */
class HarnessTest {

    @Test
    void givenSamples_figure_givesMedianMinAndMax() {
        Figure odd = Figure.of("ms", 5, 1, 3);
        Figure even = Figure.of("ms", 4, 1, 3, 2);

        assertThat(odd.median()).isEqualTo(3);
        assertThat(odd.min()).isEqualTo(1);
        assertThat(odd.max()).isEqualTo(5);
        assertThat(even.median()).isEqualTo(2.5);
    }

    @Test
    void givenSortedSamples_quantile_takesTheNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(Figure.quantile(sorted, 0.5)).isEqualTo(5);
        assertThat(Figure.quantile(sorted, 0.99)).isEqualTo(10);
        assertThat(Figure.quantile(sorted, 0.0)).isEqualTo(1);
    }

    @Test
    void givenThroughputs_comparison_dividesTheMediansAndChecksTheTarget() {
        Comparison faster = Comparison.of("throughput", "Taskmill", Figure.of("tasks/s", 90, 100, 110), "peer",
                Figure.of("tasks/s", 10), Comparison.Target.atLeast(10, ">= 10x"));
        Comparison slower = Comparison.inverse("latency", "Taskmill", Figure.of("ms", 2), "peer",
                Figure.of("ms", 100), Comparison.Target.atLeast(100, ">= 100x"));

        assertThat(faster.ratio()).isEqualTo(10);
        assertThat(faster.met()).isTrue();
        assertThat(slower.ratio()).isEqualTo(50);
        assertThat(slower.met()).isFalse();
    }

    @Test
    void givenErrors_scenario_isNotMetEvenWhenItsRatiosAre() {
        Comparison met = Comparison.of("rate", "a", Figure.of("req/s", 9), "b", Figure.of("req/s", 10),
                Comparison.Target.atLeast(0.85, ">= 0.85x"));

        ScenarioResult clean = new ScenarioResult("s", "t", List.of(met), Map.of("errors", Figure.of("n", 0)),
                List.of());
        ScenarioResult failing = new ScenarioResult("s", "t", List.of(met), Map.of("errors", Figure.of("n", 3)),
                List.of());

        assertThat(clean.met()).isTrue();
        assertThat(failing.met()).isFalse();
    }

    @Test
    void givenWrkReport_parse_readsTheRateAndCountsEveryError() throws IOException {
        String report = """
                Running 20s test @ http://127.0.0.1:8080/
                  2 threads and 64 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     5.01ms    2.10ms  40.00ms   80.00%
                  200000 requests in 20.00s, 100.00MB read
                  Socket errors: connect 0, read 2, write 1, timeout 4
                  Non-2xx or 3xx responses: 5
                Requests/sec:  10000.50
                Transfer/sec:      5.00MB
                """;

        Wrk.Result result = Wrk.parse(report);

        assertThat(result.requestsPerSecond()).isEqualTo(10000.5);
        assertThat(result.errors()).isEqualTo(12);
        assertThatThrownBy(() -> Wrk.parse("connection refused")).isInstanceOf(IOException.class);
    }

    @Test
    void givenResults_table_hasAHeaderAndOneLinePerComparisonAndFigure() {
        ScenarioResult result = new ScenarioResult("engine", "t",
                List.of(Comparison.of("throughput", "Taskmill", Figure.of("tasks/s", 1000, 2000, 3000), "peer",
                        Figure.of("tasks/s", 100), Comparison.Target.atLeast(10, ">= 10x"))),
                Map.of("overhead", Figure.of("us", 12.5)), List.of());

        List<String> lines = ResultsTable.render(List.of(result)).lines().toList();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).contains("Taskmill: 2,000 [1,000..3,000] tasks/s", "peer: 100.0 tasks/s", "20.00",
                ">= 10x", "yes");
        assertThat(lines.get(3)).contains("overhead", "12.5 us");
    }
}
