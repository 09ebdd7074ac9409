package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskId;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@link ClusterSignals} over PostgreSQL's {@code LISTEN/NOTIFY} on the channel
 * {@value #CHANNEL}: {@code work:<node>}, {@code stop:<node>:<task id>}, when a node starts
 * listening {@code hello:<node>}, and for those who follow the tasks {@code follow:<node>} (a
 * stream of events is open there; said again every {@value #FOLLOW_REFRESH_MILLIS} ms),
 * {@code unfollow:<node>}, {@code watch:<node>:<task id>[,...]} (someone there waits for
 * these tasks' ends) and {@code change:<node>:<kind><task id>[,...]} (these tasks changed here,
 * the kind a letter: {@code s}ubmitted, {@code t} started, {@code p}rogress, {@code e}nded,
 * {@code r}equeued), sent only while {@link ChangeInterests} says someone wants them. Each node
 * listens on a connection of its own and ignores
 * what it sent itself. While the heartbeats show no other node alive, and no hello came since,
 * nothing is announced: one node alone saves the round trips. When the listening connection
 * breaks, the node reconnects and looks for work, since announcements may have been missed.
 *
 * <p>Work is announced by a thread of its own, off the caller's path, at most once every
 * {@value #WORK_SPACING_MILLIS} ms: the announcements asked for meanwhile become one, as
 * each wakes an idle worker on every other node, and one is enough to send them looking.
 * Changes, waits and follows are announced by another thread, at once, in the order asked: what
 * came meanwhile goes out together, as many as one notification's payload holds.
 */
final class PostgresClusterSignals implements ClusterSignals {

    static final String CHANNEL = "taskmill";

    private static final System.Logger LOG = System.getLogger(PostgresClusterSignals.class.getName());
    private static final int POLL_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1_000;
    private static final long MAX_RECONNECT_MILLIS = 5_000;
    static final long WORK_SPACING_MILLIS = 50;
    static final long FOLLOW_REFRESH_MILLIS = 10_000;
    /** The longest payload of a notification; PostgreSQL takes up to 8000 bytes. */
    static final int MAX_PAYLOAD = 7_900;

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
    private final ChangeInterests interests = new ChangeInterests();
    /** Whether someone here follows every change. */
    private volatile boolean following;
    /** Changes and waits to announce, each {@code <kind letter><task id>} or {@code w<task id>}, in order; guarded by {@link #announcing}. */
    private List<String> changesPending = new ArrayList<>();
    /** Whether following here is to be said (again); guarded by {@link #announcing}. */
    private boolean followPending;
    private final Thread changeAnnouncer;

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
        this.changeAnnouncer = new Thread(this::announceChangesWhenAsked, "taskmill-cluster-change-announcer");
        changeAnnouncer.setDaemon(true);
        changeAnnouncer.start();
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
    public void announceChange(TaskChange.Kind kind, TaskId taskId) {
        if (interests.wanted(kind, taskId, System.nanoTime()) && othersAlive) {
            queueChange(letter(kind) + taskId.toString());
        }
    }

    @Override
    public void follow(boolean following) {
        this.following = following;
        synchronized (announcing) {
            followPending = true;
            announcing.notifyAll();
        }
    }

    @Override
    public void watch(TaskId taskId) {
        if (othersAlive) {
            queueChange("w" + taskId);
        }
    }

    private void queueChange(String entry) {
        synchronized (announcing) {
            changesPending.add(entry);
            announcing.notifyAll();
        }
    }

    private void announceChangesWhenAsked() {
        long nextFollow = System.nanoTime();
        try {
            while (!closed.get()) {
                List<String> changes;
                boolean sayFollow;
                synchronized (announcing) {
                    while (changesPending.isEmpty() && !followPending
                            && !(following && System.nanoTime() - nextFollow >= 0)) {
                        long waitMillis = following
                                ? Math.max(1, (nextFollow - System.nanoTime()) / 1_000_000)
                                : 0;
                        announcing.wait(waitMillis);
                    }
                    changes = changesPending;
                    changesPending = new ArrayList<>();
                    sayFollow = followPending || (following && System.nanoTime() - nextFollow >= 0);
                    followPending = false;
                }
                try {
                    if (sayFollow) {
                        notify((following ? "follow:" : "unfollow:") + node);
                        nextFollow = System.nanoTime() + FOLLOW_REFRESH_MILLIS * 1_000_000;
                    }
                    for (String payload : payloads(changes)) {
                        notify(payload);
                    }
                } catch (StorageException e) {
                    // a follower misses these changes; a waiter's sweep reads its task soon enough
                    LOG.log(Level.WARNING, "Could not tell the other nodes of changed tasks: " + e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /**
     * The notifications for {@code entries}, in their order: runs of changes as {@code change:}
     * and of waits as {@code watch:}, as many in one as fit.
     */
    List<String> payloads(List<String> entries) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = null;
        boolean watches = false;
        for (String entry : entries) {
            boolean watch = entry.charAt(0) == 'w';
            String item = watch ? entry.substring(1) : entry;
            if (payload != null && (watch != watches || payload.length() + 1 + item.length() > MAX_PAYLOAD)) {
                payloads.add(payload.toString());
                payload = null;
            }
            if (payload == null) {
                payload = new StringBuilder(watch ? "watch:" : "change:").append(node).append(':');
                watches = watch;
            } else {
                payload.append(',');
            }
            payload.append(item);
        }
        if (payload != null) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    private static char letter(TaskChange.Kind kind) {
        return switch (kind) {
            case SUBMITTED -> 's';
            case STARTED -> 't';
            case PROGRESS -> 'p';
            case ENDED -> 'e';
            case REQUEUED -> 'r';
        };
    }

    private static TaskChange.Kind kind(char letter) {
        return switch (letter) {
            case 's' -> TaskChange.Kind.SUBMITTED;
            case 't' -> TaskChange.Kind.STARTED;
            case 'p' -> TaskChange.Kind.PROGRESS;
            case 'e' -> TaskChange.Kind.ENDED;
            case 'r' -> TaskChange.Kind.REQUEUED;
            default -> throw new IllegalArgumentException("no kind of change: " + letter);
        };
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

    /** The store ended a lost node's task here: whoever follows it, here or on another node, hears of it. */
    void taskEndedHere(TaskId taskId) {
        Receiver local = receiver;
        if (local != null) {
            local.changeAnnounced(TaskChange.Kind.ENDED, taskId);
        }
        announceChange(TaskChange.Kind.ENDED, taskId);
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
        String sender = parts[1];
        if (parts[0].equals("work")) {
            receiver.workAnnounced();
        } else if (parts[0].equals("change") && parts.length == 3) {
            for (String item : parts[2].split(",")) {
                try {
                    receiver.changeAnnounced(kind(item.charAt(0)), TaskId.parse(item.substring(1)));
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    LOG.log(Level.WARNING, "Ignored a change announcement of no task: " + item);
                }
            }
        } else if (parts[0].equals("watch") && parts.length == 3) {
            for (String item : parts[2].split(",")) {
                try {
                    TaskId taskId = TaskId.parse(item);
                    if (interests.watches(taskId, System.nanoTime())) {
                        queueChange(letter(TaskChange.Kind.ENDED) + item); // it ended here just before
                    }
                } catch (IllegalArgumentException e) {
                    LOG.log(Level.WARNING, "Ignored a wait announcement for no task id: " + item);
                }
            }
        } else if (parts[0].equals("follow") || parts[0].equals("unfollow")) {
            interests.follows(sender, parts[0].equals("follow"), System.nanoTime());
        } else if (parts[0].equals("hello") && following) {
            follow(true); // the new node is to know
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
        changeAnnouncer.interrupt();
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
