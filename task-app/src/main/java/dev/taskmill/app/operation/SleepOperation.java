package dev.taskmill.app.operation;

import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code sleep}: a diagnostic operation that waits for a number of seconds, reporting its
 * progress, and optionally fails or refuses cancellation so clients can see those outcomes.
 */
public final class SleepOperation implements Operation {

    static final String NAME = "sleep";
    static final double MAX_SECONDS = 86_400;

    private static final Set<String> ARGUMENTS = Set.of("seconds", "fail_with", "cancellable");
    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofMillis(250).toNanos();
    // How long it may take to notice a stop request; interrupts end the wait at once anyway.
    private static final long STOP_CHECK_NANOS = Duration.ofMillis(50).toNanos();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
        Call.of(args);
    }

    /** It waits; a second run waits again. */
    @Override
    public boolean isSafeToRestart(Map<String, Object> args) {
        return true;
    }

    @Override
    public boolean isCancellable(Map<String, Object> args) {
        return Call.of(args).cancellable();
    }

    /**
     * Sleeps in short steps so that a stop request ends it within {@link #STOP_CHECK_NANOS};
     * the engine refuses client cancels of a non-cancellable sleep before they get here, so a
     * stop request always means stop (timeout or shutdown).
     */
    @Override
    public Object run(OperationContext context) throws InterruptedException {
        Call call = Call.of(context.args());
        long start = System.nanoTime();
        long end = start + Math.round(call.seconds().doubleValue() * 1e9);
        report(context, 0.0, call.seconds());
        long nextReport = start + PROGRESS_INTERVAL_NANOS;
        for (long now = start; now < end; now = System.nanoTime()) {
            if (context.isStopRequested()) {
                throw new InterruptedException("sleep stopped after " + seconds(now - start) + " of "
                        + call.seconds() + " seconds");
            }
            if (now >= nextReport) {
                report(context, seconds(now - start), call.seconds());
                nextReport = now + PROGRESS_INTERVAL_NANOS;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(Math.min(end, nextReport) - now, STOP_CHECK_NANOS));
        }
        report(context, call.seconds(), call.seconds());
        if (call.failWith().isPresent()) {
            throw new RuntimeException(call.failWith().get());
        }
        return Map.of("slept_seconds", call.seconds());
    }

    private static void report(OperationContext context, Number elapsed, Number total) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("elapsed_seconds", elapsed);
        progress.put("total_seconds", total);
        context.reportProgress(progress);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    /** The validated arguments of one call. */
    private record Call(Number seconds, Optional<String> failWith, boolean cancellable) {

        static Call of(Map<String, Object> args) {
            OperationArguments arguments = OperationArguments.of(args, ARGUMENTS);
            return new Call(
                    arguments.requiredNumber("seconds", 0, MAX_SECONDS),
                    arguments.optionalString("fail_with"),
                    arguments.optionalBoolean("cancellable", true));
        }
    }
}
