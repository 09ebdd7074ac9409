package dev.taskmill.app.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SleepOperationTest {

    private static final OperationEnvironment ENVIRONMENT = new OperationEnvironment(Path.of("."));
    private static final Duration PROMPTLY = Duration.ofMillis(300);

    private final SleepOperation sleep = new SleepOperation();

    @Test
    void sleep_name_isSleep() {
        assertThat(sleep.name()).isEqualTo("sleep");
    }

    @Test
    void givenEveryArgument_validate_acceptsThem_andTheOperationUsesEach() {
        Map<String, Object> args = Map.of("seconds", 0, "fail_with", "boom", "cancellable", false);

        sleep.validate(args, ENVIRONMENT);

        assertThat(sleep.isCancellable(args)).isFalse();
        assertThatThrownBy(() -> sleep.run(new FakeOperationContext(args))).hasMessage("boom");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 86400})
    void givenSecondsUpToADay_validate_acceptsThem_andRunReportsThemAsTheTotal(double seconds) {
        Map<String, Object> args = Map.of("seconds", seconds);
        FakeOperationContext stopped = new FakeOperationContext(args);
        stopped.requestStop();

        sleep.validate(args, ENVIRONMENT);

        assertThatThrownBy(() -> sleep.run(stopped)).isInstanceOf(InterruptedException.class)
                .hasMessage("sleep stopped after 0.0 of " + seconds + " seconds");
        assertThat(stopped.progress()).containsExactly(Map.of("elapsed_seconds", 0.0, "total_seconds", seconds));
    }

    @Test
    void givenNullOptionalArguments_validate_treatsThemAsAbsent() {
        Map<String, Object> args = new HashMap<>();
        args.put("seconds", 1);
        args.put("fail_with", null);
        args.put("cancellable", null);

        sleep.validate(args, ENVIRONMENT);

        assertThat(sleep.isCancellable(args)).isTrue();
    }

    static Stream<Arguments> invalidArgs() {
        return Stream.of(
                Arguments.of(Map.of(), "argument 'seconds' is required"),
                Arguments.of(Map.of("seconds", "5"), "argument 'seconds' must be a number, not the string \"5\""),
                Arguments.of(Map.of("seconds", true), "argument 'seconds' must be a number"),
                Arguments.of(Map.of("seconds", List.of(1)), "argument 'seconds' must be a number, not an array"),
                Arguments.of(Map.of("seconds", -1), "argument 'seconds' must be between 0 and 86400, not -1"),
                Arguments.of(Map.of("seconds", 86400.5), "argument 'seconds' must be between 0 and 86400"),
                Arguments.of(Map.of("seconds", 1, "fail_with", 3), "argument 'fail_with' must be a string"),
                Arguments.of(Map.of("seconds", 1, "cancellable", "no"), "argument 'cancellable' must be true or false"),
                Arguments.of(Map.of("seconds", 1, "second", 1), "unknown argument 'second'"));
    }

    @ParameterizedTest
    @MethodSource("invalidArgs")
    void givenInvalidArgs_validate_refusesNamingTheArgument(Map<String, Object> args, String message) {
        assertThatThrownBy(() -> sleep.validate(args, ENVIRONMENT))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining(message);
    }

    @Test
    void givenCancellableArgument_isCancellable_returnsIt() {
        assertThat(sleep.isCancellable(Map.of("seconds", 1))).isTrue();
        assertThat(sleep.isCancellable(Map.of("seconds", 1, "cancellable", true))).isTrue();
        assertThat(sleep.isCancellable(Map.of("seconds", 1, "cancellable", false))).isFalse();
    }

    @Test
    void givenShortSleep_run_reportsStartAndEndAndReturnsTheSeconds() throws Exception {
        FakeOperationContext context = new FakeOperationContext(Map.of("seconds", 0.3));
        long start = System.nanoTime();

        Object result = sleep.run(context);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(result).isEqualTo(Map.of("slept_seconds", 0.3));
        List<Map<String, Object>> progress = context.progress();
        assertThat(progress.get(0)).isEqualTo(Map.of("elapsed_seconds", 0.0, "total_seconds", 0.3));
        assertThat(progress.get(progress.size() - 1)).isEqualTo(Map.of("elapsed_seconds", 0.3, "total_seconds", 0.3));
    }

    @Test
    void givenIntegerSeconds_run_returnsThemAsGiven() throws Exception {
        Object result = sleep.run(new FakeOperationContext(Map.of("seconds", 0)));

        assertThat(result).isEqualTo(Map.of("slept_seconds", 0));
    }

    @Test
    void givenLongerSleep_run_reportsProgressAtLeastEveryHalfSecond() throws Exception {
        FakeOperationContext context = new FakeOperationContext(Map.of("seconds", 1.2));
        long start = System.nanoTime();

        sleep.run(context);

        long previous = start;
        for (FakeOperationContext.Report report : context.reports()) {
            assertThat(report.nanoTime() - previous).isLessThan(Duration.ofMillis(500).toNanos());
            previous = report.nanoTime();
        }
        assertThat(context.progress()).hasSizeGreaterThanOrEqualTo(4)
                .extracting(progress -> ((Number) progress.get("elapsed_seconds")).doubleValue())
                .isSorted();
    }

    @Test
    void givenFailWith_run_failsWithThatMessageAfterSleeping() {
        FakeOperationContext context = new FakeOperationContext(Map.of("seconds", 0.05, "fail_with", "disk on fire"));

        assertThatThrownBy(() -> sleep.run(context)).hasMessage("disk on fire");
        assertThat(context.progress()).last().isEqualTo(Map.of("elapsed_seconds", 0.05, "total_seconds", 0.05));
    }

    @Test
    void givenRunningSleep_stopRequested_stopsPromptly() throws Exception {
        FakeOperationContext context = new FakeOperationContext(Map.of("seconds", 60));
        Running running = Running.start(sleep, context);
        Eventually.await(Duration.ofSeconds(5), "sleep reports progress", () -> !context.progress().isEmpty());

        long stopAt = System.nanoTime();
        context.requestStop();

        running.awaitEnd();
        assertThat(running.endedAt() - stopAt).isLessThan(PROMPTLY.toNanos());
        assertThat(running.failure()).isInstanceOf(InterruptedException.class).hasMessageContaining("sleep stopped");
    }

    @Test
    void givenNonCancellableSleep_stopRequested_stillStopsPromptly() throws Exception {
        FakeOperationContext context = new FakeOperationContext(Map.of("seconds", 60, "cancellable", false));
        Running running = Running.start(sleep, context);
        Eventually.await(Duration.ofSeconds(5), "sleep reports progress", () -> !context.progress().isEmpty());

        long stopAt = System.nanoTime();
        context.requestStop();

        running.awaitEnd();
        assertThat(running.endedAt() - stopAt).isLessThan(PROMPTLY.toNanos());
        assertThat(running.failure()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void givenRunningSleep_interrupted_stopsPromptly() throws Exception {
        FakeOperationContext context = new FakeOperationContext(Map.of("seconds", 60));
        Running running = Running.start(sleep, context);
        Eventually.await(Duration.ofSeconds(5), "sleep reports progress", () -> !context.progress().isEmpty());

        long stopAt = System.nanoTime();
        running.thread().interrupt();

        running.awaitEnd();
        assertThat(running.endedAt() - stopAt).isLessThan(PROMPTLY.toNanos());
        assertThat(running.failure()).isInstanceOf(InterruptedException.class);
    }

    /** An operation running on its own thread, and how it ended. */
    private record Running(Thread thread, AtomicReference<Throwable> outcome, AtomicLong end) {

        static Running start(SleepOperation operation, FakeOperationContext context) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicLong end = new AtomicLong();
            Thread thread = new Thread(() -> {
                try {
                    operation.run(context);
                } catch (Throwable e) {
                    outcome.set(e);
                } finally {
                    end.set(System.nanoTime());
                }
            }, "sleep-under-test");
            thread.start();
            return new Running(thread, outcome, end);
        }

        void awaitEnd() throws InterruptedException {
            thread.join(Duration.ofSeconds(5).toMillis());
            assertThat(thread.isAlive()).as("operation still running").isFalse();
        }

        long endedAt() {
            return end.get();
        }

        Throwable failure() {
            return outcome.get();
        }
    }
}
