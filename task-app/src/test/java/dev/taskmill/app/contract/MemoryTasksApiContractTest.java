package dev.taskmill.app.contract;

import dev.taskmill.app.StoreConfig;

/** The API contract on the embedded in-memory store. */
class MemoryTasksApiContractTest extends TasksApiContractTest {

    @Override
    StoreConfig store() {
        return StoreConfig.memory();
    }
}
