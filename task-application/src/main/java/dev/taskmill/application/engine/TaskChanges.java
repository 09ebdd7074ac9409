package dev.taskmill.application.engine;

import dev.taskmill.application.port.out.ClusterSignals;
import dev.taskmill.application.port.out.TaskChangeListener;
import dev.taskmill.application.port.out.TaskFeed;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.SearchField;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskChange;
import dev.taskmill.domain.TaskCondition;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the changes of tasks go, the one way for all of them: a change stored here
 * ({@link #storedHere}) goes to this node's listeners (the metrics), to whoever follows or waits
 * here, and is announced to the other nodes; a change another node announced
 * ({@link #announced}) is read from the store, on a thread of its own, and goes to whoever
 * follows or waits here. Progress goes to followers at most every {@value #PROGRESS_SPACING_MILLIS}
 * ms per task; {@link #sweep} tells every waiter now and then, in case a signal was lost.
 *
 * <p>Listeners and waiters are told on the thread that stored the change. Followers are told on
 * a thread of this feed's ({@code taskmill-feed-teller}): the storing thread only queues the
 * change ({@link ChangeOrder}), and the teller takes what was queued at once after a quiet spell,
 * then at most every {@value #TELL_MILLIS} ms while changes keep coming, so that what following
 * costs the engine's threads is one queuing, whatever the followers do.
 */
final class TaskChanges implements TaskFeed {

    private static final System.Logger LOG = System.getLogger(TaskChanges.class.getName());
    /** The least time between two progress changes of one task that followers hear of. */
    static final long PROGRESS_SPACING_MILLIS = 250;
    /** How often every waiter is told anyway, in case a signal was lost. */
    static final long SWEEP_MILLIS = 10_000;
    /** The least time between two takings of the changes queued for followers, while they keep coming. */
    static final long TELL_MILLIS = 1;
    /** The most announced changes read from the store in one search. */
    private static final int READ_BATCH = 500;

    private final List<TaskChangeListener> listeners;
    private final ClusterSignals signals;
    private final TaskRepository repository;
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    /** The tasks being admitted here, each with the changes stored before its submission was told. */
    private final ConcurrentMap<TaskId, List<TaskChange>> admitting = new ConcurrentHashMap<>();
    private final ConcurrentMap<TaskId, List<Waiter>> waiters = new ConcurrentHashMap<>();
    /** The last change of each recent task that went to followers, so that none goes after a later one. */
    private final ChangeOrder order = new ChangeOrder();
    /** When each running task's progress last went to followers, in nanoseconds. */
    private final ConcurrentMap<TaskId, Long> lastProgress = new ConcurrentHashMap<>();
    /** Changes announced by other nodes, not read yet, in the order they came; guarded by itself. */
    private final Map<TaskId, TaskChange.Kind> announced = new LinkedHashMap<>();
    /** The changes announced, by task, that came while a batch was being read; guarded by {@link #announced}. */
    private final List<Announcement> announcedBacklog = new ArrayList<>();
    private final Thread reader;
    private final Thread teller;
    /** Whether the teller waits, or is about to wait, for a change: the first change to see it wakes it. */
    private final AtomicBoolean tellerIdle = new AtomicBoolean();
    private volatile boolean closed;

    TaskChanges(List<TaskChangeListener> listeners, ClusterSignals signals, TaskRepository repository) {
        this.listeners = List.copyOf(listeners);
        this.signals = signals;
        this.repository = repository;
        this.reader = new Thread(this::readAnnounced, "taskmill-feed-reader");
        reader.setDaemon(true);
        reader.start();
        this.teller = new Thread(this::runTeller, "taskmill-feed-teller");
        teller.setDaemon(true);
        teller.start();
    }

    @Override
    public Subscription follow(Consumer<TaskChange> consumer) {
        Follower follower = new Follower(consumer);
        followers.add(follower);
        if (followers.size() == 1) {
            followingChanged();
        }
        return () -> {
            if (followers.remove(follower) && followers.isEmpty()) {
                followingChanged();
            }
        };
    }

    private void followingChanged() {
        try {
            signals.follow(!followers.isEmpty());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not tell the other nodes whether changes are followed here: " + e.getMessage());
        }
    }

    @Override
    public Subscription watch(TaskId taskId, Runnable mayHaveEnded) {
        Waiter waiter = new Waiter(mayHaveEnded);
        waiters.compute(taskId, (id, list) -> {
            List<Waiter> registered = list == null ? new CopyOnWriteArrayList<>() : list;
            registered.add(waiter);
            return registered;
        });
        try {
            signals.watch(taskId);
        } catch (RuntimeException e) {
            // the sweep tells the waiter soon enough
            LOG.log(Level.WARNING, "Could not tell the other nodes of a wait for task {0}: {1}", taskId, e.getMessage());
        }
        return () -> waiters.computeIfPresent(taskId, (id, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * Stores submissions through {@code admit} and tells of each (submitted) before any other
     * change of its task: a change a worker stores meanwhile is queued, and told right after, by
     * this thread; no thread waits for another's telling. Should {@code admit} fail, the changes
     * queued meanwhile are told all the same (the store kept the task though its answer was lost);
     * its submission, which this node cannot tell from one that was not stored, is not.
     */
    List<Task> admit(List<TaskId> ids, Supplier<List<Task>> admit) {
        ids.forEach(id -> admitting.put(id, new ArrayList<>(2)));
        List<Task> admitted;
        try {
            admitted = admit.get();
        } catch (RuntimeException e) {
            ids.forEach(this::tellQueued);
            throw e;
        }
        for (Task task : admitted) {
            tell(new TaskChange(TaskChange.Kind.SUBMITTED, task));
            tellQueued(task.id());
        }
        ids.forEach(admitting::remove);
        return admitted;
    }

    /**
     * Tells the changes of a task queued while its submission was told, until none is left; the
     * task is then no longer admitting, and its next change is told by the thread that stores it.
     * A change queued while others are told is told after them.
     */
    private void tellQueued(TaskId taskId) {
        List<List<TaskChange>> taken = new ArrayList<>(1);
        while (true) {
            admitting.computeIfPresent(taskId, (id, queued) -> {
                if (queued.isEmpty()) {
                    return null; // no longer admitting
                }
                taken.add(queued);
                return new ArrayList<>(2);
            });
            if (taken.isEmpty()) {
                return;
            }
            taken.remove(0).forEach(this::tell);
        }
    }

    /** A change stored here: this node's listeners, its followers and waiters hear of it, and the other nodes. */
    void storedHere(TaskChange change) {
        if (!admitting.isEmpty() && change.kind() != TaskChange.Kind.SUBMITTED) {
            boolean[] waits = {false};
            admitting.computeIfPresent(change.task().id(), (id, before) -> {
                before.add(change); // its submission, or a change queued before it, is not told yet
                waits[0] = true;
                return before;
            });
            if (waits[0]) {
                return;
            }
        }
        tell(change);
    }

    private void tell(TaskChange change) {
        for (TaskChangeListener listener : listeners) {
            try {
                listener.taskChanged(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A listener of task changes failed", e);
            }
        }
        if (!deliver(change)) {
            return;
        }
        try {
            signals.announceChange(change.kind(), change.task().id());
        } catch (RuntimeException e) {
            // their sweep tells their waiters soon enough; a follower there misses this change
            LOG.log(Level.WARNING, "Could not tell the other nodes that task {0} changed: {1}", change.task().id(),
                    e.getMessage());
        }
    }

    /**
     * Another node stored a change of task {@code taskId} (or the store made one itself): it is
     * read, on the reader's thread, and goes to whoever follows or waits here.
     */
    void announced(TaskChange.Kind kind, TaskId taskId) {
        if (followers.isEmpty() && (kind != TaskChange.Kind.ENDED || !waiters.containsKey(taskId))) {
            return; // nobody here to tell
        }
        synchronized (announced) {
            if (announced.containsKey(taskId)) {
                // one read serves both; the earlier kind is told first, with the task as read
                announcedBacklog.add(new Announcement(kind, taskId));
            } else {
                announced.put(taskId, kind);
            }
            announced.notifyAll();
        }
    }

    private void readAnnounced() {
        try {
            while (!closed) {
                List<Announcement> batch = new ArrayList<>();
                synchronized (announced) {
                    while (announced.isEmpty()) {
                        announced.wait();
                    }
                    for (Map.Entry<TaskId, TaskChange.Kind> entry : announced.entrySet()) {
                        if (batch.size() == READ_BATCH) {
                            break;
                        }
                        batch.add(new Announcement(entry.getValue(), entry.getKey()));
                    }
                    batch.forEach(announcement -> announced.remove(announcement.taskId()));
                    batch.addAll(announcedBacklog);
                    announcedBacklog.clear();
                }
                readAndDeliver(batch);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void readAndDeliver(List<Announcement> batch) {
        Map<TaskId, Task> read = new java.util.HashMap<>();
        try {
            List<Object> ids = batch.stream().map(announcement -> (Object) announcement.taskId().toString())
                    .distinct().toList();
            for (Task task : repository.search(new TaskSearch(new TaskCondition.OneOf(SearchField.TASK_ID, ids),
                    List.of(), 0, ids.size()))) {
                read.put(task.id(), task);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read {0} tasks other nodes changed: {1}", batch.size(), e.getMessage());
            return;
        }
        for (Announcement announcement : batch) {
            Task task = read.get(announcement.taskId());
            if (task == null) {
                continue;
            }
            // a submission read once its task went further (started by its admission, or since):
            // told as the admitting node told it, the task as admitted
            boolean submitted = announcement.kind() == TaskChange.Kind.SUBMITTED;
            deliver(new TaskChange(announcement.kind(), submitted ? task.asAdmitted() : task));
        }
    }

    /**
     * Tells waiters here, and queues the change for the followers; false if it was progress too soon
     * after the last. A change that comes after a later one of its task (by version, then kind: a
     * task read after another node's announcement may already be further along) goes to no follower.
     */
    private boolean deliver(TaskChange change) {
        TaskId id = change.task().id();
        switch (change.kind()) {
            case PROGRESS -> {
                long now = System.nanoTime();
                Long last = lastProgress.get(id);
                if (last != null && now - last < PROGRESS_SPACING_MILLIS * 1_000_000) {
                    return false;
                }
                lastProgress.put(id, now);
            }
            case ENDED, REQUEUED -> lastProgress.remove(id);
            default -> {
            }
        }
        if (!followers.isEmpty() && order.queueInOrder(change)
                && tellerIdle.get() && tellerIdle.compareAndSet(true, false)) {
            LockSupport.unpark(teller);
        }
        if (change.kind() == TaskChange.Kind.ENDED) {
            tell(id);
        }
        return true;
    }

    /**
     * The teller's loop: the changes queued go to the followers; then it waits {@value
     * #TELL_MILLIS} ms, or for the next change if none was queued.
     */
    private void runTeller() {
        try {
            while (!closed) {
                if (order.drainTo(this::tellFollowers) > 0) {
                    Thread.sleep(TELL_MILLIS);
                    continue;
                }
                // set before the last look: a change queued after it sees the flag
                tellerIdle.set(true);
                if (order.drainTo(this::tellFollowers) == 0 && !closed) {
                    LockSupport.park(this);
                }
                tellerIdle.set(false);
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "The feed's teller stopped: followers of task changes hear no more", e);
            throw e;
        }
    }

    private void tellFollowers(TaskChange change) {
        for (Follower follower : followers) {
            try {
                follower.consumer().accept(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A follower of task changes failed", e);
            }
        }
    }

    /** A run here is over, however it ended: its progress is no longer spaced. */
    void runEnded(TaskId taskId) {
        lastProgress.remove(taskId);
    }

    /** Tells every waiter, in case a signal was lost. */
    void sweep() {
        waiters.keySet().forEach(this::tell);
    }

    /** How many waits are registered here. */
    int waitCount() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    private void tell(TaskId taskId) {
        List<Waiter> registered = waiters.get(taskId);
        if (registered == null) {
            return;
        }
        for (Waiter waiter : registered) {
            try {
                waiter.mayHaveEnded().run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A waiter for task " + taskId + " failed", e);
            }
        }
    }

    void close() {
        closed = true;
        reader.interrupt();
        teller.interrupt();
    }

    private record Announcement(TaskChange.Kind kind, TaskId taskId) {
    }

    /** One registration of {@link #follow}; its identity tells it from another of the same consumer. */
    private static final class Follower {

        private final Consumer<TaskChange> consumer;

        Follower(Consumer<TaskChange> consumer) {
            this.consumer = consumer;
        }

        Consumer<TaskChange> consumer() {
            return consumer;
        }
    }

    /** One registration of {@link #watch}. */
    private static final class Waiter {

        private final Runnable mayHaveEnded;

        Waiter(Runnable mayHaveEnded) {
            this.mayHaveEnded = mayHaveEnded;
        }

        Runnable mayHaveEnded() {
            return mayHaveEnded;
        }
    }
}
