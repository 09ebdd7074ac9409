package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.ServiceUnavailableException;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.StoreUnavailableException;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.Caller;
import dev.taskmill.domain.Permission;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubmitCallServiceTest {

    private static final Caller SUBMITTER = Caller.user("sam", Set.of(Permission.CREATE));

    private final SimpleTaskRepository repository = new SimpleTaskRepository();
    private final RecordingEngine engine = new RecordingEngine();
    private final SubmitCallService service = new SubmitCallService(repository,
            OperationCatalog.of(List.of(new EchoOperation())), new OperationEnvironment(Path.of(".")), engine,
            Clock.fixed(T0, ZoneOffset.UTC));

    @Test
    void givenValidCall_submit_storesAWaitingTaskOfTheCaller_andTellsTheEngineOnce() {
        Task admitted = service.submit(SUBMITTER, call("echo", Map.of("text", "hi"), update("r1")));

        assertThat(admitted.state()).isEqualTo(TaskState.WAITING);
        assertThat(admitted.response()).isEqualTo(CallResponse.ACCEPTED);
        assertThat(admitted.submitter()).isEqualTo("sam");
        assertThat(admitted.submitTime()).isEqualTo(T0);
        assertThat(repository.findById(admitted.id())).contains(admitted);
        assertThat(engine.workSignals).isEqualTo(1);
    }

    @Test
    void givenConflictingCall_submit_storesItPostponed_andStillTellsTheEngine() {
        service.submit(SUBMITTER, call("echo", Map.of(), update("r1")));

        Task second = service.submit(SUBMITTER, call("echo", Map.of(), update("r1")));

        assertThat(second.response()).isEqualTo(CallResponse.POSTPONED);
        assertThat(engine.workSignals).isEqualTo(2);
    }

    @Test
    void givenUnknownOperationOrBadArgs_submit_refusesIt_storingAndSignallingNothing() {
        assertThatThrownBy(() -> service.submit(SUBMITTER, call("nope", Map.of())))
                .isInstanceOf(InvalidCallException.class)
                .hasMessage("Unknown operation 'nope'; this server runs: echo");
        assertThatThrownBy(() -> service.submit(SUBMITTER, call("echo", Map.of("text", 7))))
                .isInstanceOf(InvalidCallException.class)
                .hasMessage("Invalid args for operation 'echo': text must be a string");

        assertThat(repository.find(TaskFilter.incomplete(Set.of()), 0, 10)).isEmpty();
        assertThat(engine.workSignals).isZero();
    }

    @Test
    void givenCallerWithoutCreate_submit_isDenied_storingAndSignallingNothing() {
        Caller reader = Caller.user("rita", Set.of(Permission.READ));

        assertThatThrownBy(() -> service.submit(reader, call("echo", Map.of())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(repository.find(TaskFilter.incomplete(Set.of()), 0, 10)).isEmpty();
        assertThat(engine.workSignals).isZero();
    }

    @Test
    void givenStoreUnreachable_submit_isServiceUnavailable_andSignalsNothing() {
        SubmitCallService unreachable = new SubmitCallService(new DelegatingTaskRepository(repository) {
            @Override
            public Task admit(TaskSubmission submission) {
                throw new StoreUnavailableException("connection refused", null);
            }
        }, OperationCatalog.of(List.of(new EchoOperation())), new OperationEnvironment(Path.of(".")), engine,
                Clock.fixed(T0, ZoneOffset.UTC));

        assertThatThrownBy(() -> unreachable.submit(SUBMITTER, call("echo", Map.of())))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("cannot be reached").hasMessageContaining("connection refused");
        assertThat(engine.workSignals).isZero();
    }

    private static SubmitCallCommand call(String operation, Map<String, Object> args, ResourceClaim... claims) {
        return new SubmitCallCommand(operation, args, List.of(claims), List.of(), Optional.empty());
    }

    private static ResourceClaim update(String resourceId) {
        return new ResourceClaim("repository", resourceId, ResourceOperation.UPDATE);
    }
}
