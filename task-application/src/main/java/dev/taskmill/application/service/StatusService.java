package dev.taskmill.application.service;

import dev.taskmill.application.port.in.GetStatusUseCase;
import dev.taskmill.application.port.out.ClusterView;
import dev.taskmill.application.port.out.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/** The status: the live servers' workers, as the store knows them, and whether it answers. */
public final class StatusService implements GetStatusUseCase {

    private static final System.Logger LOG = System.getLogger(StatusService.class.getName());

    private final ClusterView cluster;
    private final String version;

    public StatusService(ClusterView cluster, String version) {
        this.cluster = cluster;
        this.version = version;
    }

    @Override
    public ServerStatus status() {
        List<ClusterView.Node> nodes;
        try {
            nodes = cluster.liveNodes();
        } catch (StoreUnavailableException e) {
            LOG.log(Level.DEBUG, "Status: the store cannot be reached: " + e.getMessage());
            return new ServerStatus(version, false, List.of());
        }
        List<Worker> workers = new ArrayList<>();
        for (ClusterView.Node node : nodes) {
            for (String worker : node.workerNames()) {
                workers.add(new Worker(worker, node.lastHeartbeat()));
            }
        }
        return new ServerStatus(version, true, workers);
    }
}
