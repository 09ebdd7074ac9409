package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.out.TaskRepositoryContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
