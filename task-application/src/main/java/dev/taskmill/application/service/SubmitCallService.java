package dev.taskmill.application.service;

import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.in.SubmitCallUseCase;
import dev.taskmill.application.port.out.EngineSignals;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskSubmission;
import java.time.Clock;

/** Validates a call with its operation, admits it and tells the engine that work may be runnable. */
public final class SubmitCallService implements SubmitCallUseCase {

    private final TaskRepository repository;
    private final Submissions submissions;
    private final EngineSignals engine;

    public SubmitCallService(TaskRepository repository, OperationCatalog operations,
            OperationEnvironment environment, EngineSignals engine, Clock clock) {
        this.repository = repository;
        this.submissions = new Submissions(operations, environment, clock);
        this.engine = engine;
    }

    @Override
    public Task submit(Caller caller, SubmitCallCommand command) {
        caller.require(Permission.CREATE, "submit calls");
        TaskSubmission submission = submissions.of(caller, command);
        // started at once by an idle worker when the engine offers one and the store can
        Task admitted = engine.admitOne(submission.id(), start -> StoreCalls.call(() -> start
                .map(worker -> repository.admitAndStart(submission, worker.now(), worker.worker()))
                .orElseGet(() -> repository.admit(submission))));
        Audit.submitted(caller, admitted);
        return admitted;
    }
}
