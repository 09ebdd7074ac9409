package dev.taskmill.app.contract;

import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.TestPostgres;

/** The events of tasks on the PostgreSQL store: the test database of {@link TestPostgres}, emptied first. */
class PostgresTaskEventsApiContractTest extends TaskEventsApiContractTest {

    @Override
    StoreConfig store() {
        return TestPostgres.emptyDatabase(dataDir);
    }
}
