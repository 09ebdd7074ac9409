package dev.taskmill.app.contract;

import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.TestPostgres;

/** The API contract on PostgreSQL: the test database of {@link TestPostgres}, emptied first. */
class PostgresTasksApiContractTest extends TasksApiContractTest {

    @Override
    StoreConfig store() {
        return TestPostgres.emptyDatabase(dataDir);
    }
}
