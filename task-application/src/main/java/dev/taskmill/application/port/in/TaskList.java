package dev.taskmill.application.port.in;

import dev.taskmill.domain.Task;
import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a listing.
 *
 * @param next the position to continue from when more tasks match, empty on the last page
 */
public record TaskList(List<Task> tasks, OptionalLong next) {

    public TaskList {
        tasks = List.copyOf(tasks);
    }
}
