package dev.taskmill.adapter.postgres;

import dev.taskmill.domain.Admission;
import dev.taskmill.domain.CallResponse;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceKey;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskId;
import dev.taskmill.domain.TaskState;
import dev.taskmill.domain.TaskSubmission;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Admission of calls in PostgreSQL, atomic across every node on the database: a
 * transaction-scoped advisory lock per claimed resource, taken in one fixed order, then the
 * claims still held on those resources, decided by the domain's {@link ConflictMatrix}. Two
 * nodes admitting conflicting calls at once are serialized on the resource, exactly as one
 * node would be. Positions come from a sequence drawn under those locks, so per-resource order
 * is admission order. Calls admitted together (a task group) lock the resources of all of them
 * at once, in the same order, and are stored in one transaction: all of them, or none.
 */
final class Admissions {

    private final DataSource dataSource;
    private final TaskRows rows;

    Admissions(DataSource dataSource, TaskRows rows) {
        this.dataSource = dataSource;
        this.rows = rows;
    }

    /** {@link dev.taskmill.application.port.out.TaskRepository#admit}. */
    Task admit(TaskSubmission submission) {
        Objects.requireNonNull(submission, "submission");
        List<ResourceKey> keys = lockOrder(submission.claims());
        // most calls find nothing held on their resources, and the matrix accepts them: one
        // round trip takes the locks and stores the task unless, under the locks, claims are held
        Task accepted = submission.admit(0, ConflictMatrix.decide(List.of(), submission.claims()));
        OptionalLong position = Jdbc.withConnection(dataSource,
                connection -> insertUnlessHeld(connection, keys, accepted));
        if (position.isPresent()) {
            return accepted.storedAt(position.getAsLong());
        }
        return Jdbc.inTransaction(dataSource, connection -> {
            lock(connection, keys);
            // a statement of its own: it must see what the holders of those locks committed
            Admission decision = ConflictMatrix.decide(heldOn(connection, keys), submission.claims());
            // a rejection throws here, and the transaction rolls back: nothing is stored
            Task task = submission.admit(0, decision);
            return task.storedAt(insert(connection, task));
        });
    }

    /**
     * {@link dev.taskmill.application.port.out.TaskRepository#admitAndStart}, for the node
     * {@code node}: the one round trip of {@link #admit}'s usual case, whose row is stored
     * running instead if no task waits ({@link #NONE_WAITING}, read by that statement). A call
     * that finds claims held on its resources is decided in {@link #admit}'s transaction, and
     * stored the same way if the matrix accepts it.
     */
    Task admitAndStart(TaskSubmission submission, Instant now, String worker, UUID node) {
        Objects.requireNonNull(submission, "submission");
        List<ResourceKey> keys = lockOrder(submission.claims());
        Task accepted = submission.admit(0, ConflictMatrix.decide(List.of(), submission.claims()));
        Optional<Task> stored = Jdbc.withConnection(dataSource,
                connection -> insertStartable(connection, keys, accepted, now, worker, node, true));
        if (stored.isPresent()) {
            return stored.get();
        }
        return Jdbc.inTransaction(dataSource, connection -> {
            lock(connection, keys);
            Admission decision = ConflictMatrix.decide(heldOn(connection, keys), submission.claims());
            Task task = submission.admit(0, decision);
            if (task.response() != CallResponse.ACCEPTED) {
                return task.storedAt(insert(connection, task));
            }
            return insertStartable(connection, keys, task, now, worker, node, false).orElseThrow();
        });
    }

