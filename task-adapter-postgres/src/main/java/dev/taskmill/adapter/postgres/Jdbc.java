package dev.taskmill.adapter.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs the store's work on a pooled connection; a failure of the database is a {@link StorageException}. */
final class Jdbc {

    private Jdbc() {
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work of one statement, or of statements sent as one: no transaction to begin and commit. */
    static <T> T withConnection(DataSource dataSource, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Work in one transaction, rolled back if it throws. */
    static <T> T inTransaction(DataSource dataSource, Work<T> work) {
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
