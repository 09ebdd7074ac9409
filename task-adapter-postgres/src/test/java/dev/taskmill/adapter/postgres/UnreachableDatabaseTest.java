package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.StoreUnavailableException;
import dev.taskmill.domain.TaskId;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A database that cannot be reached is the port's StoreUnavailableException; other failures are not. */
class UnreachableDatabaseTest {

    @Test
    void givenNoConnectionWithinThePoolsWait_aCall_isStoreUnavailable() {
        PostgresTaskRepository repository = new PostgresTaskRepository(
                failing(new SQLTransientConnectionException("taskmill - Connection is not available, request timed"
                        + " out after 2000ms")), UUID.randomUUID(), Clock.systemUTC());

        assertThatThrownBy(() -> repository.findById(TaskId.random()))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("not available");
    }

    @Test
    void givenConnectionOrShutdownStates_theyAreUnreachable_andOtherStatesAreNot() {
        assertThat(Jdbc.isUnreachable(new SQLException("refused", "08001"))).isTrue();
        assertThat(Jdbc.isUnreachable(new SQLException("broken", "08006"))).isTrue();
        assertThat(Jdbc.isUnreachable(new SQLException("admin shutdown", "57P01"))).isTrue();
        assertThat(Jdbc.isUnreachable(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(Jdbc.isUnreachable(new SQLException("unique violation", "23505"))).isFalse();
        assertThat(Jdbc.failure(new SQLException("serialization", "40001"))).isInstanceOf(StorageException.class);
    }

    @Test
    void givenConnectionTerminatedInATransaction_theFailedRollback_doesNotHideThatTheStoreIsUnreachable() {
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command",
                "57P01");
        DataSource dying = connecting((proxy, method, args) -> switch (method.getName()) {
            case "setAutoCommit", "close" -> null;
            case "rollback" -> throw new SQLException("This connection has been closed.", "08003");
            default -> throw new UnsupportedOperationException(method.getName());
        });

        assertThatThrownBy(() -> Jdbc.inTransaction(dying, connection -> {
            throw terminated;
        })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("terminating connection");
    }

    /** A data source whose connections answer as {@code connection} does. */
    private static DataSource connecting(InvocationHandler connection) {
        Connection proxied = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, connection);
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return proxied;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A data source whose every connection attempt fails with {@code failure}. */
    private static DataSource failing(SQLException failure) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        throw failure;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
