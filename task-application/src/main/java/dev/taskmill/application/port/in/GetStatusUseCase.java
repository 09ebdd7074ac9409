package dev.taskmill.application.port.in;

import java.time.Instant;
import java.util.List;

/** How the service is: what Pulp 2's status page tells anyone who asks, without a login. */
public interface GetStatusUseCase {

    /** The status now; never fails: a store that cannot be reached is part of the answer. */
    ServerStatus status();

    /**
     * @param version this server's version
     * @param storeConnected whether the task store answers
     * @param workers the workers of every live server, by name, with their server's last heartbeat
     */
    record ServerStatus(String version, boolean storeConnected, List<Worker> workers) {

        public ServerStatus {
            workers = List.copyOf(workers);
        }
    }

    /** One worker: {@code taskmill-<server>-<n>}. */
    record Worker(String name, Instant lastHeartbeat) {
    }
}
