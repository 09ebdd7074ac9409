package dev.taskmill.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where tasks are stored.
 *
 * @param postgres whether in PostgreSQL (else in this process's memory, lost when it stops)
 * @param dbUrl the JDBC URL of the PostgreSQL database, such as {@code jdbc:postgresql://db:5432/taskmill}
 * @param dbUser the database user
 * @param dbPasswordFile a file whose one line is the database user's password, or {@code null} for none
 * @param nodeTimeout how long a node sharing the database may miss heartbeats before the others
 *        end its running tasks in error
 */
public record StoreConfig(boolean postgres, String dbUrl, String dbUser, Path dbPasswordFile, Duration nodeTimeout) {

    /** The node timeout unless one is given. */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(30);
    private static final StoreConfig MEMORY = new StoreConfig(false, null, null, null, DEFAULT_NODE_TIMEOUT);

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public StoreConfig {
        nodeTimeout = requireNodeTimeout(nodeTimeout);
        if (postgres) {
            if (dbUrl == null || !dbUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--store postgres needs --db-url jdbc:postgresql://HOST:PORT/DATABASE,"
                        + " not " + (dbUrl == null ? "nothing" : "'" + dbUrl + "'"));
            }
            if (dbPasswordFile != null && !Files.isReadable(dbPasswordFile)) {
                throw new IllegalArgumentException("db password file must be a readable file, not '" + dbPasswordFile
                        + "'");
            }
        } else if (dbUrl != null || dbUser != null || dbPasswordFile != null) {
            throw new IllegalArgumentException("--db-url, --db-user and --db-password-file go with --store postgres");
        }
    }

    static Duration requireNodeTimeout(Duration nodeTimeout) {
        Objects.requireNonNull(nodeTimeout, "nodeTimeout");
        if (nodeTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("node timeout must be at least PT1S, not " + nodeTimeout);
        }
        return nodeTimeout;
    }

    /** Tasks in memory: the embedded default. */
    public static StoreConfig memory() {
        return MEMORY;
    }

    /** Tasks in the PostgreSQL database at {@code url}. */
    public static StoreConfig postgres(String url, String user, Path passwordFile) {
        return new StoreConfig(true, Objects.requireNonNull(url, "url"), user, passwordFile, DEFAULT_NODE_TIMEOUT);
    }

    /** The same store, with another node timeout. */
    public StoreConfig withNodeTimeout(Duration timeout) {
        return new StoreConfig(postgres, dbUrl, dbUser, dbPasswordFile, timeout);
    }
}
