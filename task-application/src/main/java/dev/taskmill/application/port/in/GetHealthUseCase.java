package dev.taskmill.application.port.in;

/**
 * Whether this server is ready for work, for a load balancer or Kubernetes: asked often, by
 * anyone, and never fails. That the process serves at all (liveness) needs no use case: the
 * transport answering is the answer.
 */
public interface GetHealthUseCase {

    /** Each readiness check now; a store that cannot be reached is part of the answer. */
    Readiness readiness();

    /**
     * @param storeAnswers whether the task store answers
     * @param workersRunning whether every worker of this server takes tasks
     * @param accepting whether this server is not shutting down
     */
    record Readiness(boolean storeAnswers, boolean workersRunning, boolean accepting) {

        /** Whether every check passed. */
        public boolean ready() {
            return storeAnswers && workersRunning && accepting;
        }
    }
}
