package dev.taskmill.application.port.out;

/** What the engine says of itself, for the readiness check; implemented by the engine. */
public interface EngineStatus {

    /** Whether the engine was started and every one of its workers takes tasks. */
    boolean workersRunning();

    /** Whether the engine is stopping (a shutdown began): it takes no new task. */
    boolean stopping();
}
