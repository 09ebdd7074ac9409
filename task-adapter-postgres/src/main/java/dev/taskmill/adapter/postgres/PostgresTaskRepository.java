package dev.taskmill.adapter.postgres;

import dev.taskmill.adapter.postgres.CompletionBatcher.Completions;
import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Admission;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * {@link TaskRepository} in PostgreSQL, shared by any number of Taskmill nodes.
 *
 * <p>Admission is atomic across the nodes ({@link Admissions}). Claiming takes the oldest waiting
 * task that no earlier holder conflicts with, {@code FOR UPDATE SKIP LOCKED}, so that no two
 * workers anywhere get the same task. Updates are optimistic on the task's version.
 */
public final class PostgresTaskRepository implements TaskRepository {

    /** How many expired tasks one retention statement removes, so that no lock is held long. */
    static final int REMOVAL_BATCH = 1_000;


    /**
     * The tasks ({@code t}) a node claimed that still hold their claims: running, or ended by a
     * cancel or time-out while their operation may still run. A node's watch ends or releases
     * them when the node is lost ({@link NodeWatch}); migration 6 indexes them by node.
     */
    static final String CLAIMED_BY = "NOT t.claims_released AND t.state <> 'waiting' AND t.node IS NOT NULL";

    /** The claim of one task by the worker {@code ?}, as {@link #claimSql} builds it. */
    static final String CLAIM = claimSql("ARRAY[?::text]");
    /**
     * The claims after changes of the tasks {@code ?} (a {@code uuid[]}) by their workers
     * {@code ?} (a {@code text[]}, the worker of each change in the same order), in the changes'
     * transaction: one per change stored, that is per task whose row is the version this
     * transaction wrote, by the worker of that change; the oldest task claimed goes to the first
     * change stored, in the changes' order, the next to the second, and so on.
     */
    static final String CLAIM_AFTER_CHANGES = claimSql("ARRAY(SELECT c.worker FROM unnest(?::uuid[], ?::text[])"
            + " WITH ORDINALITY AS c(id, worker, n) JOIN task done ON done.id = c.id"
            + " WHERE done.xmin = pg_current_xact_id_if_assigned()::xid ORDER BY c.n)");

    private final DataSource dataSource;
    private final TaskRows rows;
    private final UUID node;
    private final Admissions admissions;
    private final TaskListing listing;
    private final CompletionBatcher completions;
    private final BooleanSupplier mayClaim;

    /**
     * A repository whose claimed tasks are marked as run by {@code node}; a gathered completion
     * call starts its claims no earlier than {@code clock} says it goes.
     */
    public PostgresTaskRepository(DataSource dataSource, UUID node, Clock clock) {
        this(dataSource, node, clock, () -> true);
    }

    /**
     * A repository that claims only while {@code mayClaim} says so: a node whose heartbeat is
     * late may be taken for lost by the others, who would end what it claims while it runs.
     */
    PostgresTaskRepository(DataSource dataSource, UUID node, Clock clock, BooleanSupplier mayClaim) {
        this.mayClaim = Objects.requireNonNull(mayClaim, "mayClaim");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.node = Objects.requireNonNull(node, "node");
        this.rows = new TaskRows();
        this.admissions = new Admissions(dataSource, rows);
        this.listing = new TaskListing(dataSource, rows);
        this.completions = new CompletionBatcher(this::updateAllAndClaimNext, clock);
    }

