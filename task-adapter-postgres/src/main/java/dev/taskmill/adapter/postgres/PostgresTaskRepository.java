package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Admission;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceKey;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link TaskRepository} in PostgreSQL, shared by any number of Taskmill nodes.
 *
 * <p>Admission takes a transaction-scoped advisory lock per claimed resource, in one fixed
 * order, reads the claims still held on those resources and decides with the domain's
 * {@link ConflictMatrix}: two nodes admitting conflicting calls at once are serialized on
 * the resource, exactly as one node would be. Positions come from a sequence drawn under
 * those locks, so per-resource order is admission order. Claiming takes the oldest waiting
 * task that no earlier holder conflicts with, {@code FOR UPDATE SKIP LOCKED}, so that no two
 * workers anywhere get the same task. Updates are optimistic on the task's version.
 */
public final class PostgresTaskRepository implements TaskRepository {

    /** How many expired tasks one retention statement removes, so that no lock is held long. */
    static final int REMOVAL_BATCH = 1_000;

    private static final String COLUMNS = "id, position, operation, args, claims, tags, cancellable, timeout_nanos,"
            + " job_id, schedule_id, response, reasons, state, progress, result, exception, traceback, submit_nanos,"
            + " submitter, start_nanos, finish_nanos, claims_released, version";

    /** The claim of one task, as {@link #claimSql} builds it. */
    static final String CLAIM = claimSql("1");
    /**
     * The claims after changes of the tasks {@code ?} (a {@code uuid[]}), in the changes'
     * transaction: one per change stored, that is per task whose row is the version this
     * transaction wrote.
     */
    static final String CLAIM_AFTER_CHANGES = claimSql("(SELECT count(*) FROM task done WHERE done.id = ANY (?)"
            + " AND done.xmin = pg_current_xact_id_if_assigned()::xid)");

    private final DataSource dataSource;
    private final TaskRows rows = new TaskRows();
    private final UUID node;

