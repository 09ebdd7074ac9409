package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.domain.ErrorCode;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * This node's heartbeat, and the recovery of nodes that stopped beating. Every
 * {@code timeout / 6} the node records a heartbeat (in the database's own time, so that the
 * nodes' clocks need not agree) and looks for running tasks whose node has been silent for
 * longer than {@code timeout}, or has signed off: they end in {@code error}, saying the node
 * was lost, and release their claims, so that the tasks behind them run. Silent nodes are
 * then forgotten.
 *
 * <p>The node also watches itself: when it finds that its own last heartbeat is older than
 * {@code timeout} (a long pause of the process, a frozen machine, the database out of reach),
 * the other nodes may have ended its running tasks, so it tells this node's engine to stop
 * them ({@code lapsed}). It checks before each heartbeat, and on a second thread that never
 * waits for the database.
 *
 * <p>Heartbeats go over a connection of their own, not the pool's: after an outage, workers
 * and requests queue for the pool's connections, and a heartbeat waiting behind them would let
 * a node that is alive be taken for lost.
 */
final class NodeWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeWatch.class.getName());

    private final DataSource pool;
    private final String url;
    private final Properties beatCredentials;
    /** Guards the heartbeats' connection; never held by {@link #checkLapse}, which must not wait on the database. */
    private final Object beatLock = new Object();
    /** The heartbeats' own connection, opened when needed; guarded by {@link #beatLock}. */
    private Connection beatConnection;
    private final PostgresTaskRepository repository;
    private final UUID node;
    private final int workers;
    private final Duration timeout;
    private final Clock clock;
    private final Runnable workReleased;
    /** Told of each lost node's task this watch ended: whoever waits for it answers. */
    private final Consumer<TaskId> taskEnded;
    /** Wakes this node's workers only: the others lost nothing while this one was late. */
    private final Runnable mayClaimAgain;
    private final Consumer<Boolean> othersAlive;
    private final Consumer<String> lapsed;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "taskmill-node-watch");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * When the last heartbeat that was stored was sent ({@link System#nanoTime}); written under
     * this object's lock, read without it by {@link #mayClaim}, which every claim asks.
     */
    private volatile long lastBeatNanos;
    /** Whether the last beat or watch failed; on the watch's thread only. */
    private boolean failing;
    /** Whether this node has told of its lapse since its last stored heartbeat; guarded by this. */
    private boolean lapseTold;

    NodeWatch(DataSource pool, String url, String user, String password, PostgresTaskRepository repository, UUID node,
            int workers, Duration timeout, Clock clock, Runnable workReleased, Consumer<TaskId> taskEnded,
            Runnable mayClaimAgain, Consumer<Boolean> othersAlive, Consumer<String> lapsed) {
        this.taskEnded = taskEnded;
        this.mayClaimAgain = mayClaimAgain;
        this.workers = workers;
        this.url = url;
        this.beatCredentials = new Properties();
        if (user != null) {
            beatCredentials.setProperty("user", user);
        }
        if (password != null) {
            beatCredentials.setProperty("password", password);
        }
        // a beat that cannot go within a fraction of the timeout fails, and the next tries anew
        long waitSeconds = Math.max(1, timeout.toSeconds() / 4);
        beatCredentials.setProperty("connectTimeout", Long.toString(waitSeconds));
        beatCredentials.setProperty("socketTimeout", Long.toString(waitSeconds));
        beatCredentials.setProperty("ApplicationName", "taskmill-heartbeat");
        this.othersAlive = othersAlive;
        this.lapsed = lapsed;
        this.pool = pool;
        this.repository = repository;
        this.node = node;
        this.timeout = timeout;
        this.clock = clock;
        this.workReleased = workReleased;
    }

    /** Records the first heartbeat, then beats and watches on a timer of its own. */
    void start() {
        beat();
        long period = period();
        timer.scheduleWithFixedDelay(this::beatAndWatch, period, period, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::checkLapse, period / 2, period / 2, TimeUnit.MILLISECONDS);
    }

    private void beatAndWatch() {
        try {
            checkLapse();
            beat();
            recoverLostNodes();
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "Heartbeats are recorded again");
            }
        } catch (RuntimeException | SQLException e) {
            // said once, not at every beat: the database may be away for a while
            LOG.log(failing ? Level.DEBUG : Level.WARNING, "Heartbeat or lost-node check failed: " + e.getMessage());
            failing = true;
        }
    }

    /** Tells this node's engine, once per lapse, when its last stored heartbeat is older than the timeout. */
    private void checkLapse() {
        String why;
        synchronized (this) {
            long silentNanos = System.nanoTime() - lastBeatNanos;
            if (lapseTold || silentNanos <= timeout.toNanos()) {
                return;
            }
            lapseTold = true;
            why = "went unheard for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms, longer than the node"
                    + " timeout of " + timeout.toMillis() + " ms";
        }
        LOG.log(Level.WARNING, "This node " + why + ": the other nodes may have ended its running tasks");
        lapsed.accept(why);
    }

    private void stored(long sentNanos) {
        boolean wasLate;
        synchronized (this) {
            wasLate = lastBeatNanos != 0 && !mayClaim();
            lastBeatNanos = sentNanos;
            lapseTold = false;
        }
        if (wasLate) {
            mayClaimAgain.run(); // this node's workers claimed nothing meanwhile: they look again
        }
    }

    /**
     * Whether this node may claim tasks: its last stored heartbeat is younger than the timeout
     * by a heartbeat period at least. A node whose heartbeat is later than that may be taken for
     * lost before a task it claimed has run; the others take its heartbeat from the database's
     * clock, which stored it no earlier than it was sent.
     */
    boolean mayClaim() {
        return System.nanoTime() - lastBeatNanos < timeout.toNanos() - TimeUnit.MILLISECONDS.toNanos(period());
    }

    private long period() {
        return Math.max(50, timeout.toMillis() / 6);
    }

    private void beat() {
        synchronized (beatLock) {
            beatOnce();
        }
    }

    private void beatOnce() {
        long sentNanos = System.nanoTime();
        try {
            if (beatConnection == null) {
                beatConnection = DriverManager.getConnection(url, beatCredentials);
            }
            try (PreparedStatement beat = beatConnection.prepareStatement("INSERT INTO node (id, workers)"
                        + " VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET heartbeat = clock_timestamp()");
                    PreparedStatement others = beatConnection.prepareStatement("SELECT EXISTS (SELECT 1 FROM node"
                        + " WHERE id <> ? AND heartbeat >= clock_timestamp() - make_interval(secs => ?))")) {
                beat.setObject(1, node);
                beat.setInt(2, workers);
                beat.executeUpdate();
                stored(sentNanos);
                others.setObject(1, node);
                others.setDouble(2, timeout.toMillis() / 1000.0);
                try (ResultSet result = others.executeQuery()) {
                    result.next();
                    othersAlive.accept(result.getBoolean(1));
                }
            }
        } catch (SQLException e) {
            closeBeatConnection(); // the next beat connects anew
            throw new StorageException("PostgreSQL: cannot record the heartbeat: " + e.getMessage(), e);
        }
    }

    private void closeBeatConnection() {
        synchronized (beatLock) {
            if (beatConnection != null) {
                try {
                    beatConnection.close();
                } catch (SQLException e) {
                    // it is gone either way
                }
                beatConnection = null;
            }
        }
    }

    /**
     * Ends the running tasks of nodes without a recent heartbeat, or that signed off, releases the
     * claims of those a cancel or time-out ended while they ran there, and forgets those nodes.
     */
    void recoverLostNodes() throws SQLException {
        List<TaskId> orphans = new ArrayList<>();
        List<UUID> nodes = new ArrayList<>();
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT t.id, t.node FROM task t"
                        + " WHERE " + PostgresTaskRepository.CLAIMED_BY + " AND NOT EXISTS (SELECT 1 FROM node n WHERE n.id = t.node"
                        + " AND n.heartbeat >= clock_timestamp() - make_interval(secs => ?))")) {
            select.setDouble(1, timeout.toMillis() / 1000.0);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    orphans.add(new TaskId(result.getObject(1, UUID.class)));
                    nodes.add(result.getObject(2, UUID.class));
                }
            }
        }
        int ended = 0;
        for (int i = 0; i < orphans.size(); i++) {
            if (end(orphans.get(i), nodes.get(i))) {
                ended++;
            }
        }
        try (Connection connection = pool.getConnection();
                PreparedStatement forget = connection.prepareStatement("DELETE FROM node"
                        + " WHERE heartbeat < clock_timestamp() - make_interval(secs => ?)")) {
            forget.setDouble(1, timeout.toMillis() / 1000.0);
            forget.executeUpdate();
        }
        if (ended > 0) {
            LOG.log(Level.WARNING, "Ended {0} tasks of lost nodes in error, or released their claims", ended);
            workReleased.run();
        }
    }

    private boolean end(TaskId id, UUID lostNode) {
        try {
            Task held = repository.findById(id).orElse(null);
            if (held == null || !held.holdsClaims() || held.state() == TaskState.WAITING) {
                return false;
            }
            boolean running = held.state() == TaskState.RUNNING;
            Task ended = running
                    ? repository.update(held.fail(ErrorCode.NODE_LOST, "NodeLostError: the node running this task ("
                            + lostNode + ") stopped its heartbeat for more than " + timeout.toMillis() + " ms", null,
                            clock.instant()))
                    : held; // cancelled or timed out while it ran there: its operation stopped with the node
            repository.update(ended.releaseClaims());
            if (running) {
                taskEnded.accept(id);
            }
            return true;
        } catch (ConcurrentTaskUpdateException e) {
            return false; // changed meanwhile, by its node after all or by another watcher: theirs stands
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closeBeatConnection();
        try (Connection connection = pool.getConnection();
                PreparedStatement leave = connection.prepareStatement("DELETE FROM node WHERE id = ?")) {
            leave.setObject(1, node);
            leave.executeUpdate();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not sign this node off: " + e.getMessage());
        }
    }
}
