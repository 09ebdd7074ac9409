package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.out.RepositoryTestData;
import dev.taskmill.application.port.out.TaskRepositoryContractTest;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskBuilder;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The repository contract, against a real PostgreSQL server (see {@link TestDatabase}). */
class PostgresTaskRepositoryTest extends TaskRepositoryContractTest {

    private static PostgresStore store;

    @BeforeAll
    static void connect() {
        store = TestDatabase.open(8);
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    @Override
    protected TaskRepository newRepository() {
        TestDatabase.removeTasks(store);
        return store.repository();
    }

    @Test
    void givenTasksClaimedByTwoNodes_findClaimedHere_listsOnlyThisNodesClaims() {
        TaskRepository here = store.repository();
        TaskRepository otherNode = new PostgresTaskRepository(store.dataSource(), UUID.randomUUID(),
                Clock.fixed(TaskBuilder.T0, ZoneOffset.UTC));
        here.admit(RepositoryTestData.unclaimed());
        here.admit(RepositoryTestData.unclaimed());
        Task mine = here.claimNextRunnable(TaskBuilder.T0, TaskBuilder.WORKER).orElseThrow();
        otherNode.claimNextRunnable(TaskBuilder.T0, "taskmill-other-1").orElseThrow();

        assertThat(here.findClaimedHere()).containsExactly(mine);
    }
}