    /** A repository whose claimed tasks are marked as run by {@code node}. */
    public PostgresTaskRepository(DataSource dataSource, UUID node) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.node = Objects.requireNonNull(node, "node");
    }

    /**
     * The claim: the oldest waiting tasks no earlier holder conflicts with, {@code limit} (SQL) of
     * them, started as {@link Task#start} does.
     * An accepted task never conflicts with an earlier holder: none held a conflicting claim
     * when it was admitted, and tasks admitted since come after it. The others are checked by
     * a subquery per task; {@code OFFSET 0} keeps the planner from hashing the whole table of
     * held claims for it instead. The matrix's conflicts are one array test, not a disjunction
     * of fourteen pairs: PostgreSQL sets up a statement's expressions at every execution, and
     * the pairs cost about a tenth of what a claim and a completion cost it.
     */
    private static String claimSql(String limit) {
        return "UPDATE task SET state = ?, start_nanos = ?, node = ?, version = version + 1"
                + " WHERE id = ANY (ARRAY(SELECT t.id FROM task t WHERE t.state = 'waiting'"
                + " AND (t.response = '" + CallResponse.ACCEPTED.name() + "' OR NOT EXISTS ("
                + " SELECT 1 FROM held_claim mine JOIN held_claim earlier"
                + " ON earlier.resource_type = mine.resource_type AND earlier.resource_id = mine.resource_id"
                + " AND earlier.position < mine.position"
                + " WHERE mine.task_id = t.id AND " + conflictingPairs() + " OFFSET 0))"
                + " ORDER BY t.position LIMIT " + limit + " FOR UPDATE OF t SKIP LOCKED)) RETURNING " + COLUMNS;
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
        Objects.requireNonNull(submission, "submission");
        List<ResourceKey> keys = lockOrder(submission.claims());
        // most calls find nothing held on their resources, and the matrix accepts them: one
        // round trip takes the locks and stores the task unless, under the locks, claims are held
        Admission unopposed = ConflictMatrix.decide(List.of(), submission.claims());
        Task accepted = submission.admit(0, unopposed).withVersion(1);
        OptionalLong position = withConnection(connection -> insertUnlessHeld(connection, keys, accepted));
        if (position.isPresent()) {
            return submission.admit(position.getAsLong(), unopposed).withVersion(1);
        }
        return inTransaction(connection -> {
            lock(connection, keys);
            // a statement of its own: it must see what the holders of those locks committed
            Admission decision = ConflictMatrix.decide(heldOn(connection, keys), submission.claims());
            // a rejection throws here, and the transaction rolls back: nothing is stored
            Task task = submission.admit(0, decision).withVersion(1);
            return submission.admit(insert(connection, task), decision).withVersion(1);
        });
    }

    @Override
    public Optional<Task> claimNextRunnable(Instant now) {
        Objects.requireNonNull(now, "now");
        return withConnection(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                bindClaim(claim, 1, now);
                try (ResultSet result = claim.executeQuery()) {
                    return result.next() ? Optional.of(rows.read(result)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Task> findById(TaskId id) {
        Objects.requireNonNull(id, "id");
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM task WHERE id = ?")) {
                select.setObject(1, id.value());
                try (ResultSet result = select.executeQuery()) {
                    return result.next() ? Optional.of(rows.read(result)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Task> find(TaskFilter filter, long after, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return withConnection(connection -> {
            try (PreparedStatement select = prepareFind(connection, "", filter, after, limit)) {
                List<Task> tasks = new ArrayList<>();
                try (ResultSet result = listed(select)) {
                    while (result.next()) {
                        tasks.add(rows.read(result));
                    }
                }
                return tasks;
            }
        });
    }

    /**
     * The listing query for {@code filter}, its parameters bound, after {@code prefix} (such as
     * {@code EXPLAIN}); {@link #listed} runs it. It is planned for its values at each run, in the
     * same transaction as the setting that asks for it: whether a tag or a state is rare decides
     * between reading in position order and collecting the matches first, where a plan made once
     * for every value, as the store's other statements have ({@link PostgresStore#GENERIC_PLANS}),
     * would guess.
     */
    static PreparedStatement prepareFind(Connection connection, String prefix, TaskFilter filter, long after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT set_config('plan_cache_mode', 'force_custom_plan', true); "
                + prefix + "SELECT " + COLUMNS + " FROM task WHERE position > ?");
        if (!filter.states().isEmpty()) {
            sql.append(" AND state = ANY (?)");
        }
        if (!filter.tags().isEmpty()) {
            sql.append(" AND tags @> ?");
        }
        if (filter.submitter() != null) {
            sql.append(" AND submitter = ?");
        }
        sql.append(" ORDER BY position LIMIT ?");
        PreparedStatement select = connection.prepareStatement(sql.toString());
        int index = 1;
        select.setLong(index++, after);
        if (!filter.states().isEmpty()) {
            select.setArray(index++, TaskRows.textArray(connection, filter.states(), TaskState::wireName));
        }
        if (!filter.tags().isEmpty()) {
            select.setArray(index++, TaskRows.textArray(connection, filter.tags(), Tag::value));
        }
        if (filter.submitter() != null) {
            select.setString(index++, filter.submitter());
        }
        select.setInt(index, limit);
        return select;
    }

    /** Runs a statement of {@link #prepareFind}; the listing's rows. */
    static ResultSet listed(PreparedStatement find) throws SQLException {
        find.execute();
        if (!find.getMoreResults()) {
            throw new IllegalStateException("The listing returned no rows");
        }
        return find.getResultSet();
    }

    @Override
    public Task update(Task changed) {
        Objects.requireNonNull(changed, "changed");
        // one statement: atomic without a transaction around it
        Set<TaskId> written = withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(WRITE)) {
                rows.bindChanges(connection, update, 1, List.of(changed));
                try (ResultSet result = update.executeQuery()) {
                    return written(result);
                }
            }
        });
        if (written.isEmpty()) {
            throw new ConcurrentTaskUpdateException(changed.id(), changed.version());
        }
        return changed.withVersion(changed.version() + 1);
    }

    /** One round trip, as {@link #updateAllAndClaimNext} makes it for one change. */
    @Override
    public Optional<Task> updateAndClaimNext(Task changed, Instant now) {
        Objects.requireNonNull(changed, "changed");
        Completions done = updateAllAndClaimNext(List.of(changed), now);
        if (!done.stale().isEmpty()) {
            throw new ConcurrentTaskUpdateException(changed.id(), changed.version());
        }
        return done.claimed().stream().findFirst();
    }

    /** A round trip costs more than the statements it carries: gather the workers' completions. */
    @Override
    public boolean prefersBatches() {
        return true;
    }

    /**
     * One round trip and one transaction: the changes as {@link #update} stores one, in one
     * statement, then the claims, which see the claims the changes released.
     */
    @Override
    public Completions updateAllAndClaimNext(List<Task> changes, Instant now) {
        Objects.requireNonNull(changes, "changes");
        Objects.requireNonNull(now, "now");
        if (changes.isEmpty()) {
            return new Completions(Set.of(), List.of());
        }
        // one UPDATE joins the changes to their rows: two changes of one row would both look stored
        TaskRepository.requireOneChangePerTask(changes);
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(WRITE + "; " + CLAIM_AFTER_CHANGES)) {
                Array ids = rows.bindChanges(connection, statement, 1, changes);
                bindClaim(statement, TaskRows.CHANGE_PARAMETERS + 1, now);
                statement.setArray(TaskRows.CHANGE_PARAMETERS + 4, ids);
                statement.execute();
                Set<TaskId> written;
                try (ResultSet result = statement.getResultSet()) {
                    written = written(result);
                }
                if (!statement.getMoreResults()) {
                    throw new IllegalStateException("The claim after the changes returned no rows");
                }
                List<Task> claimed = new ArrayList<>();
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        claimed.add(rows.read(result));
                    }
                }
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

    private void bindClaim(PreparedStatement claim, int first, Instant now) throws SQLException {
        claim.setString(first, TaskState.RUNNING.wireName());
        claim.setLong(first + 1, TaskRows.nanos(now));
        claim.setObject(first + 2, node);
    }

    @Override
    public int removeFinishedBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        long cutoffNanos = TaskRows.nanos(cutoff);
        int removed = 0;
        int batch;
        do {
            batch = withConnection(connection -> {
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

    /** The claimed resources, each once, in the one order every admission locks them in. */
    private static List<ResourceKey> lockOrder(List<ResourceClaim> claims) {
        TreeSet<ResourceKey> keys = new TreeSet<>(Comparator.comparing(ResourceKey::resourceType)
                .thenComparing(ResourceKey::resourceId));
        for (ResourceClaim claim : claims) {
            keys.add(claim.key());
        }
        return List.copyOf(keys);
    }

    /**
     * Takes each resource's advisory lock until the transaction ends, in the order of
     * {@code keys}: the id hashed with the type's hash as seed, one 64-bit key per resource.
     */
    private static void lock(Connection connection, List<ResourceKey> keys) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
            bindKeys(connection, lock, 1, keys);
            lock.executeQuery().close();
        }
    }

    /**
     * The claims held on the resource {@code r}: a lateral subquery, so that the index on the
     * resource serves it however small the table was when the plan was cached.
     */
    private static final String HELD_ON_R = "SELECT h.operation, h.position, h.ordinal FROM held_claim h"
            + " WHERE h.resource_type = r.type AND h.resource_id = r.id";

    private static final String LOCK = "SELECT count(pg_advisory_xact_lock(hashtextextended(r.id,"
            + " hashtextextended(r.type, 0)))) FROM unnest(?::text[], ?::text[]) AS r(type, id)";

    /**
     * Stores {@code task}, accepted, unless claims are held on {@code keys}: one round trip of
     * two statements in one implicit transaction, the lock and then the insert, which sees
     * what the earlier holders of those locks committed. The stored task's position, or none.
     */
    private OptionalLong insertUnlessHeld(Connection connection, List<ResourceKey> keys, Task task)
            throws SQLException {
        if (keys.isEmpty()) {
            return OptionalLong.of(insert(connection, task));
        }
        try (PreparedStatement insert = connection.prepareStatement(LOCK + "; " + insertSql(true))) {
            bindKeys(connection, insert, 1, keys);
            rows.bindAll(connection, insert, 3, task);
            bindKeys(connection, insert, 3 + TaskRows.ALL_PARAMETERS, keys);
            bindClaims(connection, insert, 5 + TaskRows.ALL_PARAMETERS, task.claims());
            insert.execute();
            if (!insert.getMoreResults()) {
                throw new IllegalStateException("The admission statement returned no rows");
            }
            try (ResultSet stored = insert.getResultSet()) {
                return stored.next() ? OptionalLong.of(stored.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw duplicate(task, e);
        }
    }

    /** Stores {@code task} and the claims it holds at the next position, which it returns: one statement. */
    private long insert(Connection connection, Task task) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertSql(false))) {
            rows.bindAll(connection, insert, 1, task);
            bindClaims(connection, insert, 1 + TaskRows.ALL_PARAMETERS, task.claims());
            try (ResultSet stored = insert.executeQuery()) {
                stored.next();
                return stored.getLong(1);
            }
        } catch (SQLException e) {
            throw duplicate(task, e);
        }
    }

    /**
     * The task's row and its held claims: the row's parameters, then with {@code unlessHeld}
     * the resource keys none of which may be held, then the claims.
     */
    private static String insertSql(boolean unlessHeld) {
        return "WITH stored AS (INSERT INTO task (" + COLUMNS + ") SELECT ?, nextval('task_position'), ?, ?::json,"
                + " ?::json, ?, ?, ?, ?, ?, ?, ?::json, ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?, ?, ?"
                + (unlessHeld ? " WHERE NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[]) AS r(type, id),"
                        + " LATERAL (" + HELD_ON_R + " LIMIT 1) AS h)" : "")
                + " RETURNING id, position),"
                + " claimed AS (INSERT INTO held_claim (task_id, ordinal, position, resource_type, resource_id,"
                + " operation) SELECT stored.id, c.n - 1, stored.position, c.type, c.id, c.operation FROM stored,"
                + " unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS c(type, id, operation, n))"
                + " SELECT position FROM stored";
    }

    private static void bindClaims(Connection connection, PreparedStatement insert, int first,
            List<ResourceClaim> claims) throws SQLException {
        insert.setArray(first, TaskRows.textArray(connection, claims, ResourceClaim::resourceType));
        insert.setArray(first + 1, TaskRows.textArray(connection, claims, ResourceClaim::resourceId));
        insert.setArray(first + 2, TaskRows.textArray(connection, claims, claim -> claim.operation().wireName()));
    }

    private static void bindKeys(Connection connection, PreparedStatement statement, int first,
            List<ResourceKey> keys) throws SQLException {
        statement.setArray(first, TaskRows.textArray(connection, keys, ResourceKey::resourceType));
        statement.setArray(first + 1, TaskRows.textArray(connection, keys, ResourceKey::resourceId));
    }

    private static SQLException duplicate(Task task, SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            throw new IllegalArgumentException("Task " + task.id() + " is already stored", e);
        }
        return e;
    }

    /** The claims held on {@code keys}, oldest first. */
    private static List<ResourceClaim> heldOn(Connection connection, List<ResourceKey> keys) throws SQLException {
        List<ResourceClaim> held = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT r.type, r.id, h.operation"
                + " FROM unnest(?::text[], ?::text[]) AS r(type, id), LATERAL (" + HELD_ON_R + ") AS h"
                + " ORDER BY h.position, h.ordinal")) {
            bindKeys(connection, select, 1, keys);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    held.add(new ResourceClaim(result.getString(1), result.getString(2),
                            ResourceOperation.fromWireName(result.getString(3))));
                }
            }
        }
        return held;
    }

    /**
     * Changes in one statement, their columns bound by {@link TaskRows#bindChanges}:
     * {@code changed} stores each at the next version if its version is still the stored one
     * and it does not take back released claims; {@code released} then drops the held claims
     * of the tasks whose change released them. Its rows are the ids of the tasks changed.
     */
    private static final String WRITE = "WITH change AS (SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[], ?::text[],"
            + " ?::text[]) AS c(id, version, state, progress, result, exception, traceback, start_nanos,"
            + " finish_nanos, claims_released, job_id, schedule_id)),"
            + " changed AS (UPDATE task SET state = c.state, progress = c.progress::json, result = c.result::json,"
            + " exception = c.exception, traceback = c.traceback, start_nanos = c.start_nanos,"
            + " finish_nanos = c.finish_nanos, claims_released = c.claims_released, job_id = c.job_id,"
            + " schedule_id = c.schedule_id, version = c.version + 1 FROM change c"
            + " WHERE task.id = c.id AND task.version = c.version AND (NOT task.claims_released OR c.claims_released)"
            + " RETURNING task.id, task.claims_released),"
            + " released AS (DELETE FROM held_claim WHERE task_id IN (SELECT id FROM changed WHERE claims_released))"
            + " SELECT id FROM changed";

    /** The ids of the tasks {@link #WRITE} changed. */
    private static Set<TaskId> written(ResultSet changed) throws SQLException {
        Set<TaskId> ids = new HashSet<>();
        while (changed.next()) {
            ids.add(new TaskId(changed.getObject(1, UUID.class)));
        }
        return ids;
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One statement on its own: no transaction to begin and commit. */
    private <T> T withConnection(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("PostgreSQL: " + e.getMessage(), e);
        }
    }
}
