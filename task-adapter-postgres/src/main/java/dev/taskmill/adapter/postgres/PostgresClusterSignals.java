package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.domain.TaskId;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@link ClusterSignals} over PostgreSQL's {@code LISTEN/NOTIFY} on the channel
 * {@value #CHANNEL}: {@code work:<node>}, {@code stop:<node>:<task id>} and, when a node starts
 * listening, {@code hello:<node>}. Each node listens on a connection of its own and ignores
 * what it sent itself. While the heartbeats show no other node alive, and no hello came since,
 * nothing is announced: one node alone saves the round trips. When the listening connection
 * breaks, the node reconnects and looks for work, since announcements may have been missed.
 *
 * <p>Work is announced by a thread of its own, off the caller's path, at most once every
 * {@value #WORK_SPACING_MILLIS} ms: the announcements asked for meanwhile become one, as
 * each wakes an idle worker on every other node, and one is enough to send them looking.
 */
final class PostgresClusterSignals implements ClusterSignals {

    static final String CHANNEL = "taskmill";

    private static final System.Logger LOG = System.getLogger(PostgresClusterSignals.class.getName());
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1_000;
    private static final long MAX_RECONNECT_MILLIS = 5_000;
    static final long WORK_SPACING_MILLIS = 50;

    private final DataSource pool;
    private final String url;
    private final Properties credentials;
    private final String node;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread listener;

    private volatile Receiver receiver;
    /** Whether another node may be listening; announcements are skipped while none is. */
    private volatile boolean othersAlive = true;
    private final Object announcing = new Object();
    /** Whether work is to be announced; guarded by {@link #announcing}. */
    private boolean workPending;
    private final Thread announcer;

    PostgresClusterSignals(DataSource pool, String url, String user, String password, UUID node) {
        this.pool = pool;
        this.node = node.toString();
        this.url = url;
        this.credentials = new Properties();
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.announcer = new Thread(this::announceWorkWhenAsked, "taskmill-cluster-announcer");
        announcer.setDaemon(true);
        announcer.start();
    }

    @Override
    public void announceWork() {
        if (othersAlive) {
            synchronized (announcing) {
                workPending = true;
                announcing.notifyAll();
            }
        }
    }

    private void announceWorkWhenAsked() {
        try {
            while (!closed.get()) {
                synchronized (announcing) {
                    while (!workPending) {
                        announcing.wait();
                    }
                    workPending = false;
                }
                try {
                    notify("work:" + node);
                } catch (StorageException e) {
                    // the other nodes look for work on their own now and then
                    LOG.log(Level.WARNING, "Could not tell the other nodes of new work: " + e.getMessage());
                }
                Thread.sleep(WORK_SPACING_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void announceStop(TaskId taskId) {
        if (othersAlive) {
            notify("stop:" + node + ":" + taskId);
        }
    }

    /** What the heartbeats say: whether any other node is alive to hear announcements. */
    void othersAlive(boolean alive) {
        othersAlive = alive;
    }

    /** This node may claim again ({@link NodeWatch#mayClaim}): look for work here; the others need not hear of it. */
    void wakeHere() {
        Receiver local = receiver;
        if (local != null) {
            local.workAnnounced();
        }
    }

    /** Claims released by this node's own store work: look for work here, and tell the others. */
    void workReleasedHere() {
        Receiver local = receiver;
        if (local != null) {
            local.workAnnounced();
        }
        announceWork();
    }

    /** This node went unheard too long ({@link NodeWatch}): its engine is to stop what it runs. */
    void nodeLapsed(String why) {
        Receiver local = receiver;
        if (local != null) {
            local.nodeLapsed(why);
        }
    }

    private void notify(String payload) {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, CHANNEL);
            statement.setString(2, payload);
            statement.executeQuery().close();
        } catch (SQLException e) {
            throw new StorageException("PostgreSQL: cannot notify the other nodes: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void subscribe(Receiver receiver) {
        if (listener != null) {
            throw new IllegalStateException("Already subscribed");
        }
        this.receiver = receiver;
        Thread thread = new Thread(() -> listen(receiver), "taskmill-cluster-listener");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    /**
     * Listens until closed. A lost connection is said once, and tried again, waiting longer each
     * time up to {@value #MAX_RECONNECT_MILLIS} ms; once listening again, it says so.
     */
    private void listen(Receiver receiver) {
        boolean reconnecting = false;
        long reconnectMillis = RECONNECT_MILLIS;
        while (!closed.get()) {
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (reconnecting) {
                    LOG.log(Level.INFO, "Listening to the other nodes again");
                    receiver.workAnnounced();
                    reconnecting = false;
                    reconnectMillis = RECONNECT_MILLIS;
                }
                // the nodes already running learn at once that someone now listens
                notify("hello:" + node);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed.get()) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            deliver(notification.getParameter(), receiver);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                if (!reconnecting) {
                    LOG.log(Level.WARNING, "Listening to the other nodes failed; trying again: " + e.getMessage());
                }
                reconnecting = true;
                try {
                    Thread.sleep(reconnectMillis);
                } catch (InterruptedException interrupted) {
                    return;
                }
                reconnectMillis = Math.min(MAX_RECONNECT_MILLIS, reconnectMillis * 2);
            }
        }
    }

    private void deliver(String payload, Receiver receiver) {
        String[] parts = payload.split(":", 3);
        if (parts.length < 2 || parts[1].equals(node)) {
            return;
        }
        othersAlive = true;
        if (parts[0].equals("work")) {
            receiver.workAnnounced();
        } else if (parts[0].equals("stop") && parts.length == 3) {
            try {
                receiver.stopAnnounced(TaskId.parse(parts[2]));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "Ignored a stop announcement for no task id: " + payload);
            }
        }
    }

    @Override
    public void close() {
        closed.set(true);
        announcer.interrupt();
        Thread thread = listener;
        if (thread != null) {
            try {
                thread.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
