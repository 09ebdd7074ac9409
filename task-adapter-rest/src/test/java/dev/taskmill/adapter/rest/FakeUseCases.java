package dev.taskmill.adapter.rest;

import dev.taskmill.application.port.in.Credentials;
import dev.taskmill.application.port.in.GetHealthUseCase;
import dev.taskmill.application.port.in.GetStatusUseCase;
import dev.taskmill.application.port.in.ListTasksQuery;
import dev.taskmill.application.port.in.SearchTasksQuery;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.in.SubmitTaskGroupCommand;
import dev.taskmill.application.port.in.TaskGroup;
import dev.taskmill.application.port.in.TaskGroupNotFoundException;
import dev.taskmill.application.port.in.TaskGroupSummary;
import dev.taskmill.application.port.in.TaskList;
import dev.taskmill.application.port.in.TaskNotFoundException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskGroupId;
import dev.taskmill.domain.TaskId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** Use cases as settable lambdas that record what reached them. */
final class FakeUseCases {

    final List<SubmitCallCommand> submitted = new CopyOnWriteArrayList<>();
    final List<TaskId> polled = new CopyOnWriteArrayList<>();
    final List<TaskId> cancelled = new CopyOnWriteArrayList<>();
    final List<ListTasksQuery> queries = new CopyOnWriteArrayList<>();
    final List<SubmitTaskGroupCommand> groupsSubmitted = new CopyOnWriteArrayList<>();
    final List<TaskGroupId> groupsSummarized = new CopyOnWriteArrayList<>();
    final List<TaskGroupId> groupsCancelled = new CopyOnWriteArrayList<>();

    volatile Function<SubmitCallCommand, Task> onSubmit;
    volatile Function<TaskId, Task> onGet;
    volatile Consumer<TaskId> onCancel;
    volatile Function<ListTasksQuery, TaskList> onList;
    volatile Function<Optional<Credentials>, Caller> onAuthenticate;
    volatile Supplier<GetStatusUseCase.ServerStatus> onStatus;
    volatile Supplier<GetHealthUseCase.Readiness> onReadiness;
    final List<SearchTasksQuery> searches = new CopyOnWriteArrayList<>();
    volatile Function<SearchTasksQuery, List<Task>> onSearch;
    volatile Function<SubmitTaskGroupCommand, TaskGroup> onSubmitGroup;
    volatile Function<TaskGroupId, TaskGroupSummary> onSummarizeGroup;
    volatile Consumer<TaskGroupId> onCancelGroup;
    final List<Caller> callers = new CopyOnWriteArrayList<>();

    FakeUseCases() {
        reset();
    }

    void reset() {
        submitted.clear();
        polled.clear();
        cancelled.clear();
        queries.clear();
        searches.clear();
        groupsSubmitted.clear();
        groupsSummarized.clear();
        groupsCancelled.clear();
        callers.clear();
        onAuthenticate = credentials -> Caller.anonymous();
        onSubmit = command -> {
            throw new AssertionError("unexpected submit " + command);
        };
        onGet = id -> {
            throw new TaskNotFoundException(id.toString());
        };
        onCancel = id -> {
            throw new TaskNotFoundException(id.toString());
        };
        onList = query -> new TaskList(List.of(), OptionalLong.empty());
        onSearch = query -> List.of();
        onStatus = () -> new GetStatusUseCase.ServerStatus("1.2.3", true, List.of());
        onReadiness = () -> new GetHealthUseCase.Readiness(true, true, true);
        onSubmitGroup = command -> {
            throw new AssertionError("unexpected group " + command);
        };
        onSummarizeGroup = id -> {
            throw new TaskGroupNotFoundException(id.toString());
        };
        onCancelGroup = id -> {
            throw new TaskGroupNotFoundException(id.toString());
        };
    }

    TaskUseCases useCases() {
        return new TaskUseCases(
                (caller, command) -> {
                    callers.add(caller);
                    submitted.add(command);
                    return onSubmit.apply(command);
                },
                (caller, id) -> {
                    callers.add(caller);
                    polled.add(id);
                    return onGet.apply(id);
                },
                (caller, query) -> {
                    callers.add(caller);
                    queries.add(query);
                    return onList.apply(query);
                },
                (caller, id) -> {
                    callers.add(caller);
                    cancelled.add(id);
                    onCancel.accept(id);
                },
                credentials -> onAuthenticate.apply(credentials),
                () -> onStatus.get(),
                (caller, query) -> {
                    callers.add(caller);
                    searches.add(query);
                    return onSearch.apply(query);
                },
                (caller, command) -> {
                    callers.add(caller);
                    groupsSubmitted.add(command);
                    return onSubmitGroup.apply(command);
                },
                (caller, id) -> {
                    callers.add(caller);
                    groupsSummarized.add(id);
                    return onSummarizeGroup.apply(id);
                },
                (caller, id) -> {
                    callers.add(caller);
                    groupsCancelled.add(id);
                    onCancelGroup.accept(id);
                },
                () -> onReadiness.get(),
                (caller, id, wait) -> {
                    callers.add(caller);
                    polled.add(id);
                    return CompletableFuture.completedFuture(onGet.apply(id));
                });
    }
}
