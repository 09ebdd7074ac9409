package dev.taskmill.app;

import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code journal}, a test operation for the fault tests: waits {@code millis} (0 to 60,000) in
 * short steps, stopping when asked, and writes when it started and when it ended to the
 * journal of its node process, so that a test can tell from outside the service which task ran
 * where, when, and how often.
 *
 * <p>The node process names its journal file and itself in the environment:
 * {@value #JOURNAL_VARIABLE} and {@value #NODE_VARIABLE}. Each line is one {@code write} to a
 * file opened to append, with no buffer in this process, so that a node killed with SIGKILL
 * loses no line it wrote:
 * <pre>
 * start &lt;task id&gt; &lt;node&gt; &lt;epoch microseconds&gt;
 * end &lt;task id&gt; &lt;node&gt; &lt;epoch microseconds&gt; returned|stopped|threw
 * </pre>
 * The end line is written before the operation returns, so before the engine releases the
 * task's claims. The operation does not declare itself safe to run twice.
 */
public final class JournalOperation implements Operation {

    static final String NAME = "journal";
    static final String JOURNAL_VARIABLE = "TASKMILL_TEST_JOURNAL";
    static final String NODE_VARIABLE = "TASKMILL_TEST_NODE";
    static final long MAX_MILLIS = 60_000;
    private static final long STEP_MILLIS = 10;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
        millis(args);
    }

    /** The one argument, {@code millis}: a whole number from 0 to {@value #MAX_MILLIS}. */
    private static long millis(Map<String, Object> args) {
        Map<String, Object> given = args == null ? Map.of() : args;
        for (String name : given.keySet()) {
            if (!name.equals("millis")) {
                throw new InvalidArgumentsException("unknown argument '" + name + "'; accepted: 'millis'");
            }
        }
        Object value = given.get("millis");
        if (value == null) {
            throw new InvalidArgumentsException("argument 'millis' is required");
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new InvalidArgumentsException("argument 'millis' must be a whole number, not " + value);
        }
        long millis = ((Number) value).longValue();
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new InvalidArgumentsException("argument 'millis' must be between 0 and " + MAX_MILLIS + ", not "
                    + millis);
        }
        return millis;
    }

    @Override
    public Object run(OperationContext context) throws Exception {
        long millis = millis(context.args());
        Path journal = Path.of(required(JOURNAL_VARIABLE));
        String node = required(NODE_VARIABLE);
        String task = context.taskId().toString();
        append(journal, "start " + task + " " + node + " " + micros(Instant.now()));
        String how = "threw";
        try {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                if (context.isStopRequested()) {
                    how = "stopped";
                    throw new InterruptedException("journal stopped");
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(STEP_MILLIS)));
                } catch (InterruptedException e) {
                    how = "stopped";
                    throw e;
                }
            }
            how = "returned";
            return Map.of("millis", millis);
        } finally {
            append(journal, "end " + task + " " + node + " " + micros(Instant.now()) + " " + how);
        }
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: the journal operation runs in the fault tests'"
                    + " nodes only");
        }
        return value;
    }

    static long micros(Instant instant) {
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1_000;
    }

    /**
     * One whole line in one write to a file opened to append ({@code O_APPEND}); nothing stays in
     * this process once it returns. A stream, not a {@code FileChannel}: a channel is closed by
     * the interrupt that comes with a cancel, and the end line would be lost.
     */
    private static void append(Path journal, String line) throws IOException {
        try (FileOutputStream out = new FileOutputStream(journal.toFile(), true)) {
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
