package dev.taskmill.adapter.postgres;

import dev.taskmill.domain.Tag;
import dev.taskmill.domain.Task;
import dev.taskmill.domain.TaskFilter;
import dev.taskmill.domain.TaskSearch;
import dev.taskmill.domain.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** The listing of tasks by state, tag and submitter, in position order, and their search, from PostgreSQL. */
final class TaskListing {

    /** The SQL state of a pattern PostgreSQL's regular expressions refuse. */
    private static final String INVALID_REGULAR_EXPRESSION = "2201B";

    private final DataSource dataSource;
    private final TaskRows rows;

    TaskListing(DataSource dataSource, TaskRows rows) {
        this.dataSource = dataSource;
        this.rows = rows;
    }

    /** {@link dev.taskmill.application.port.out.TaskRepository#find}. */
    List<Task> find(TaskFilter filter, long after, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        return Jdbc.withConnection(dataSource, connection -> {
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
                + prefix + "SELECT " + TaskRows.COLUMNS + " FROM task WHERE position > ?");
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

    /** {@link dev.taskmill.application.port.out.TaskRepository#search}, in one statement ({@link TaskSearchSql}). */
    List<Task> search(TaskSearch search) {
        Objects.requireNonNull(search, "search");
        try {
            return Jdbc.withConnection(dataSource, connection -> {
                try (PreparedStatement select = TaskSearchSql.prepare(connection, "", search)) {
                    List<Task> tasks = new ArrayList<>();
                    try (ResultSet result = listed(select)) {
                        while (result.next()) {
                            tasks.add(rows.read(result));
                        }
                    }
                    return tasks;
                }
            });
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException sql && INVALID_REGULAR_EXPRESSION.equals(sql.getSQLState())) {
                throw new IllegalArgumentException("PostgreSQL refuses a pattern: " + sql.getMessage(), e);
            }
            throw e;
        }
    }

    /** Runs a statement of {@link #prepareFind} or {@link TaskSearchSql#prepare}; the listing's rows. */
    static ResultSet listed(PreparedStatement find) throws SQLException {
        find.execute();
        if (!find.getMoreResults()) {
            throw new IllegalStateException("The listing returned no rows");
        }
        return find.getResultSet();
    }
}
