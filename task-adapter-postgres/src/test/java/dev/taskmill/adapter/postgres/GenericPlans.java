package dev.taskmill.adapter.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * The plan of a statement as the store's connections run it: made once for any value (see
 * {@link PostgresStore#GENERIC_PLANS}), as PostgreSQL's {@code EXPLAIN} shows it.
 */
final class GenericPlans {

    private GenericPlans() {
    }

    /**
     * The plan of {@code sql} (with {@code ?} parameters) for {@code values} (SQL, comma-separated;
     * empty for none), made in a transaction that first runs {@code before}.
     */
    static String of(PostgresStore store, String sql, String values, String... before) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int parameters = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameters : String.valueOf(c));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection connection = store.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                for (String first : before) {
                    statement.execute(first);
                }
                statement.execute("PREPARE planned AS " + numbered);
                String execute = values.isEmpty() ? "planned" : "planned(" + values + ")";
                try (ResultSet result = statement.executeQuery("EXPLAIN EXECUTE " + execute)) {
                    while (result.next()) {
                        plan.append(result.getString(1)).append('\n');
                    }
                } finally {
                    statement.execute("DEALLOCATE planned");
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
        return plan.toString();
    }

    /** A NULL for each parameter of {@code sql}: a generic plan is the same whatever the values. */
    static String nulls(String sql) {
        return String.join(", ", Collections.nCopies((int) sql.chars().filter(c -> c == '?').count(), "NULL"));
    }
}
