package dev.taskmill.domain;

import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private final Task alicesTask = aWaitingTask().submittedBy("alice").build();
    private final Task anonymousTask = aWaitingTask().build();

    @Test
    void givenReadPermission_accessToRead_allowsEveryTask() {
        Caller reader = Caller.user("rita", Set.of(Permission.READ));

        assertThat(read(reader, alicesTask)).isEqualTo(alicesTask);
        assertThat(read(reader, anonymousTask)).isEqualTo(anonymousTask);
    }

    @Test
    void givenNoPermission_access_allowsOnlyTheSubmittersOwnTasks() {
        Caller alice = Caller.user("alice", Set.of(Permission.CREATE));
        Caller bob = Caller.user("bob", Set.of(Permission.CREATE));

        assertThat(read(alice, alicesTask)).isEqualTo(alicesTask);
        assertThat(cancel(alice, alicesTask)).isEqualTo(alicesTask);
        assertThatThrownBy(() -> read(bob, alicesTask))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("User 'bob' may not read task " + alicesTask.id()
                        + ": permission 'read' is needed (or having submitted the task)");
        assertThatThrownBy(() -> cancel(bob, alicesTask))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("permission 'delete'");
        assertThatThrownBy(() -> read(alice, anonymousTask)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void givenDeletePermission_accessToCancel_allowsEveryTask_butNotReading() {
        Caller canceller = Caller.user("carl", Set.of(Permission.DELETE));

        assertThat(cancel(canceller, alicesTask)).isEqualTo(alicesTask);
        assertThatThrownBy(() -> read(canceller, alicesTask)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void givenMissingTask_access_isMissingForACallerWithThePermission_andDeniedAlikeForOthers() {
        Caller reader = Caller.user("rita", Set.of(Permission.READ));
        Caller bob = Caller.user("bob", Set.of(Permission.CREATE));
        String action = "read task " + alicesTask.id();

        assertThatThrownBy(() -> reader.access(Permission.READ, action, Optional.empty(), Missing::new))
                .isInstanceOf(Missing.class);
        // the same refusal as for another user's task: nothing tells bob whether the task exists
        assertThatThrownBy(() -> bob.access(Permission.READ, action, Optional.empty(), Missing::new))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("User 'bob' may not read task " + alicesTask.id()
                        + ": permission 'read' is needed (or having submitted the task)");
    }

    private static Task read(Caller caller, Task task) {
        return caller.access(Permission.READ, "read task " + task.id(), Optional.of(task), Missing::new);
    }

    private static Task cancel(Caller caller, Task task) {
        return caller.access(Permission.DELETE, "cancel task " + task.id(), Optional.of(task), Missing::new);
    }

    private static final class Missing extends RuntimeException {
    }

    @Test
    void givenGroup_accessGroup_allowsThePermissionOnEveryGroup_andTheSubmitterOnlyOnAGroupWhollyTheirs() {
        Caller alice = Caller.user("alice", Set.of(Permission.CREATE));
        Caller reader = Caller.user("rita", Set.of(Permission.READ));
        Task alicesOther = aWaitingTask().submittedBy("alice").build();
        Task bobsTask = aWaitingTask().submittedBy("bob").build();
        List<Task> alicesGroup = List.of(alicesTask, alicesOther);
        List<Task> mixedGroup = List.of(alicesTask, bobsTask);

        assertThat(readGroup(alice, alicesGroup)).isEqualTo(alicesGroup);
        assertThat(readGroup(reader, mixedGroup)).isEqualTo(mixedGroup);
        assertThatThrownBy(() -> readGroup(alice, mixedGroup))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("User 'alice' may not read task group g: permission 'read' is needed"
                        + " (or having submitted every task of the group)");
    }

    @Test
    void givenGroupWithoutTasks_accessGroup_isMissingForACallerWithThePermission_andDeniedAlikeForOthers() {
        Caller reader = Caller.user("rita", Set.of(Permission.READ));
        Caller alice = Caller.user("alice", Set.of(Permission.CREATE));

        assertThatThrownBy(() -> readGroup(reader, List.of())).isInstanceOf(Missing.class);
        assertThatThrownBy(() -> readGroup(alice, List.of())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> readGroup(alice, List.of(anonymousTask))).isInstanceOf(AccessDeniedException.class)
                .hasMessage("User 'alice' may not read task group g: permission 'read' is needed"
                        + " (or having submitted every task of the group)");
    }

    private static List<Task> readGroup(Caller caller, List<Task> tasks) {
        return caller.accessGroup(Permission.READ, "read task group g", tasks, Missing::new);
    }

    @Test
    void givenMissingPermission_require_refusesNamingIt() {
        Caller reader = Caller.user("rita", Set.of(Permission.READ));

        assertThatThrownBy(() -> reader.require(Permission.CREATE, "submit calls"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("User 'rita' may not submit calls: permission 'create' is needed");
    }

    @Test
    void visible_narrowsTheFilterToOwnTasks_onlyWithoutReadPermission() {
        TaskFilter all = TaskFilter.incomplete(Set.of(Tag.of("a")));

        assertThat(Caller.user("rita", Set.of(Permission.READ)).visible(all)).isEqualTo(all);
        assertThat(Caller.user("alice", Set.of()).visible(all)).isEqualTo(all.submittedBy("alice"));
        assertThat(Caller.anonymous().visible(all)).isEqualTo(all);
    }

    @Test
    void anonymous_hasEveryPermission_andOwnsNothing() {
        Caller anonymous = Caller.anonymous();

        assertThat(anonymous.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
        assertThat(anonymousTask.isSubmittedBy(anonymous.name())).isFalse();
        assertThat(anonymous).hasToString("anonymous");
    }
}
