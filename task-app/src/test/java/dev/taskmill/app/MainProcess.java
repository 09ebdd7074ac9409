package dev.taskmill.app;

import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.io.OutputStream;
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

/** {@link Main} in a JVM of its own, on the test class path, its output in a file. */
final class MainProcess implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(30);

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
