package dev.taskmill.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The HTTP load generator {@code wrk}, run as a separate process with keep-alive connections. */
final class Wrk {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Path script;
    private final int connections;

    /** What one run measured. */
    record Result(double requestsPerSecond, long errors) {
    }

    private Wrk(Path script, int connections) {
        this.script = script;
        this.connections = connections;
    }

    /** Whether {@code wrk} can be run here. */
    static boolean isInstalled() {
        try {
            Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A load that requests {@code paths} in turn over {@code connections} connections, each
     * request with {@code authorization} as its {@code Authorization} header.
     */
    static Wrk rotating(List<String> paths, String authorization, int connections) throws IOException {
        String table = paths.stream().map(Wrk::lua).collect(Collectors.joining(", "));
        return script("""
                local paths = {%s}
                local headers = {["Authorization"] = %s}
                local next = 0
                request = function()
                  next = next %% #paths + 1
                  return wrk.format("GET", paths[next], headers)
                end
                """.formatted(table, lua(authorization)), connections);
    }

    /**
     * A load that posts {@code body} (JSON) to {@code path} over {@code connections} connections,
     * each request with {@code authorization} as its {@code Authorization} header.
     */
    static Wrk posting(String path, String body, String authorization, int connections) throws IOException {
        return script("""
                local headers = {["Authorization"] = %s, ["Content-Type"] = "application/json"}
                local post
                request = function()
                  -- made at the first request, once wrk knows the Host header
                  if not post then
                    post = wrk.format("POST", %s, headers, %s)
                  end
                  return post
                end
                """.formatted(lua(authorization), lua(path), lua(body)), connections);
    }

    private static Wrk script(String lua, int connections) throws IOException {
        Path script = Files.createTempFile("taskmill-bench-", ".lua");
        script.toFile().deleteOnExit();
        Files.writeString(script, lua, StandardCharsets.UTF_8);
        return new Wrk(script, connections);
    }

    /** {@code text} as a Lua string literal. */
    private static String lua(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The rates of alternating runs against a ceiling and Taskmill, and the errors of all of them. */
    record Alternating(double[] ceiling, double[] taskmill, long errors) {
    }

    /** How long the HTTP scenarios warm up and measure, and how many runs they measure. */
    record Lengths(Duration warmUp, Duration measured, int repeats) {

        /** The lengths of a full or quick run; fails if {@code wrk} cannot be run here. */
        static Lengths of(BenchSettings settings) {
            if (!isInstalled()) {
                throw new IllegalStateException("wrk is not installed (bench/run.sh installs it with apt-get)");
            }
            return new Lengths(Duration.ofSeconds(settings.size(5, 4)), Duration.ofSeconds(settings.size(20, 4)),
                    settings.size(3, 1));
        }
    }

    /**
     * Warms up {@code ceiling} and {@code taskmill} each, then measures runs against each,
     * alternating, as {@code lengths} says.
     */
    Alternating alternate(URI ceiling, URI taskmill, Lengths lengths) throws IOException, InterruptedException {
        run(ceiling, lengths.warmUp());
        run(taskmill, lengths.warmUp());
        double[] ceilingRates = new double[lengths.repeats()];
        double[] taskmillRates = new double[lengths.repeats()];
        long errors = 0;
        for (int i = 0; i < lengths.repeats(); i++) {
            Result ceilingRun = run(ceiling, lengths.measured());
            Result taskmillRun = run(taskmill, lengths.measured());
            Repeat.log("ceiling %.0f req/s, Taskmill %.0f req/s", ceilingRun.requestsPerSecond(),
                    taskmillRun.requestsPerSecond());
            ceilingRates[i] = ceilingRun.requestsPerSecond();
            taskmillRates[i] = taskmillRun.requestsPerSecond();
            errors += ceilingRun.errors() + taskmillRun.errors();
        }
        return new Alternating(ceilingRates, taskmillRates, errors);
    }

    Result run(URI server, Duration duration) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("wrk", "--threads", "2", "--connections", String.valueOf(connections),
                "--duration", duration.toSeconds() + "s", "--timeout", "5s", "--script", script.toString(),
                server.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("wrk failed:\n" + output);
        }
        return parse(output);
    }

    /** The rate and the errors (non-2xx answers and socket errors) in wrk's report. */
    static Result parse(String output) throws IOException {
        Matcher rate = REQUESTS_PER_SECOND.matcher(output);
        if (!rate.find()) {
            throw new IOException("No Requests/sec in wrk's output:\n" + output);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        return new Result(Double.parseDouble(rate.group(1)), errors);
    }
}
