package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.ConcurrentTaskUpdateException;
import dev.taskmill.application.port.out.TaskRepository;
import dev.taskmill.domain.Admission;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    private final DataSource dataSource;
    private final TaskRows rows = new TaskRows();
    private final String nextRunnable;

    private final UUID node;

    /** A repository whose claimed tasks are marked as run by {@code node}. */
    public PostgresTaskRepository(DataSource dataSource, UUID node) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.node = Objects.requireNonNull(node, "node");
        this.nextRunnable = "SELECT " + COLUMNS + " FROM task t WHERE t.state = 'waiting' AND NOT EXISTS ("
                + " SELECT 1 FROM held_claim mine JOIN held_claim earlier"
                + " ON earlier.resource_type = mine.resource_type AND earlier.resource_id = mine.resource_id"
                + " AND earlier.position < mine.position"
                + " WHERE mine.task_id = t.id AND (" + conflictingPairs() + "))"
                + " ORDER BY t.position LIMIT 1 FOR UPDATE OF t SKIP LOCKED";
    }

    /** The matrix's conflicts as SQL over {@code earlier.operation} and {@code mine.operation}. */
    private static String conflictingPairs() {
        StringJoiner pairs = new StringJoiner(" OR ");
        for (ResourceOperation earlier : ResourceOperation.values()) {
            for (ResourceOperation later : ResourceOperation.values()) {
                if (ConflictMatrix.conflicts(earlier, later)) {
                    pairs.add("(earlier.operation = '" + earlier.wireName() + "' AND mine.operation = '"
                            + later.wireName() + "')");
                }
            }
        }
        return pairs.toString();
    }

    @Override
    public Task admit(TaskSubmission submission) {
        Objects.requireNonNull(submission, "submission");
        return inTransaction(connection -> {
            long position = lockResourcesAndDrawPosition(connection, submission.claims());
            // a statement of its own: it must see what the holders of those locks committed
            Admission decision = ConflictMatrix.decide(heldOn(connection, submission.claims()), submission.claims());
            // a rejection throws here, and the transaction rolls back: nothing is stored
            Task task = submission.admit(position, decision).withVersion(1);
            insert(connection, task);
            return task;
        });
    }

    @Override
    public Optional<Task> claimNextRunnable(Instant now) {
        Objects.requireNonNull(now, "now");
        return inTransaction(connection -> {
            Task waiting;
            try (PreparedStatement select = connection.prepareStatement(nextRunnable);
                    ResultSet result = select.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                waiting = rows.read(result);
            }
            return Optional.of(write(connection, waiting.start(now), node));
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
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        tasks.add(rows.read(result));
                    }
                }
                return tasks;
            }
        });
    }

    /** The listing query for {@code filter}, its parameters bound, after {@code prefix} (such as {@code EXPLAIN}). */
    static PreparedStatement prepareFind(Connection connection, String prefix, TaskFilter filter, long after, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder(prefix + "SELECT " + COLUMNS + " FROM task WHERE position > ?");
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
            select.setArray(index++, connection.createArrayOf("text",
                    filter.states().stream().map(TaskState::wireName).toArray()));
        }
        if (!filter.tags().isEmpty()) {
            select.setArray(index++, connection.createArrayOf("text", filter.tags().stream().map(Tag::value).toArray()));
        }
        if (filter.submitter() != null) {
            select.setString(index++, filter.submitter());
        }
        select.setInt(index, limit);
        return select;
    }

    @Override
    public Task update(Task changed) {
        Objects.requireNonNull(changed, "changed");
        return inTransaction(connection -> write(connection, changed, null));
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

    /**
     * Takes each claimed resource's advisory lock, in one order for every caller, until the
     * transaction ends, then draws the next position: under the locks, so that a resource's
     * tasks get their positions in the order they were admitted. One round trip.
     */
    private static long lockResourcesAndDrawPosition(Connection connection, List<ResourceClaim> claims)
            throws SQLException {
        TreeSet<ResourceKey> keys = new TreeSet<>(Comparator.comparing(ResourceKey::resourceType)
                .thenComparing(ResourceKey::resourceId));
        for (ResourceClaim claim : claims) {
            keys.add(claim.key());
        }
        // the id hashed with the type's hash as seed: one 64-bit key per resource; the aggregate
        // takes every lock, in the arrays' order, before its one row lets the position be drawn
        try (PreparedStatement lock = connection.prepareStatement("SELECT nextval('task_position') FROM ("
                + "SELECT count(pg_advisory_xact_lock(hashtextextended(r.id, hashtextextended(r.type, 0))))"
                + " FROM unnest(?::text[], ?::text[]) AS r(type, id)) AS locked")) {
            lock.setArray(1, connection.createArrayOf("text", keys.stream().map(ResourceKey::resourceType).toArray()));
            lock.setArray(2, connection.createArrayOf("text", keys.stream().map(ResourceKey::resourceId).toArray()));
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static List<ResourceClaim> heldOn(Connection connection, List<ResourceClaim> claims) throws SQLException {
        List<ResourceClaim> held = new ArrayList<>();
        if (claims.isEmpty()) {
            return held;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT resource_type, resource_id, operation"
                + " FROM held_claim WHERE (resource_type, resource_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))"
                + " ORDER BY position, ordinal")) {
            select.setArray(1, connection.createArrayOf("text",
                    claims.stream().map(ResourceClaim::resourceType).toArray()));
            select.setArray(2, connection.createArrayOf("text",
                    claims.stream().map(ResourceClaim::resourceId).toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    held.add(new ResourceClaim(result.getString(1), result.getString(2),
                            ResourceOperation.fromWireName(result.getString(3))));
                }
            }
        }
        return held;
    }

    /** Inserts the task and the claims it holds: one statement. */
    private void insert(Connection connection, Task task) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("WITH stored AS (INSERT INTO task (" + COLUMNS
                + ") VALUES (?, ?, ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?, ?::json, ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?,"
                + " ?, ?) RETURNING id, position)"
                + " INSERT INTO held_claim (task_id, ordinal, position, resource_type, resource_id, operation)"
                + " SELECT stored.id, c.n - 1, stored.position, c.type, c.id, c.operation FROM stored,"
                + " unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS c(type, id, operation, n)")) {
            rows.bindAll(connection, insert, task);
            List<ResourceClaim> claims = task.claims();
            insert.setArray(24, connection.createArrayOf("text", claims.stream().map(ResourceClaim::resourceType)
                    .toArray()));
            insert.setArray(25, connection.createArrayOf("text", claims.stream().map(ResourceClaim::resourceId)
                    .toArray()));
            insert.setArray(26, connection.createArrayOf("text", claims.stream()
                    .map(claim -> claim.operation().wireName()).toArray()));
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new IllegalArgumentException("Task " + task.id() + " is already stored", e);
            }
            throw e;
        }
    }

    /**
     * Stores {@code changed} at the next version if its version is still the stored one, marked
     * as run by {@code runner} unless that is null, and drops its held claims once it released
     * them: one statement.
     */
    private Task write(Connection connection, Task changed, UUID runner) throws SQLException {
        Task stored = changed.withVersion(changed.version() + 1);
        try (PreparedStatement update = connection.prepareStatement("WITH released AS ("
                + "DELETE FROM held_claim WHERE task_id = ? AND ? AND EXISTS ("
                + "SELECT 1 FROM task WHERE id = ? AND version = ?))"
                + " UPDATE task SET state = ?, progress = ?::json,"
                + " result = ?::json, exception = ?, traceback = ?, start_nanos = ?, finish_nanos = ?,"
                + " claims_released = ?, job_id = ?, schedule_id = ?, version = ?, node = COALESCE(?, node)"
                + " WHERE id = ? AND version = ? AND (NOT claims_released OR ?)")) {
            update.setObject(1, changed.id().value());
            update.setBoolean(2, !stored.holdsClaims());
            update.setObject(3, changed.id().value());
            update.setLong(4, changed.version());
            rows.bindChange(update, 4, stored);
            update.setObject(16, runner);
            update.setObject(17, changed.id().value());
            update.setLong(18, changed.version());
            update.setBoolean(19, !changed.holdsClaims());
            if (update.executeUpdate() != 1) {
                throw new ConcurrentTaskUpdateException(changed.id(), changed.version());
            }
        }
        return stored;
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
