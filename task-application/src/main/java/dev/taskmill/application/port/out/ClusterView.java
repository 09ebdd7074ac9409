package dev.taskmill.application.port.out;

import java.time.Instant;
import java.util.ArrayList;
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
     * The name of worker {@code n} (1 to its number of workers) of the server named {@code node}:
     * {@code <node>-<n>}, such as {@code taskmill-1a2b3c4d-2}. The status page lists the workers
     * by it, and a task records the worker that ran it by it.
     */
    static String workerName(String node, int n) {
        Objects.requireNonNull(node, "node");
        if (n < 1) {
            throw new IllegalArgumentException("workers are numbered from 1, not " + n);
        }
        return node + "-" + n;
    }

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

        /** Its workers' names, worker 1 first ({@link ClusterView#workerName}). */
        public List<String> workerNames() {
            List<String> names = new ArrayList<>(workers);
            for (int n = 1; n <= workers; n++) {
                names.add(workerName(name, n));
            }
            return names;
        }
    }
}
