package dev.taskmill.application.port.in;

import java.util.List;
import java.util.Objects;

/**
 * The calls of a task group, to be admitted together in this order. This command owns the
 * bounds of their number; each call checks itself ({@link SubmitCallCommand}).
 */
public record SubmitTaskGroupCommand(List<SubmitCallCommand> calls) {

    /** The most calls one group holds. */
    public static final int MAX_CALLS = 1000;

    /** @throws IllegalArgumentException if there are no calls or more than {@link #MAX_CALLS} */
    public SubmitTaskGroupCommand {
        calls = List.copyOf(Objects.requireNonNull(calls, "calls"));
        if (calls.isEmpty() || calls.size() > MAX_CALLS) {
            throw new IllegalArgumentException("calls: a task group has 1 to " + MAX_CALLS + " calls, not "
                    + calls.size());
        }
    }
}
