package dev.taskmill.app;

/**
 * The streams of task events ({@code GET /v2/events/}).
 *
 * @param history how many events are kept for clients that resume with {@code Last-Event-ID}
 * @param maxLag how many events may wait for a stream's client before its stream is closed
 */
public record EventsConfig(int history, int maxLag) {

    /** The most of either setting: a million events of a few hundred bytes each. */
    public static final int MAX_EVENTS = 1_000_000;
    public static final EventsConfig DEFAULT = new EventsConfig(10_000, 10_000);

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public EventsConfig {
        history = require("events history", history);
        maxLag = require("events max lag", maxLag);
    }

    static int require(String name, int events) {
        if (events < 1 || events > MAX_EVENTS) {
            throw new IllegalArgumentException(name + " must be 1 to " + MAX_EVENTS + " events, not " + events);
        }
        return events;
    }
}
