package dev.taskmill.application.port.in;

import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import java.util.Objects;
import java.util.function.Function;

/**
 * One event of a stream of task events: a change of a task ({@link #change} present), or what
 * the stream itself says: {@link Type#RESET} (the events after the client's last one are no
 * longer held: list the tasks again) and {@link Type#CLOSED} (the stream ends; {@link #message}
 * says why). A change's {@link #id} is {@code <source>-<number>}, its {@link #number} increasing
 * along a stream; a client resumes after the last it saw.
 */
public final class TaskEvent {

    /** What an event tells. */
    public enum Type {
        SUBMITTED, STARTED, PROGRESS, ENDED, REQUEUED, RESET, CLOSED;

        /** The event's name on the wire: {@code submitted}, ..., {@code reset}, {@code closed}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Type of(TaskChange.Kind kind) {
            return switch (kind) {
                case SUBMITTED -> SUBMITTED;
                case STARTED -> STARTED;
                case PROGRESS -> PROGRESS;
                case ENDED -> ENDED;
                case REQUEUED -> REQUEUED;
            };
        }
    }

    /** What numbers the events, the first part of the id; null for a notice. */
    private final String source;
    private final long number;
    /** {@code source-number}, made when first asked for (a race makes equal strings). */
    private String id;
    private final Type type;
    private final TaskChange change;
    private final String message;
    /** What an adapter made of this event, made once for all the streams that send it. */
    private volatile Object rendered;

    private TaskEvent(String source, long number, Type type, TaskChange change, String message) {
        this.source = source;
        this.number = number;
        this.type = Objects.requireNonNull(type, "type");
        this.change = change;
        this.message = message;
    }

    /** The event of {@code change}, number {@code number} of {@code source}: its id is {@code source-number}. */
    public static TaskEvent of(String source, long number, TaskChange change) {
        if (number < 1) {
            throw new IllegalArgumentException("an event's number is at least 1, not " + number);
        }
        return new TaskEvent(Objects.requireNonNull(source, "source"), number, Type.of(change.kind()), change, null);
    }

    /** An event of the stream itself ({@link Type#RESET}, {@link Type#CLOSED}), which has no id. */
    public static TaskEvent notice(Type type, String message) {
        if (type != Type.RESET && type != Type.CLOSED) {
            throw new IllegalArgumentException("a notice is a reset or a close, not " + type);
        }
        return new TaskEvent(null, 0, type, null, Objects.requireNonNull(message, "message"));
    }

    /** The event's id, or null for a notice. */
    public String id() {
        String made = id;
        if (made == null && source != null) {
            made = source + "-" + number;
            id = made;
        }
        return made;
    }

    /** The event's number among its source's events, from 1; 0 for a notice. */
    public long number() {
        return number;
    }

    public Type type() {
        return type;
    }

    /** The task as the change left it, or null for a notice. */
    public Task task() {
        return change == null ? null : change.task();
    }

    /** What a notice says, or null for a change. */
    public String message() {
        return message;
    }

    /**
     * {@code render} applied to this event, computed at most once whatever the number of streams
     * that send it (a race may compute it twice; both results are equal).
     */
    @SuppressWarnings("unchecked")
    public <T> T rendered(Function<TaskEvent, T> render) {
        Object done = rendered;
        if (done == null) {
            done = render.apply(this);
            rendered = done;
        }
        return (T) done;
    }

    @Override
    public String toString() {
        return type.wireName() + (source == null ? "" : " " + id()) + (change == null ? ": " + message : " " + task().id());
    }
}
