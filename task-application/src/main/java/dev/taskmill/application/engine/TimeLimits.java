package dev.taskmill.application.engine;

import dev.taskmill.domain.Task;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Ends a task that runs longer than its time limit: stored in error with the time-limit code, then its operation told to stop. */
final class TimeLimits {

    private final ScheduledExecutorService timer;
    private final TaskCompletion completion;
    private final Executions executions;
    private final Clock clock;

    TimeLimits(ScheduledExecutorService timer, TaskCompletion completion, Executions executions, Clock clock) {
        this.timer = timer;
        this.completion = completion;
        this.executions = executions;
        this.clock = clock;
    }

    /** Times the run {@code claimed} began out after {@code limit}, unless the returned future is cancelled first; null when stopping. */
    ScheduledFuture<?> schedule(Task claimed, Duration limit) {
        try {
            return timer.schedule(() -> timeOut(claimed, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // shutting down: the operation is being told to stop anyway
        }
    }

    private void timeOut(Task claimed, Duration limit) {
        String exception = "TimeoutException: the task ran longer than its time limit of "
                + formatSeconds(limit) + " seconds";
        if (completion.changeIfRunning(claimed, task -> task.timeOut(exception, clock.instant()))) {
            executions.stop(claimed.id(), Execution.StopReason.TIMED_OUT);
        }
    }

    private static String formatSeconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
