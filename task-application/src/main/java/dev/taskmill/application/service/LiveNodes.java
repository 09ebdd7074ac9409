package dev.taskmill.application.service;

import dev.taskmill.application.port.out.ClusterView;
import dev.taskmill.application.port.out.StoreUnavailableException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

/** The live servers as the store knows them, or none when it cannot be reached: the status page's and readiness's store check. */
final class LiveNodes {

    private static final System.Logger LOG = System.getLogger(LiveNodes.class.getName());

    private LiveNodes() {
    }

    /** The live servers, or empty when the store cannot be reached. */
    static Optional<List<ClusterView.Node>> of(ClusterView cluster, String asker) {
        try {
            return Optional.of(cluster.liveNodes());
        } catch (StoreUnavailableException e) {
            LOG.log(Level.DEBUG, asker + ": the store cannot be reached: " + e.getMessage());
            return Optional.empty();
        }
    }
}