    /**
     * Stores the accepted task {@code accepted} started by {@code worker} on {@code node} if no
     * task waits, else waiting as it was admitted; returns it as stored. With
     * {@code unlessHeld}, the lock first and nothing stored if claims are held on {@code keys}:
     * one round trip of two statements, as {@link #insertUnlessHeld}; without, one statement in
     * a transaction that holds the locks already.
     */
    private Optional<Task> insertStartable(Connection connection, List<ResourceKey> keys, Task accepted,
            Instant now, String worker, UUID node, boolean unlessHeld) throws SQLException {
        Task started = accepted.start(now, worker);
        String sql = startableInsertSql(unlessHeld);
        try (PreparedStatement insert = connection.prepareStatement(unlessHeld ? LOCK + "; " + sql : sql)) {
            int next = 1;
            if (unlessHeld) {
                bindKeys(insert, next, keys);
                next += 2;
            }
            rows.bindNew(insert, next, started);
            next += TaskRows.NEW_PARAMETERS;
            insert.setObject(next++, node);
            if (unlessHeld) {
                bindKeys(insert, next, keys);
                next += 2;
            }
            bindClaims(insert, next, started.claims());
            insert.execute();
            if (unlessHeld && !insert.getMoreResults()) {
                throw new IllegalStateException("The admission statement returned no rows");
            }
            try (ResultSet stored = insert.getResultSet()) {
                if (!stored.next()) {
                    return Optional.empty();
                }
                long position = stored.getLong(1);
                return Optional.of(stored.getBoolean(2)
                        ? started.storedAt(position).withVersion(Task.STARTED_AT_ADMISSION_VERSION)
                        : accepted.storedAt(position));
            }
        } catch (SQLException e) {
            throw duplicate(started, e);
        }
    }

    /**
     * {@link dev.taskmill.application.port.out.TaskRepository#admitAll}: one transaction that
     * locks every resource the calls claim, reads the claims held on them, decides the calls in
     * order ({@link TaskSubmission#admitInOrder}), draws their positions and stores them all in
     * one batch. A rejection throws before anything is written, and the transaction rolls back.
     */
    List<Task> admitAll(List<TaskSubmission> submissions) {
        if (submissions.isEmpty()) {
            throw new IllegalArgumentException("admitAll needs at least one submission");
        }
        List<ResourceClaim> claims = new ArrayList<>();
        Set<TaskId> ids = new HashSet<>();
        for (TaskSubmission submission : submissions) {
            if (!ids.add(submission.id())) {
                throw new IllegalArgumentException("Task " + submission.id() + " is submitted twice");
            }
            claims.addAll(submission.claims());
        }
        List<ResourceKey> keys = lockOrder(claims);
        return Jdbc.inTransaction(dataSource, connection -> {
            List<ResourceClaim> held = List.of();
            if (!keys.isEmpty()) {
                lock(connection, keys);
                held = heldOn(connection, keys);
            }
            List<Task> admitted = TaskSubmission.admitInOrder(submissions, held);
            long[] positions = drawPositions(connection, admitted.size());
            List<Task> stored = new ArrayList<>(admitted.size());
            for (int i = 0; i < admitted.size(); i++) {
                stored.add(admitted.get(i).storedAt(positions[i]));
            }
            insertAll(connection, stored);
            return stored;
        });
    }

    /** {@code count} positions from the sequence, in increasing order. */
    private static long[] drawPositions(Connection connection, int count) throws SQLException {
        try (PreparedStatement draw = connection.prepareStatement(
                "SELECT nextval('task_position') FROM generate_series(1, ?)")) {
            draw.setInt(1, count);
            long[] positions = new long[count];
            try (ResultSet result = draw.executeQuery()) {
                for (int i = 0; i < count && result.next(); i++) {
                    positions[i] = result.getLong(1);
                }
            }
            Arrays.sort(positions);
            return positions;
        }
    }

