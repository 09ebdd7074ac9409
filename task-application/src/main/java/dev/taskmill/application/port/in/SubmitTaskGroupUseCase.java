package dev.taskmill.application.port.in;

import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.Caller;

/** Submits calls as one task group: admitted together, in order, in one step. */
public interface SubmitTaskGroupUseCase {

    /**
     * Admits every call as a waiting task of a new group, each accepted or postponed behind
     * conflicting tasks, the group's earlier calls included; or none of them.
     *
     * @return the group, its tasks in the order of the calls
     * @throws AccessDeniedException if the caller has no {@code create} permission
     * @throws InvalidCallException if a call names an unknown operation or its operation refuses
     *         the arguments; the message names the call ({@code calls[i]: ...}), and nothing is queued
     * @throws CallRejectedException if the matrix rejects a call; it names the call's index
     *         ({@link CallRejectedException#callIndex}), and nothing is queued
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    TaskGroup submitGroup(Caller caller, SubmitTaskGroupCommand command);
}
