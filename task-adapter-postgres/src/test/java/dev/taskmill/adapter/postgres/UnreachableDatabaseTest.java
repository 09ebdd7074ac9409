package dev.taskmill.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.StoreUnavailableException;
import dev.taskmill.domain.TaskId;
import java.lang.reflect.Proxy;
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
