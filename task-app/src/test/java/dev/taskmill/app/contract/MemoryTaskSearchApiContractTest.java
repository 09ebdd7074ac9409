package dev.taskmill.app.contract;

import dev.taskmill.app.StoreConfig;

/** The search contract on the embedded store. */
class MemoryTaskSearchApiContractTest extends TaskSearchApiContractTest {

    @Override
    StoreConfig store() {
        return StoreConfig.memory();
    }
}
