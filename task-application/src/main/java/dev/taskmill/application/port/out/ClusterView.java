package dev.taskmill.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The servers that share the task store, as the status page shows them. */
public interface ClusterView {

    /**
     * The servers alive now, this one included.
     *
     * @throws StoreUnavailableException if the store cannot be reached
     */
    List<Node> liveNodes();

    /**
     * One server.
     *
     * @param name its name, stable while it runs, such as {@code taskmill-1a2b3c4d}
     * @param workers how many tasks it runs at once
     * @param lastHeartbeat when it last said it was alive
     */
    record Node(String name, int workers, Instant lastHeartbeat) {

        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lastHeartbeat, "lastHeartbeat");
        }
    }
}
