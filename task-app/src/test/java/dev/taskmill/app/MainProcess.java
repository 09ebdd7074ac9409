package dev.taskmill.app;

import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link Main} in a JVM of its own, on the test class path, its output in a file. */
final class MainProcess implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Taskmill listening on (http://\\S+)");

    private final Process process;
    private final Path log;

    private MainProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code Main} with {@code args} and {@code environment} added to this one's, and {@code stdin} as its input. */
    static MainProcess start(Map<String, String> environment, String stdin, String... args) throws IOException {
        return startIn(null, environment, stdin, args);
    }

    /** {@link #start}, in {@code workingDirectory} ({@code null}: this one's). */
    static MainProcess startIn(Path workingDirectory, Map<String, String> environment, String stdin, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("taskmill-main", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().putAll(environment);
        // a file rather than a pipe: the output stays readable after the process has exited
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return new MainProcess(process, log);
    }

    /** Runs a command to its end and returns its exit code; {@link #output()} has what it printed. */
    static MainProcess run(Map<String, String> environment, String stdin, String... args)
            throws IOException, InterruptedException {
        MainProcess main = start(environment, stdin, args);
        if (!main.process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            main.close();
            throw new AssertionError("taskmill " + String.join(" ", args) + " did not end; output:\n" + main.output());
        }
        return main;
    }

    /**
     * A node on {@code store}, a PostgreSQL database, without authentication, with
     * {@code workers} workers and {@code nodeTimeout}; its data directory is {@code dir}.
     */
    static MainProcess startNode(StoreConfig store, Path dir, int workers, Duration nodeTimeout) throws IOException {
        return start(Map.of(), "", "--port", "0", "--auth", "none", "--workers", Integer.toString(workers),
                "--data-dir", dir.toString(), "--store", "postgres", "--db-url", store.dbUrl(), "--db-user",
                store.dbUser(), "--db-password-file", store.dbPasswordFile().toString(), "--node-timeout",
                nodeTimeout.toString());
    }

    /** Where the server serves the API, once it says it listens. */
    URI api() {
        Matcher listening = LISTENING.matcher(awaitOutput(line -> LISTENING.matcher(line).find()));
        if (!listening.find()) {
            throw new AssertionError("no address in the listening line");
        }
        return URI.create(listening.group(1));
    }

    /** Sends the process {@code signal}, such as {@code STOP} or {@code CONT}. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The first output line {@code wanted} accepts, waiting for it up to {@link #DEADLINE}. */
    String awaitOutput(Predicate<String> wanted) {
        return Eventually.awaitPresent(DEADLINE, "the expected line in the output", () -> {
            boolean ended = !process.isAlive();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            Optional<String> line = lines.stream().filter(wanted).findFirst();
            if (line.isEmpty() && ended) {
                throw new AssertionError("The process ended without printing the expected line; output:\n"
                        + String.join("\n", lines));
            }
            return line;
        });
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
