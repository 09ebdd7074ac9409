package dev.taskmill.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Waits for what a test expects by polling it until a deadline: tests never sleep for a fixed
 * time and hope. The one poll-until-deadline loop of every module's tests (the domain's test-jar).
 */
public final class Eventually {

    private static final long POLL_MILLIS = 10;

    private Eventually() {
    }

    /** A look at what is awaited; it may throw, which fails the wait at once. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * The first value of {@code probe} that {@code accepted} holds for.
     *
     * @throws AssertionError after {@code within}, naming {@code what} and the last value seen
     */
    public static <T> T await(Duration within, String what, Probe<T> probe, Predicate<? super T> accepted) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T value = look(probe);
            if (accepted.test(value)) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not within " + within + ": " + what + "; last seen: " + value);
            }
            pause();
        }
    }

    /** The value of {@code probe} once it is present; fails as {@link #await(Duration, String, Probe, Predicate)}. */
    public static <T> T awaitPresent(Duration within, String what, Probe<Optional<T>> probe) {
        return await(within, what, probe, Optional::isPresent).orElseThrow();
    }

    /** Returns once {@code condition} holds; fails as {@link #await(Duration, String, Probe, Predicate)}. */
    public static void await(Duration within, String what, Probe<Boolean> condition) {
        await(within, what, condition, Boolean::booleanValue);
    }

    private static <T> T look(Probe<T> probe) {
        try {
            return probe.get();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        } catch (Exception e) {
            throw new AssertionError("The probe failed: " + e, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
