package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskmillConfigTest {

    private static final SecurityConfig OPEN = SecurityConfig.none();

    @TempDir
    Path dataDir;

    @Test
    void givenApiRootWithTrailingSlashAndRelativeDataDir_config_normalizesBoth() {
        TaskmillConfig config = new TaskmillConfig("127.0.0.1", 0, 1, "/pulp/api/", Duration.ofSeconds(1), Path.of("."),
                OPEN);

        assertThat(config.apiRoot()).isEqualTo("/pulp/api");
        assertThat(config.dataDir()).isEqualTo(Path.of("").toAbsolutePath());
    }

    @Test
    void secretFiles_areTheUsersFileTheTlsFilesAndTheDbPasswordFile() throws IOException {
        Path keystore = Files.writeString(dataDir.resolve("server.p12"), "");
        Path keystorePassword = Files.writeString(dataDir.resolve("keystore.pass"), "");
        Path dbPassword = Files.writeString(dataDir.resolve("db.pass"), "");
        TaskmillConfig config = new TaskmillConfig("127.0.0.1", 0, 1, "/a", Duration.ofSeconds(1), dataDir,
                new SecurityConfig(true, dataDir.resolve("users.json"), null, keystore, keystorePassword),
                StoreConfig.postgres("jdbc:postgresql://db/taskmill", "taskmill", dbPassword));

        assertThat(config.secretFiles())
                .containsExactlyInAnyOrder(dataDir.resolve("users.json"), keystore, keystorePassword, dbPassword);
    }

    @Test
    void givenNoTlsAndMemoryStore_secretFiles_areTheUsersFileAlone() {
        TaskmillConfig config = new TaskmillConfig("127.0.0.1", 0, 1, "/a", Duration.ofSeconds(1), dataDir,
                SecurityConfig.basic(dataDir.resolve("users.json")));

        assertThat(config.secretFiles()).containsExactly(dataDir.resolve("users.json"));
    }

    @Test
    void givenOutOfRangeValues_config_refusesNamingTheSetting() {
        assertThatThrownBy(() -> new TaskmillConfig("127.0.0.1", 65536, 1, "/a", Duration.ofSeconds(1), dataDir, OPEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("port ");
        assertThatThrownBy(() -> new TaskmillConfig("127.0.0.1", 0, 0, "/a", Duration.ofSeconds(1), dataDir, OPEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("workers ");
        assertThatThrownBy(() -> new TaskmillConfig("127.0.0.1", 0, 1, "a", Duration.ofSeconds(1), dataDir, OPEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("api root ");
        assertThatThrownBy(() -> new TaskmillConfig("127.0.0.1", 0, 1, "/a", Duration.ZERO, dataDir, OPEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("retention ");
        assertThatThrownBy(() -> new TaskmillConfig("127.0.0.1", 0, 1, "/a", Duration.ofSeconds(1),
                dataDir.resolve("missing"), OPEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("data dir ");
        assertThatThrownBy(() -> new TaskmillConfig(" ", 0, 1, "/a", Duration.ofSeconds(1), dataDir, OPEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bind address ");
        assertThatThrownBy(() -> new TaskmillConfig("0.0.0.0", 0, 1, "/a", Duration.ofSeconds(1), dataDir, OPEN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--auth none is allowed only");
    }
}
