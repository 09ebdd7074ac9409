package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.ClusterView;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link ClusterView} from the {@code node} table the servers' heartbeats keep ({@link NodeWatch}). */
final class PostgresClusterView implements ClusterView {

    private final DataSource pool;
    private final Duration timeout;

    PostgresClusterView(DataSource pool, Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    /** The name a server goes by: {@code taskmill-} and the first eight digits of its id. */
    static String name(UUID node) {
        return "taskmill-" + node.toString().substring(0, 8);
    }

    @Override
    public List<Node> liveNodes() {
        return Jdbc.withConnection(pool, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, workers, heartbeat FROM node"
                    + " WHERE heartbeat >= clock_timestamp() - make_interval(secs => ?) ORDER BY id")) {
                select.setDouble(1, timeout.toMillis() / 1000.0);
                List<Node> nodes = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        Timestamp heartbeat = result.getTimestamp(3);
                        nodes.add(new Node(name(result.getObject(1, UUID.class)), result.getInt(2),
                                heartbeat.toInstant()));
                    }
                }
                return nodes;
            }
        });
    }
}
