package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.out.TaskSearchContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The search contract against a real PostgreSQL server: the SQL means what the conditions mean. */
class PostgresTaskSearchTest extends TaskSearchContractTest {

    private static PostgresStore store;

    @BeforeAll
    static void connect() {
        store = TestDatabase.open(4);
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