    /**
     * The claim: the oldest waiting tasks no earlier holder conflicts with, one for each of the
     * workers {@code workers} (SQL, a {@code text[]}) names, started as {@link Task#start} does:
     * the oldest by the first worker, the next oldest by the second, and so on (the tasks
     * picked, numbered in position order, and the workers joined by their numbers). The store's
     * statement count stays what it was: the workers' names travel as one more parameter.
     * An accepted task never conflicts with an earlier holder: none held a conflicting claim
     * when it was admitted, and tasks admitted since come after it. The others are checked by
     * a subquery per task; {@code OFFSET 0} keeps the planner from hashing the whole table of
     * held claims for it instead. The matrix's conflicts are one array test, not a disjunction
     * of fourteen pairs: PostgreSQL sets up a statement's expressions at every execution, and
     * the pairs cost about a tenth of what a claim and a completion cost it.
     */
    private static String claimSql(String workers) {
        return "WITH w AS MATERIALIZED (SELECT " + workers + " AS names)"
                + " UPDATE task SET state = ?, start_nanos = ?, node = ?, worker_name = w.names[p.n],"
                + " version = task.version + 1"
                + " FROM w, unnest(ARRAY(SELECT t.id FROM task t WHERE t.state = 'waiting'"
                + " AND (t.response = '" + CallResponse.ACCEPTED.wireName() + "' OR NOT EXISTS ("
                + " SELECT 1 FROM held_claim mine JOIN held_claim earlier"
                + " ON earlier.resource_type = mine.resource_type AND earlier.resource_id = mine.resource_id"
                + " AND earlier.position < mine.position"
                + " WHERE mine.task_id = t.id AND " + conflictingPairs() + " OFFSET 0))"
                + " ORDER BY t.position LIMIT cardinality(w.names) FOR UPDATE OF t SKIP LOCKED))"
                + " WITH ORDINALITY AS p(claimed, n)"
                + " WHERE task.id = p.claimed RETURNING " + TaskRows.COLUMNS;
    }

    /**
     * The matrix's conflicts as SQL over {@code earlier.operation} and {@code mine.operation}:
     * whether the pair, as {@code "earlier mine"}, is one of the conflicting pairs.
     */
    private static String conflictingPairs() {
        StringJoiner pairs = new StringJoiner(", ", "(earlier.operation || ' ' || mine.operation) = ANY (ARRAY[", "])");
        for (ResourceOperation earlier : ResourceOperation.values()) {
            for (ResourceOperation later : ResourceOperation.values()) {
                if (ConflictMatrix.conflicts(earlier, later)) {
                    pairs.add("'" + earlier.wireName() + " " + later.wireName() + "'");
                }
            }
        }
        return pairs.toString();
    }

    @Override
    public Task admit(TaskSubmission submission) {
        return admissions.admit(submission);
    }

