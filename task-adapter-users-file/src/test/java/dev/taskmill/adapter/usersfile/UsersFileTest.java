package dev.taskmill.adapter.usersfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.PasswordHash;
import dev.taskmill.application.port.out.UserAccount;
import dev.taskmill.domain.Permission;
import dev.taskmill.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    private static final PasswordHash HASH = PasswordHash.create("a-password".toCharArray(), new SecureRandom());

    @TempDir
    Path dir;

    @Test
    void givenNoFile_open_hasNoUsers_andDoesNotCreateIt() {
        UsersFile users = UsersFile.open(dir.resolve("users.json"));

        assertThat(users.exists()).isFalse();
        assertThat(users.all()).isEmpty();
        assertThat(users.find("admin")).isEmpty();
    }

    @Test
    void save_writesAFileOnlyItsOwnerMayRead_holdingTheHashNotThePassword() throws IOException {
        Path file = dir.resolve("users.json");
        UsersFile users = UsersFile.open(file);

        assertThat(users.save(account("admin", Permission.READ, Permission.CREATE, Permission.DELETE))).isFalse();

        String json = Files.readString(file);
        assertThat(json).contains("\"name\" : \"admin\"", "\"password_hash\" : \"pbkdf2-sha256:210000:",
                "\"read\", \"create\", \"delete\"").doesNotContain("a-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(UsersFile.open(file).find("admin")).contains(account("admin", Permission.READ, Permission.CREATE,
                Permission.DELETE));
    }

    @Test
    void saveAndRemove_sayWhetherTheUserExisted() {
        UsersFile users = UsersFile.open(dir.resolve("users.json"));
        users.save(account("ann"));

        assertThat(users.save(account("ann", Permission.READ))).isTrue();
        assertThat(users.find("ann").orElseThrow().permissions()).containsExactly(Permission.READ);
        assertThat(users.remove("ann")).isTrue();
        assertThat(users.remove("ann")).isFalse();
        assertThat(users.all()).isEmpty();
    }

    @Test
    void givenExistingName_add_storesNothing_andLeavesTheFileUntouched() throws IOException {
        Path file = dir.resolve("users.json");
        UsersFile users = UsersFile.open(file);
        assertThat(users.add(account("ann", Permission.READ))).isTrue();
        byte[] before = Files.readAllBytes(file);
        Object fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();

        assertThat(users.add(account("ann", Permission.DELETE))).isFalse();

        assertThat(users.find("ann").orElseThrow().permissions()).containsExactly(Permission.READ);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey())
                .as("a rewrite replaces the file").isEqualTo(fileKey);
    }

    @Test
    void givenChangesByAnotherProcess_lookups_seeThemWithoutARestart() {
        Path file = dir.resolve("users.json");
        UsersFile server = UsersFile.open(file);
        UsersFile command = UsersFile.open(file);

        command.save(account("bob", Permission.READ));
        Eventually.awaitPresent(Duration.ofSeconds(5), "the server sees bob", () -> server.find("bob"));

        command.remove("bob");
        Eventually.await(Duration.ofSeconds(5), "the server forgets bob", () -> server.find("bob").isEmpty());
    }

    @Test
    void givenChangesByTwoWriters_noneIsLost() {
        Path file = dir.resolve("users.json");
        UsersFile first = UsersFile.open(file);
        UsersFile second = UsersFile.open(file);

        first.save(account("one"));
        second.save(account("two"));
        first.save(account("three"));

        assertThat(UsersFile.open(file).all()).extracting(UserAccount::name).containsExactly("one", "three", "two");
    }

    @Test
    void givenFileBrokenWhileRunning_theLastGoodUsersStayInForce() throws IOException {
        Path file = dir.resolve("users.json");
        UsersFile server = UsersFile.open(file);
        server.save(account("ann"));

        Files.writeString(file, "{\"users\": [", StandardCharsets.UTF_8);
        sleep(UsersFile.CHECK_INTERVAL_MILLIS * 2);

        assertThat(server.find("ann")).isPresent();
    }

    @Test
    void givenInvalidFile_open_refusesSayingWhy() throws IOException {
        assertThatThrownBy(() -> UsersFile.open(write("{\"users\": [")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> UsersFile.open(write("{\"people\": []}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'users'");
        assertThatThrownBy(() -> UsersFile.open(write("{\"users\": [{\"name\": \"a\", \"password_hash\": \"secret\","
                + " \"permissions\": []}]}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("user 1").hasMessageContaining("hash");
        assertThatThrownBy(() -> UsersFile.open(write("{\"users\": [{\"name\": \"a\", \"password_hash\": \""
                + HASH.encoded() + "\", \"permissions\": [\"write\"]}]}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown permission 'write'");
        String entry = "{\"name\": \"a\", \"password_hash\": \"" + HASH.encoded() + "\", \"permissions\": []}";
        assertThatThrownBy(() -> UsersFile.open(write("{\"users\": [" + entry + "," + entry + "]}")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> UsersFile.open(write("{\"users\": [{\"name\": \"a\"}]}")))
                .isInstanceOf(IllegalStateException.class);
    }

    private Path write(String json) throws IOException {
        Path file = Files.createTempFile(dir, "users", ".json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    private static UserAccount account(String name, Permission... permissions) {
        return new UserAccount(name, HASH, Set.of(permissions));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
