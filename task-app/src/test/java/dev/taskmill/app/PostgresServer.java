package dev.taskmill.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The test PostgreSQL server itself, stopped and started again by the fault tests: the commands
 * {@code .ci/postgres} prints as {@code TASKMILL_TEST_PG_HALT} (a fast stop that keeps the data)
 * and {@code TASKMILL_TEST_PG_RESUME} (a start with the same options, returning once the server
 * accepts connections). Every test class shares the one server: a test that halts it resumes it
 * in a {@code finally} block, and without these variables the test fails rather than skips.
 */
final class PostgresServer {

    private static final long COMMAND_SECONDS = 90;
    private static final long RESUME_SECONDS = 60;

    private final String halt;
    private final String resume;
    private boolean halted;

    private PostgresServer(String halt, String resume) {
        this.halt = halt;
        this.resume = resume;
    }

    /** The server of {@code .ci/postgres}; fails if its commands are not in the environment. */
    static PostgresServer fromEnvironment() {
        return new PostgresServer(required("TASKMILL_TEST_PG_HALT"), required("TASKMILL_TEST_PG_RESUME"));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: this test stops and starts the test PostgreSQL"
                    + " server; run it with 'bash .ci/run', or start one with eval \"$(bash .ci/postgres)\"");
        }
        return value;
    }

    /** Stops the server (fast shutdown: sessions are cut, the data is kept); returns once it is down. */
    synchronized void halt() {
        halted = true; // even if the command fails: it may have stopped the server all the same
        run("TASKMILL_TEST_PG_HALT", halt);
    }

    /**
     * Starts the server again (the command leaves a running server be); returns once it accepts
     * connections. A start that fails, its port taken meanwhile by a passing connection, say, is
     * tried again for up to {@value #RESUME_SECONDS} s.
     */
    synchronized void resume() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RESUME_SECONDS);
        while (true) {
            try {
                run("TASKMILL_TEST_PG_RESUME", resume);
                halted = false;
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** {@link #resume}, if this test halted the server and did not resume it yet: for {@code finally} blocks. */
    synchronized void resumeIfHalted() {
        if (halted) {
            resume();
        }
    }

    /**
     * {@link #resumeIfHalted} at the end of a test whose own failure, if any, is {@code primary}:
     * a failure to resume is thrown only when the test passed, and is kept as suppressed otherwise,
     * so that the test's own failure comes first.
     */
    void resumeAfter(Throwable primary) {
        try {
            resumeIfHalted();
        } catch (RuntimeException e) {
            if (primary == null) {
                throw e;
            }
            primary.addSuppressed(e);
        }
    }

    private static void run(String name, String command) {
        try {
            Path output = Files.createTempFile("taskmill-pg-command", ".log");
            try {
                // the output in a file, never a pipe: a started server must not hold this process's pipe
                Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile())).start();
                boolean ended;
                try {
                    ended = process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // let the command finish: a server half stopped or half started helps nobody
                    ended = process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS);
                    Thread.currentThread().interrupt();
                }
                if (!ended) {
                    process.destroyForcibly();
                    throw new IllegalStateException(name + " did not end within " + COMMAND_SECONDS + " s: "
                            + command + "\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(name + " failed with exit code " + process.exitValue() + ": "
                            + command + "\n" + Files.readString(output, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(name + " could not be run: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", e);
        }
    }
}
