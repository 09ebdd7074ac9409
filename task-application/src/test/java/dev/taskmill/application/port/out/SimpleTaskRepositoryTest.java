package dev.taskmill.application.port.out;

/** The contract, against the application's own simple store, which its other tests run on. */
class SimpleTaskRepositoryTest extends TaskRepositoryContractTest {

    @Override
    protected TaskRepository newRepository() {
        return new SimpleTaskRepository();
    }
}
