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

    /** A load that requests {@code paths} in turn over {@code connections} connections. */
    static Wrk rotating(List<String> paths, int connections) throws IOException {
        String table = paths.stream().map(path -> "\"" + path + "\"").collect(Collectors.joining(", "));
        Path script = Files.createTempFile("taskmill-bench-", ".lua");
        script.toFile().deleteOnExit();
        Files.writeString(script, """
                local paths = {%s}
                local next = 0
                request = function()
                  next = next %% #paths + 1
                  return wrk.format("GET", paths[next])
                end
                """.formatted(table), StandardCharsets.UTF_8);
        return new Wrk(script, connections);
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
