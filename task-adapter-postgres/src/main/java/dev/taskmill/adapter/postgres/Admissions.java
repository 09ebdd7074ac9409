package dev.taskmill.adapter.postgres;

import dev.taskmill.domain.Admission;
import dev.taskmill.domain.ConflictMatrix;
import dev.taskmill.domain.ResourceClaim;
import dev.taskmill.domain.ResourceKey;
import dev.taskmill.domain.ResourceOperation;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskSubmission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Admission of calls in PostgreSQL, atomic across every node on the database: a
 * transaction-scoped advisory lock per claimed resource, taken in one fixed order, then the
 * claims still held on those resources, decided by the domain's {@link ConflictMatrix}. Two
 * nodes admitting conflicting calls at once are serialized on the resource, exactly as one
 * node would be. Positions come from a sequence drawn under those locks, so per-resource order
 * is admission order.
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
            rows.bindNew(connection, insert, 3, task);
            bindKeys(connection, insert, 3 + TaskRows.NEW_PARAMETERS, keys);
            bindClaims(connection, insert, 5 + TaskRows.NEW_PARAMETERS, task.claims());
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
            rows.bindNew(connection, insert, 1, task);
            bindClaims(connection, insert, 1 + TaskRows.NEW_PARAMETERS, task.claims());
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
        return "WITH stored AS (INSERT INTO task (" + TaskRows.COLUMNS + ") SELECT ?, nextval('task_position'), ?, ?::json,"
                + " ?::json, ?, ?, ?, ?, ?, ?, ?::json, ?, ?::json, ?::json, ?, ?, ?, ?, ?, ?, ?, " + Task.FIRST_VERSION + ", ?, ?"
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
}
