package dev.taskmill.application.port.in;

/** Lists tasks, oldest first, one page at a time. */
public interface ListTasksUseCase {

    /** The tasks matching {@code query} after its position, at most its limit of them. */
    TaskList listTasks(ListTasksQuery query);
}
