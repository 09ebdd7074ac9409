package dev.taskmill.app.contract;

import dev.taskmill.app.StoreConfig;
import dev.taskmill.app.TestPostgres;

/** The search contract on PostgreSQL: the test database of {@link TestPostgres}, emptied first. */
class PostgresTaskSearchApiContractTest extends TaskSearchApiContractTest {

    @Override
    StoreConfig store() {
        return TestPostgres.emptyDatabase(dataDir);
    }
}
