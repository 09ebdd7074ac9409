package dev.taskmill.app.contract;

import dev.taskmill.app.StoreConfig;


/** The events of tasks on the embedded in-memory store. */
class MemoryTaskEventsApiContractTest extends TaskEventsApiContractTest {

    @Override
    StoreConfig store() {
        return StoreConfig.memory();
    }
}
