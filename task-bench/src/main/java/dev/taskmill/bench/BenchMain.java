package dev.taskmill.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the benchmark scenarios, prints the results table and writes them as JSON. */
@Command(name = "taskmill-bench", mixinStandardHelpOptions = true,
        description = "Measures Taskmill beside its baselines, side by side in one run.")
public final class BenchMain implements Callable<Integer> {

    private static final List<Scenario> SCENARIOS = List.of(new EngineThroughput(), new StartLatency(),
            new PollOverHttp(), new SubmitOverHttp(), new StoreScale(), new Conflicts(), new Soak(), new PostgresCluster(),
            new PostgresSearchScale(), new WaitMany(), new EventsFanout());

    @Option(names = "--quick", description = "Smaller counts and shorter runs (under 2 minutes).")
    private boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "Run only these: engine-throughput, start-latency, poll-http, store-scale, conflicts, soak,"
                    + " postgres, postgres-search, wait-many, events-fanout.")
    private List<String> only = List.of();

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "task-bench/target/bench-results.json",
            description = "Where the JSON results go. Default: ${DEFAULT-VALUE}.")
    private Path out;

    // held, since java.util.logging keeps only weak references to configured loggers
    private static final Logger GRIZZLY = Logger.getLogger("org.glassfish.grizzly");

    public static void main(String[] args) {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            // the servers start and stop many times; only their failures are of interest here
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            // nor the audit lines, which the server logs at any level of its own
            logback.getLogger("taskmill.audit").setLevel(ch.qos.logback.classic.Level.WARN);
            // JobRunr warns of slow job filters while warming up and advertises its Pro edition
            logback.getLogger("org.jobrunr").setLevel(ch.qos.logback.classic.Level.ERROR);
        }
        GRIZZLY.setLevel(Level.SEVERE);
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = quick ? BenchSettings.quickRun() : BenchSettings.full();
        List<Scenario> chosen = SCENARIOS.stream().filter(s -> only.isEmpty() || only.contains(s.id())).toList();
        if (chosen.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "No scenario is named " + only);
        }
        Instant started = Instant.now();
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : chosen) {
            System.err.printf("%s ...%n", scenario.id());
            Heap.usedAfterGc(); // the last scenario's garbage is not this one's to collect
            long start = System.nanoTime();
            results.addAll(scenario.run(settings));
            System.err.printf("%s done in %.0f s%n", scenario.id(), (System.nanoTime() - start) / 1e9);
        }
        System.out.println(ResultsTable.render(results));
        write(settings, started, results);
        return 0;
    }

    private void write(BenchSettings settings, Instant started, List<ScenarioResult> results) throws Exception {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("mode", settings.quick() ? "quick" : "full");
        document.put("started", started.toString());
        document.put("finished", Instant.now().toString());
        document.put("machine", Map.of(
                "cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576));
        document.put("scenarios", results.stream().map(BenchMain::json).toList());
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), document);
        System.err.printf("Results written to %s%n", out);
    }

    private static Map<String, Object> json(ScenarioResult result) {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("id", result.id());
        scenario.put("title", result.title());
        scenario.put("met", result.met());
        scenario.put("comparisons", result.comparisons().stream().map(c -> {
            Map<String, Object> comparison = new LinkedHashMap<>();
            comparison.put("metric", c.metric());
            comparison.put("subject", c.subject());
            comparison.put("figures", json(c.value()));
            comparison.put("baseline", c.baseline());
            comparison.put("baseline_figures", json(c.baselineValue()));
            comparison.put("ratio", c.ratio());
            comparison.put("target", c.target().text());
            comparison.put("met", c.met());
            return comparison;
        }).toList());
        Map<String, Object> figures = new LinkedHashMap<>();
        result.figures().forEach((name, figure) -> figures.put(name, json(figure)));
        scenario.put("figures", figures);
        scenario.put("notes", result.notes());
        return scenario;
    }

    private static Map<String, Object> json(Figure figure) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("unit", figure.unit());
        json.put("median", figure.median());
        json.put("min", figure.min());
        json.put("max", figure.max());
        json.put("samples", figure.samples());
        return json;
    }
}