    /**
     * Stores tasks that have their positions, and the claims they hold, as one batch: the driver
     * sends it in one round trip rather than one per task.
     */
    private void insertAll(Connection connection, List<Task> tasks) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_POSITIONED)) {
            for (Task task : tasks) {
                insert.setLong(1, task.position());
                rows.bindNew(insert, 2, task);
                bindClaims(insert, 2 + TaskRows.NEW_PARAMETERS, task.claims());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (BatchUpdateException e) {
            SQLException cause = e.getNextException() == null ? e : e.getNextException();
            if ("23505".equals(cause.getSQLState())) {
                throw new IllegalArgumentException("A task of the group is already stored", e);
            }
            throw e;
        }
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
            bindKeys(lock, 1, keys);
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
            bindKeys(insert, 1, keys);
            rows.bindNew(insert, 3, task);
            bindKeys(insert, 3 + TaskRows.NEW_PARAMETERS, keys);
            bindClaims(insert, 5 + TaskRows.NEW_PARAMETERS, task.claims());
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
            rows.bindNew(insert, 1, task);
            bindClaims(insert, 1 + TaskRows.NEW_PARAMETERS, task.claims());
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
        return "WITH stored AS (" + taskRow("nextval('task_position')")
                + (unlessHeld ? " WHERE NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[]) AS r(type, id),"
                        + " LATERAL (" + HELD_ON_R + " LIMIT 1) AS h)" : "")
                + " RETURNING id, position), claimed AS (" + STORED_CLAIMS + ") SELECT position FROM stored";
    }

    /**
     * Whether no task waits: the front of the waiting queue's partial index, whatever the
     * table's size. The queue's order and the limit keep the planner on that index even for a
     * small table, whose plan a connection keeps as the table grows (an {@code EXISTS} would
     * lose both, and read the whole table of a plan made small).
     */
    static final String NONE_WAITING = "(SELECT position FROM task WHERE state = '"
            + TaskState.WAITING.wireName() + "' ORDER BY position LIMIT 1) IS NULL";

    /**
     * {@link #insertSql} for a started task: its row's parameters are those of the task started,
     * and the node's, then with {@code unlessHeld} the keys, then the claims; stored as such if
     * no task waits ({@link #NONE_WAITING}), else waiting as admitted, without its start. It
     * returns the position and whether the task was stored started.
     */
    private static String startableInsertSql(boolean unlessHeld) {
        String go = "go.none_waiting";
        return "WITH stored AS (INSERT INTO task (" + TaskRows.COLUMNS + ", node) SELECT ?, nextval('task_position'),"
                + " ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?, ?::json, CASE WHEN " + go + " THEN ? ELSE '"
                + TaskState.WAITING.wireName() + "' END, ?::json, ?::json, ?, ?, ?, ?, CASE WHEN " + go
                + " THEN ?::bigint END, ?, ?, CASE WHEN " + go + " THEN " + Task.STARTED_AT_ADMISSION_VERSION + " ELSE "
                + Task.FIRST_VERSION + " END, ?, CASE WHEN " + go + " THEN ? END, CASE WHEN " + go
                + " THEN ?::uuid END FROM (SELECT " + NONE_WAITING + " AS none_waiting) AS go"
                + (unlessHeld ? " WHERE NOT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[]) AS r(type, id),"
                        + " LATERAL (" + HELD_ON_R + " LIMIT 1) AS h)" : "")
                + " RETURNING id, position, state), claimed AS (" + STORED_CLAIMS + ")"
                + " SELECT position, state <> '" + TaskState.WAITING.wireName() + "' FROM stored";
    }

    /** Inserts a task's row, {@code position} being the SQL of its position; the row's parameters but the position. */
    private static String taskRow(String position) {
        return "INSERT INTO task (" + TaskRows.COLUMNS + ") SELECT ?, " + position + ", ?, ?::json,"
                + " ?::json, ?, ?, ?, ?, ?, ?, ?::json, ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?, ?, " + Task.FIRST_VERSION
                + ", ?, ?";
    }

    /** Inserts the claims of the task a statement's {@code stored} returns; the claims are its parameters. */
    private static final String STORED_CLAIMS = "INSERT INTO held_claim (task_id, ordinal, position, resource_type,"
            + " resource_id, operation) SELECT stored.id, c.n - 1, stored.position, c.type, c.id, c.operation FROM"
            + " stored, unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS c(type, id, operation, n)";

    /**
     * A task's row at the position of the first parameter, then its held claims: the row's
     * parameters from the second, then the claims. It returns no rows, so that it can be batched.
     */
    private static final String INSERT_POSITIONED = "WITH p AS (SELECT ?::bigint AS position), stored AS ("
            + taskRow("p.position") + " FROM p RETURNING id, position) " + STORED_CLAIMS;

    private static void bindClaims(PreparedStatement insert, int first, List<ResourceClaim> claims)
            throws SQLException {
        TaskRows.setTexts(insert, first, claims, ResourceClaim::resourceType);
        TaskRows.setTexts(insert, first + 1, claims, ResourceClaim::resourceId);
        TaskRows.setTexts(insert, first + 2, claims, claim -> claim.operation().wireName());
    }

    private static void bindKeys(PreparedStatement statement, int first, List<ResourceKey> keys)
            throws SQLException {
        TaskRows.setTexts(statement, first, keys, ResourceKey::resourceType);
        TaskRows.setTexts(statement, first + 1, keys, ResourceKey::resourceId);
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
            bindKeys(select, 1, keys);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    held.add(new ResourceClaim(result.getString(1), result.getString(2),
                            ResourceOperation.fromWireName(result.getString(3))));
                }
            }
        }
        return held;
    }
}