    /** Admits only while this node may not claim (see {@link #claimNextRunnable}). */
    @Override
    public Task admitAndStart(TaskSubmission submission, Instant now, String worker) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(worker, "worker");
        if (!mayClaim.getAsBoolean()) {
            return admit(submission);
        }
        return admissions.admitAndStart(submission, now, worker, node);
    }

    /** Claims nothing while this node may not claim (its heartbeat is late: see {@link NodeWatch#mayClaim}). */
    @Override
    public Optional<Task> claimNextRunnable(Instant now, String worker) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(worker, "worker");
        if (!mayClaim.getAsBoolean()) {
            return Optional.empty();
        }
        return Jdbc.withConnection(dataSource, connection -> {
            try (PreparedStatement claim = keysNotScans(connection, CLAIM)) {
                claim.setString(1, worker);
                bindClaim(claim, 2, now);
                try (ResultSet result = resultAfterSetting(claim)) {
                    return result.next() ? Optional.of(rows.read(result)) : Optional.empty();
                }
            }
        });
    }

    /**
     * The statement that counts the tasks in {@code state}: the state is written in it (one
     * statement per state, from the enum's names), so that even on the generic plan this store's
     * connections use PostgreSQL counts waiting and running tasks on an index, reading their
     * entries only: their partial indexes ({@code task_waiting_position}, {@code task_running_node})
     * or the states' ({@code task_state_position}), as it estimates best ({@code QueryPlanTest}).
     */
    static String countSql(TaskState state) {
        return "SELECT count(*) FROM task WHERE state = '" + state.wireName() + "'";
    }

    @Override
    public long count(TaskState state) {
        Objects.requireNonNull(state, "state");
        return Jdbc.withConnection(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement(countSql(state))) {
                try (ResultSet result = select.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<Task> findById(TaskId id) {
        Objects.requireNonNull(id, "id");
        return Jdbc.withConnection(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + TaskRows.COLUMNS + " FROM task WHERE id = ?")) {
                select.setObject(1, id.value());
                try (ResultSet result = select.executeQuery()) {
                    return result.next() ? Optional.of(rows.read(result)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Task> find(TaskFilter filter, long after, int limit) {
        return listing.find(filter, after, limit);
    }

    @Override
    public List<Task> search(TaskSearch search) {
        return listing.search(search);
    }

    /** The tasks this node claimed that hold their claims still ({@link #CLAIMED_BY}). */
    @Override
    public List<Task> findClaimedHere() {
        return Jdbc.withConnection(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + TaskRows.COLUMNS
                    + " FROM task t WHERE " + CLAIMED_BY + " AND t.node = ? ORDER BY t.position")) {
                select.setObject(1, node);
                List<Task> running = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        running.add(rows.read(result));
                    }
                }
                return running;
            }
        });
    }

    @Override
    public Task update(Task changed) {
        Objects.requireNonNull(changed, "changed");
        // one statement: atomic without a transaction around it
        Set<TaskId> written = Jdbc.withConnection(dataSource, connection -> {
            try (PreparedStatement update = keysNotScans(connection, WRITE)) {
                rows.bindChanges(connection, update, 1, List.of(changed));
                try (ResultSet result = resultAfterSetting(update)) {
                    return written(result);
                }
            }
        });
        if (written.isEmpty()) {
            throw new ConcurrentTaskUpdateException(changed.id(), changed.version());
        }
        return changed.withVersion(changed.version() + 1);
    }

    /**
     * Gathered with the concurrent callers' into one round trip ({@link CompletionBatcher}): a
     * round trip costs more than the statements it carries. The claims start when that round
     * trip goes: at {@code now}, or later if the call waited for the one before.
     */
    @Override
    public Optional<Task> updateAndClaimNext(Task changed, Instant now, String worker) {
        Objects.requireNonNull(changed, "changed");
        Objects.requireNonNull(now, "now");
        return completions.updateAndClaimNext(new CompletionBatcher.Change(changed, worker), now);
    }

    /**
     * {@link CompletionBatcher.Batch}: one round trip and one transaction, the changes as
     * {@link #update} stores one, in one statement, then the claims, which see the claims the
     * changes released, each by the worker of the change stored it goes to.
     */
    Completions updateAllAndClaimNext(List<CompletionBatcher.Change> batch, Instant now) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(now, "now");
        if (batch.isEmpty()) {
            return new Completions(Set.of(), List.of());
        }
        List<Task> changes = batch.stream().map(CompletionBatcher.Change::changed).toList();
        requireOneChangePerTask(changes);
        boolean claim = mayClaim.getAsBoolean();
        return Jdbc.withConnection(dataSource, connection -> {
            try (PreparedStatement statement = keysNotScans(connection,
                    claim ? WRITE + "; " + CLAIM_AFTER_CHANGES : WRITE)) {
                Array ids = rows.bindChanges(connection, statement, 1, changes);
                if (claim) {
                    statement.setArray(TaskRows.CHANGE_PARAMETERS + 1, ids);
                    TaskRows.setTexts(statement, TaskRows.CHANGE_PARAMETERS + 2, batch, CompletionBatcher.Change::worker);
                    bindClaim(statement, TaskRows.CHANGE_PARAMETERS + 3, now);
                }
                Set<TaskId> written;
                try (ResultSet result = resultAfterSetting(statement)) {
                    written = written(result);
                }
                List<Task> claimed = new ArrayList<>();
                if (claim) {
                    if (!statement.getMoreResults()) {
                        throw new IllegalStateException("The claim after the changes returned no rows");
                    }
                    try (ResultSet result = statement.getResultSet()) {
                        while (result.next()) {
                            claimed.add(rows.read(result));
                        }
                    }
                }
                // oldest first, as the workers are numbered: the i-th goes to the worker of the i-th change stored
                claimed.sort(Comparator.comparingLong(Task::position));
                Set<TaskId> stale = new HashSet<>();
                for (Task changed : changes) {
                    if (!written.contains(changed.id())) {
                        stale.add(changed.id());
                    }
                }
                return new Completions(stale, claimed);
            }
        });
    }

    /** One UPDATE joins the changes to their rows: two changes of one row would both look stored. */
    private static void requireOneChangePerTask(List<Task> changes) {
        Set<TaskId> tasks = new HashSet<>();
        for (Task changed : changes) {
            if (!tasks.add(changed.id())) {
                throw new IllegalArgumentException("Two of the changes are of task " + changed.id());
            }
        }
    }

    private void bindClaim(PreparedStatement claim, int first, Instant now) throws SQLException {
        claim.setString(first, TaskState.RUNNING.wireName());
        claim.setLong(first + 1, TaskRows.nanos(now));
        claim.setObject(first + 2, node);
    }

    @Override
    public List<Task> admitAll(List<TaskSubmission> submissions) {
        return admissions.admitAll(submissions);
    }


    @Override
    public int removeFinishedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        long cutoffNanos = TaskRows.nanos(cutoff);
        int removed = 0;
        int batch;
        do {
            batch = Jdbc.withConnection(dataSource, connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM task WHERE id IN ("
                        + "SELECT id FROM task WHERE claims_released AND finish_nanos < ? ORDER BY finish_nanos LIMIT ?)")) {
                    delete.setLong(1, cutoffNanos);
                    delete.setInt(2, REMOVAL_BATCH);
                    return delete.executeUpdate();
                }
            });
            removed += batch;
        } while (batch == REMOVAL_BATCH);
        return removed;
    }

    /**
     * Changes in one statement, their columns bound by {@link TaskRows#bindChanges}:
     * {@code changed} stores each at the next version if its version is still the stored one
     * and it does not take back released claims; {@code released} then drops the held claims
     * of the tasks whose change released them. Its rows are the ids of the tasks changed.
     */
    static final String WRITE = "WITH change AS (SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[]) AS c(id, version, state, progress, result, exception, traceback,"
            + " start_nanos, finish_nanos, claims_released, job_id, schedule_id, error_code, worker_name)),"
            + " changed AS (UPDATE task SET state = c.state, progress = c.progress::json, result = c.result::json,"
            + " exception = c.exception, traceback = c.traceback, start_nanos = c.start_nanos,"
            + " finish_nanos = c.finish_nanos, claims_released = c.claims_released, job_id = c.job_id,"
            + " schedule_id = c.schedule_id, error_code = c.error_code, worker_name = c.worker_name,"
            + " version = c.version + 1 FROM change c"
            + " WHERE task.id = c.id AND task.version = c.version AND (NOT task.claims_released OR c.claims_released)"
            + " RETURNING task.id, task.claims_released),"
            + " released AS (DELETE FROM held_claim WHERE task_id IN (SELECT id FROM changed WHERE claims_released))"
            + " SELECT id FROM changed";

    /**
     * Sent before the claims and the changes, in the same round trip and implicit transaction:
     * their plan, made once per connection ({@link PostgresStore#GENERIC_PLANS}), finds the tasks
     * by their keys and the waiting queue's index, not by reading the whole table. Planned while
     * the table is small (a new store, or one just emptied, before PostgreSQL's statistics catch
     * up), they would scan it, and go on scanning it on that connection as it grows: a claim or
     * a change read every task. The setting lasts until the end of the statements it precedes.
     */
    static final String KEYS_NOT_SCANS = "SELECT set_config('enable_seqscan', 'off', true)";

    /** {@code sql} prepared after {@link #KEYS_NOT_SCANS}; its result is {@link #resultAfterSetting}'s. */
    private static PreparedStatement keysNotScans(Connection connection, String sql) throws SQLException {
        return connection.prepareStatement(KEYS_NOT_SCANS + "; " + sql);
    }

    /** Executes {@code statement}, prepared by {@link #keysNotScans}, and returns the result after the setting's. */
    private static ResultSet resultAfterSetting(PreparedStatement statement) throws SQLException {
        statement.execute();
        if (!statement.getMoreResults()) {
            throw new IllegalStateException("The statement after the setting returned no rows");
        }
        return statement.getResultSet();
    }

    /** The ids of the tasks {@link #WRITE} changed. */
    private static Set<TaskId> written(ResultSet changed) throws SQLException {
        Set<TaskId> ids = new HashSet<>();
        while (changed.next()) {
            ids.add(new TaskId(changed.getObject(1, UUID.class)));
        }
        return ids;
    }
}
