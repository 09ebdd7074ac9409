package dev.taskmill.application.service;

import dev.taskmill.application.port.in.GetStatusUseCase;
import dev.taskmill.application.port.out.ClusterView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The status: the live servers' workers, as the store knows them, and whether it answers. */
public final class StatusService implements GetStatusUseCase {

    private final ClusterView cluster;
    private final String version;

    public StatusService(ClusterView cluster, String version) {
        this.cluster = cluster;
        this.version = version;
    }

    @Override
    public ServerStatus status() {
        Optional<List<ClusterView.Node>> nodes = LiveNodes.of(cluster, "Status");
        if (nodes.isEmpty()) {
            return new ServerStatus(version, false, List.of());
        }
        List<Worker> workers = new ArrayList<>();
        for (ClusterView.Node node : nodes.get()) {
            for (String worker : node.workerNames()) {
                workers.add(new Worker(worker, node.lastHeartbeat()));
            }
        }
        return new ServerStatus(version, true, workers);
    }
}
