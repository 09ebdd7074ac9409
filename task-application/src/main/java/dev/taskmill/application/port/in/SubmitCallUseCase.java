package dev.taskmill.application.port.in;

import dev.taskmill.domain.CallRejectedException;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Task;

/** Submits a call to run asynchronously. */
public interface SubmitCallUseCase {

    /**
     * Admits the call as a waiting task, accepted or postponed behind conflicting tasks.
     *
     * @return the admitted task
     * @throws AccessDeniedException if the caller has no {@code create} permission
     * @throws InvalidCallException if the operation is unknown or refuses the arguments
     * @throws CallRejectedException if the call's claims conflict in a way the matrix rejects;
     *         nothing is queued then
     * @throws ServiceUnavailableException if the task store cannot be reached at the moment
     */
    Task submit(Caller caller, SubmitCallCommand command);
}
