package dev.taskmill.application.service;

import static dev.taskmill.domain.TaskBuilder.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.in.InvalidCallException;
import dev.taskmill.application.port.in.ServiceUnavailableException;
import dev.taskmill.application.port.in.SubmitCallCommand;
import dev.taskmill.application.port.in.SubmitTaskGroupCommand;
import dev.taskmill.application.port.in.TaskGroup;
import dev.taskmill.application.port.out.DelegatingTaskRepository;
import dev.taskmill.application.port.out.OperationCatalog;
import dev.taskmill.application.port.out.OperationEnvironment;
import dev.taskmill.application.port.out.SimpleTaskRepository;
import dev.taskmill.application.port.out.StoreUnavailableException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.AccessDeniedException;
import dev.taskmill.domain.CallRejectedException;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubmitTaskGroupServiceTest {

    private static final Caller SUBMITTER = Caller.user("sam", Set.of(Permission.CREATE));

    private final SimpleTaskRepository repository = new SimpleTaskRepository();
    private final RecordingEngine engine = new RecordingEngine();
    private final SubmitTaskGroupService service = service(repository);

    @Test
    void givenThreeCalls_submitGroup_storesThemInOneGroupInOrder_andTellsTheEngineOnce() {
        TaskGroup group = service.submitGroup(SUBMITTER, group(call("echo", Map.of(), create("r1")),
                call("echo", Map.of("text", "hi")), call("echo", Map.of(), update("r1"))));

        assertThat(group.tasks()).hasSize(3);
        assertThat(group.tasks()).allSatisfy(task -> {
            assertThat(task.jobId()).isEqualTo(group.id().toString());
            assertThat(task.submitter()).isEqualTo("sam");
            assertThat(task.state()).isEqualTo(TaskState.WAITING);
        });
        assertThat(group.tasks()).extracting(Task::response)
                .containsExactly(CallResponse.ACCEPTED, CallResponse.ACCEPTED, CallResponse.POSTPONED);
        assertThat(group.tasks().get(1).args()).isEqualTo(Map.of("text", "hi"));
        assertThat(GroupTasks.of(repository, group.id())).containsExactlyElementsOf(group.tasks());
        assertThat(engine.workSignals).isEqualTo(1);
    }

    @Test
    void givenAnUnknownOperationOrBadArgsInOneCall_submitGroup_namesTheCall_storingAndSignallingNothing() {
        assertThatThrownBy(() -> service.submitGroup(SUBMITTER, group(call("echo", Map.of()), call("nope", Map.of()))))
                .isInstanceOf(InvalidCallException.class)
                .hasMessage("calls[1]: Unknown operation 'nope'; this server runs: echo");
        assertThatThrownBy(() -> service.submitGroup(SUBMITTER, group(call("echo", Map.of()), call("echo", Map.of()),
                call("echo", Map.of("text", 7)))))
                .isInstanceOf(InvalidCallException.class)
                .hasMessage("calls[2]: Invalid args for operation 'echo': text must be a string");

        assertThat(repository.find(TaskFilter.incomplete(Set.of()), 0, 10)).isEmpty();
        assertThat(engine.workSignals).isZero();
    }

    @Test
    void givenThirdCallRejected_submitGroup_namesIt_storingAndSignallingNothing() {
        service.submitGroup(SUBMITTER, group(call("echo", Map.of(), create("r9"))));
        int signals = engine.workSignals;

        assertThatThrownBy(() -> service.submitGroup(SUBMITTER, group(call("echo", Map.of(), update("r1")),
                call("echo", Map.of()), call("echo", Map.of(), create("r9")))))
                .isInstanceOfSatisfying(CallRejectedException.class,
                        e -> assertThat(e.callIndex()).hasValue(2));

        assertThat(repository.find(TaskFilter.incomplete(Set.of()), 0, 10)).hasSize(1);
        assertThat(engine.workSignals).isEqualTo(signals);
    }

    @Test
    void givenCallerWithoutCreate_submitGroup_isDenied() {
        Caller reader = Caller.user("rita", Set.of(Permission.READ));

        assertThatThrownBy(() -> service.submitGroup(reader, group(call("echo", Map.of()))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(repository.find(TaskFilter.incomplete(Set.of()), 0, 10)).isEmpty();
    }

    @Test
    void givenStoreUnreachable_submitGroup_isServiceUnavailable_andSignalsNothing() {
        SubmitTaskGroupService unreachable = service(new DelegatingTaskRepository(repository) {
            @Override
            public List<Task> admitAll(List<TaskSubmission> submissions) {
                throw new StoreUnavailableException("connection refused", null);
            }
        });

        assertThatThrownBy(() -> unreachable.submitGroup(SUBMITTER, group(call("echo", Map.of()))))
                .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("connection refused");
        assertThat(engine.workSignals).isZero();
    }

    @Test
    void givenNoCallOrTooMany_theCommand_refusesThem() {
        assertThatThrownBy(() -> group()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("calls: a task group has 1 to 1000 calls, not 0");
        assertThatThrownBy(() -> new SubmitTaskGroupCommand(Collections.nCopies(1001, call("echo", Map.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("calls: a task group has 1 to 1000 calls, not 1001");
        assertThat(new SubmitTaskGroupCommand(Collections.nCopies(1000, call("echo", Map.of()))).calls())
                .hasSize(1000);
    }

    private SubmitTaskGroupService service(TaskRepository store) {
        return new SubmitTaskGroupService(store, OperationCatalog.of(List.of(new EchoOperation())),
                new OperationEnvironment(Path.of(".")), engine, Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static SubmitTaskGroupCommand group(SubmitCallCommand... calls) {
        return new SubmitTaskGroupCommand(List.of(calls));
    }

    private static SubmitCallCommand call(String operation, Map<String, Object> args, ResourceClaim... claims) {
        return new SubmitCallCommand(operation, args, List.of(claims), List.of(), Optional.empty());
    }

    private static ResourceClaim create(String resourceId) {
        return new ResourceClaim("repository", resourceId, ResourceOperation.CREATE);
    }

    private static ResourceClaim update(String resourceId) {
        return new ResourceClaim("repository", resourceId, ResourceOperation.UPDATE);
    }
}
