package dev.taskmill.adapter.rest;

import dev.taskmill.application.port.in.AuthenticateUseCase;
import dev.taskmill.application.port.in.CancelTaskGroupUseCase;
import dev.taskmill.application.port.in.CancelTaskUseCase;
import dev.taskmill.application.port.in.GetHealthUseCase;
import dev.taskmill.application.port.in.GetStatusUseCase;
import dev.taskmill.application.port.in.GetTaskGroupSummaryUseCase;
import dev.taskmill.application.port.in.GetTaskUseCase;
import dev.taskmill.application.port.in.ListTasksUseCase;
import dev.taskmill.application.port.in.SearchTasksUseCase;
import dev.taskmill.application.port.in.SubmitCallUseCase;
import dev.taskmill.application.port.in.SubmitTaskGroupUseCase;
import dev.taskmill.application.port.in.WaitForTaskUseCase;
import java.util.Objects;

/**
 * The inbound ports the REST adapter calls; {@code authenticate} tells who each request comes from,
 * {@code status} and {@code health} answer anyone.
 */
public record TaskUseCases(SubmitCallUseCase submit, GetTaskUseCase get, ListTasksUseCase list,
        CancelTaskUseCase cancel, AuthenticateUseCase authenticate, GetStatusUseCase status,
        SearchTasksUseCase search,
        SubmitTaskGroupUseCase submitGroup, GetTaskGroupSummaryUseCase summarizeGroup,
        CancelTaskGroupUseCase cancelGroup, GetHealthUseCase health, WaitForTaskUseCase waitFor) {

    public TaskUseCases {
        Objects.requireNonNull(submit, "submit");
        Objects.requireNonNull(get, "get");
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(authenticate, "authenticate");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(submitGroup, "submitGroup");
        Objects.requireNonNull(summarizeGroup, "summarizeGroup");
        Objects.requireNonNull(cancelGroup, "cancelGroup");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(waitFor, "waitFor");
    }
}
