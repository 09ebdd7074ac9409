package dev.taskmill.application.service;

import dev.taskmill.application.port.in.TooManyFailedLoginsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts failed logins per user name: after {@code maxFailures} within {@code window}, every
 * attempt for that name is refused until {@code pause} has passed since the last counted
 * failure. Refused attempts do not extend the pause.
 */
final class LoginThrottle {

    /** Names tracked at most; beyond it, names whose failures have all expired are forgotten. */
    private static final int MAX_TRACKED = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Duration pause;
    private final Map<String, Failures> byUser = new HashMap<>();

    LoginThrottle(int maxFailures, Duration window, Duration pause) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.pause = pause;
    }

    /** @throws TooManyFailedLoginsException if {@code user} is paused at {@code now} */
    synchronized void check(String user, Instant now) {
        Failures failures = byUser.get(user);
        if (failures != null && failures.pausedUntil != null && now.isBefore(failures.pausedUntil)) {
            throw new TooManyFailedLoginsException(user, maxFailures, window, Duration.between(now, failures.pausedUntil));
        }
    }

    /** Counts a failed attempt for {@code user}, pausing the name once it has failed too often. */
    synchronized void failed(String user, Instant now) {
        if (byUser.size() >= MAX_TRACKED && !byUser.containsKey(user)) {
            forgetExpired(now);
        }
        Failures failures = byUser.computeIfAbsent(user, name -> new Failures());
        failures.expire(now.minus(window));
        if (failures.pausedUntil != null && !now.isBefore(failures.pausedUntil)) {
            failures.pausedUntil = null;
        }
        failures.times.addLast(now);
        if (failures.times.size() >= maxFailures) {
            failures.pausedUntil = now.plus(pause);
            failures.times.clear();
        }
    }

    private void forgetExpired(Instant now) {
        Instant windowStart = now.minus(window);
        byUser.values().removeIf(failures -> {
            failures.expire(windowStart);
            return failures.times.isEmpty() && (failures.pausedUntil == null || !now.isBefore(failures.pausedUntil));
        });
    }

    private static final class Failures {
        final ArrayDeque<Instant> times = new ArrayDeque<>();
        Instant pausedUntil;

        void expire(Instant windowStart) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
                times.removeFirst();
            }
        }
    }
}
