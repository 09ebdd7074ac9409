package dev.taskmill.domain;

import static dev.taskmill.domain.TaskBuilder.aWaitingTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private final Task alicesTask = aWaitingTask().submittedBy("alice").build();
    private final Task anonymousTask = aWaitingTask().build();

    @Test
    void givenReadPermission_requireRead_allowsEveryTask() {
        Caller reader = Caller.user("rita", Set.of(Permission.READ));

        assertThatCode(() -> reader.requireRead(alicesTask)).doesNotThrowAnyException();
        assertThatCode(() -> reader.requireRead(anonymousTask)).doesNotThrowAnyException();
    }

    @Test
    void givenNoPermission_requireReadAndCancel_allowOnlyTheSubmittersOwnTasks() {
        Caller alice = Caller.user("alice", Set.of(Permission.CREATE));
        Caller bob = Caller.user("bob", Set.of(Permission.CREATE));

        assertThatCode(() -> alice.requireRead(alicesTask)).doesNotThrowAnyException();
        assertThatCode(() -> alice.requireCancel(alicesTask)).doesNotThrowAnyException();
        assertThatThrownBy(() -> bob.requireRead(alicesTask))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("User 'bob' may not read task " + alicesTask.id()
                        + ": permission 'read' is needed (or having submitted the task)");
        assertThatThrownBy(() -> bob.requireCancel(alicesTask))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("permission 'delete'");
        assertThatThrownBy(() -> alice.requireRead(anonymousTask)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void givenDeletePermission_requireCancel_allowsEveryTask_butNotReading() {
        Caller canceller = Caller.user("carl", Set.of(Permission.DELETE));

        assertThatCode(() -> canceller.requireCancel(alicesTask)).doesNotThrowAnyException();
        assertThatThrownBy(() -> canceller.requireRead(alicesTask)).isInstanceOf(AccessDeniedException.class);
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
