package dev.taskmill.adapter.postgres;

import dev.taskmill.application.port.out.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * Runs the store's work on a pooled connection. A database that cannot be reached (no connection
 * came free within the pool's wait, or the connection broke) is a {@link StoreUnavailableException};
 * any other failure of the database a {@link StorageException}.
 */
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
            throw failure(e);
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
                rollBack(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Rolls back after {@code cause}; a rollback that fails too (the connection is gone, as
     * {@code cause} may say) is kept as suppressed, so that the cause is what the caller sees.
     */
    private static void rollBack(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** The store's exception for {@code e}. */
    static RuntimeException failure(SQLException e) {
        if (isUnreachable(e)) {
            return new StoreUnavailableException("PostgreSQL: " + e.getMessage(), e);
        }
        return new StorageException("PostgreSQL: " + e.getMessage(), e);
    }

    /**
     * Whether {@code e} says the database cannot be reached: no connection within the pool's wait
     * (HikariCP's {@link SQLTransientConnectionException}), a connection exception (SQLSTATE
     * class 08), or a server shutting down or starting (57P01 to 57P03).
     */
    static boolean isUnreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException
                || state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }
}
