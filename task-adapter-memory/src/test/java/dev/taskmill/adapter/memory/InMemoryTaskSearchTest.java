package dev.taskmill.adapter.memory;

import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.application.port.out.TaskSearchContractTest;

class InMemoryTaskSearchTest extends TaskSearchContractTest {

    @Override
    protected TaskRepository newRepository() {
        return new InMemoryTaskRepository();
    }
}
