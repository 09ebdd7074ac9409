package dev.taskmill.adapter.usersfile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.taskmill.application.port.out.PasswordHash;
import dev.taskmill.application.port.out.UserAccount;
import dev.taskmill.application.port.out.UserDirectory;
import dev.taskmill.domain.Permission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The users in a JSON file:
 * <pre>{"users": [{"name": "admin", "password_hash": "pbkdf2-sha256:210000:...", "permissions": ["read", "create", "delete"]}]}</pre>
 *
 * <p>Lookups read a copy in memory, checked against the file at most every
 * {@value #CHECK_INTERVAL_MILLIS} ms, so that changes by another process (the {@code users}
 * command) take effect without a restart. A file that no longer parses leaves the last good
 * copy in force and logs why. Changes are written to a new file that replaces the old one in
 * one step, under a lock on {@code <file>.lock}, readable by its owner only.
 */
public final class UsersFile implements UserDirectory {

    static final long CHECK_INTERVAL_MILLIS = 250;

    private static final System.Logger LOG = System.getLogger(UsersFile.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path path;
    private final Object reloading = new Object();
    private volatile Snapshot snapshot;
    private volatile long nextCheck;

    private UsersFile(Path path, Snapshot snapshot) {
        this.path = path;
        this.snapshot = snapshot;
        this.nextCheck = System.nanoTime() + CHECK_INTERVAL_MILLIS * 1_000_000;
    }

    /**
     * The users in {@code path}, which need not exist yet.
     *
     * @throws IllegalStateException if the file exists and is not a valid users file
     * @throws UncheckedIOException if it cannot be read
     */
    public static UsersFile open(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return new UsersFile(absolute, read(absolute));
    }

    public Path path() {
        return path;
    }

    /** Whether the file exists; on a first start it does not. */
    public boolean exists() {
        return Files.exists(path);
    }

    @Override
    public Optional<UserAccount> find(String name) {
        return Optional.ofNullable(current().users.get(name));
    }

    @Override
    public List<UserAccount> all() {
        return List.copyOf(current().users.values());
    }

    @Override
    public boolean add(UserAccount account) {
        boolean[] added = new boolean[1];
        change(users -> {
            added[0] = users.putIfAbsent(account.name(), account) == null;
            return users;
        });
        return added[0];
    }

    @Override
    public boolean save(UserAccount account) {
        boolean[] replaced = new boolean[1];
        change(users -> {
            replaced[0] = users.put(account.name(), account) != null;
            return users;
        });
        return replaced[0];
    }

    @Override
    public boolean remove(String name) {
        boolean[] removed = new boolean[1];
        change(users -> {
            removed[0] = users.remove(name) != null;
            return users;
        });
        return removed[0];
    }

    private Snapshot current() {
        if (System.nanoTime() - nextCheck >= 0) {
            synchronized (reloading) {
                if (System.nanoTime() - nextCheck >= 0) {
                    reloadIfChanged();
                    nextCheck = System.nanoTime() + CHECK_INTERVAL_MILLIS * 1_000_000;
                }
            }
        }
        return snapshot;
    }

    private void reloadIfChanged() {
        Snapshot known = snapshot;
        if (Objects.equals(Stamp.of(path), known.stamp)) {
            return;
        }
        try {
            Snapshot fresh = read(path);
            snapshot = fresh;
            LOG.log(Level.INFO, "Users file {0} reloaded: {1} users", path, fresh.users.size());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Users file {0} changed but cannot be used, keeping the {1} users read before: {2}",
                    path, known.users.size(), e.getMessage());
            // remember the bad version, so that it is reported once, not at every check
            snapshot = new Snapshot(Stamp.of(path), known.users);
        }
    }

    private void change(UnaryOperator<Map<String, UserAccount>> edit) {
        try {
            Path parent = path.getParent();
            Files.createDirectories(parent);
            try (FileChannel lockFile = FileChannel.open(path.resolveSibling(path.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                Snapshot latest = read(path);
                Map<String, UserAccount> users = edit.apply(new TreeMap<>(latest.users));
                if (users.equals(latest.users)) {
                    return; // nothing changed: a running server need not reload the file
                }
                write(users);
                synchronized (reloading) {
                    snapshot = new Snapshot(Stamp.of(path), Collections.unmodifiableMap(new TreeMap<>(users)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write users file " + path + ": " + e.getMessage(), e);
        }
    }

    private void write(Map<String, UserAccount> users) throws IOException {
        List<UserEntry> entries = new ArrayList<>();
        for (UserAccount account : users.values()) {
            entries.add(UserEntry.fromDomain(account));
        }
        byte[] json = MAPPER.writeValueAsBytes(new UsersEntry(entries));
        Path temporary = path.resolveSibling(path.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        createOwnerOnly(temporary);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(json);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being written", e);
        }
    }

    private static Snapshot read(Path path) {
        Stamp stamp = Stamp.of(path);
        byte[] json;
        try {
            json = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new Snapshot(null, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read users file " + path + ": " + e.getMessage(), e);
        }
        UsersEntry parsed;
        try {
            parsed = MAPPER.readValue(json, UsersEntry.class);
        } catch (JsonProcessingException e) {
            throw invalid(path, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read users file " + path + ": " + e.getMessage(), e);
        }
        if (parsed == null || parsed.users() == null) {
            throw invalid(path, "expected an object with a \"users\" array");
        }
        Map<String, UserAccount> users = new TreeMap<>();
        for (int i = 0; i < parsed.users().size(); i++) {
            UserAccount account;
            try {
                account = parsed.users().get(i).toDomain();
            } catch (RuntimeException e) {
                throw invalid(path, "user " + (i + 1) + ": " + e.getMessage());
            }
            if (users.put(account.name(), account) != null) {
                throw invalid(path, "user '" + account.name() + "' appears twice");
            }
        }
        return new Snapshot(stamp, Collections.unmodifiableMap(users));
    }

    private static IllegalStateException invalid(Path path, String why) {
        return new IllegalStateException("Users file " + path + " is not valid: " + why);
    }

    /** What identifies one version of the file: replaced files have new keys, edited ones new times or sizes. */
    private record Stamp(Object fileKey, long modifiedNanos, long size) {
        static Stamp of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return new Stamp(attributes.fileKey(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                        attributes.size());
            } catch (IOException e) {
                return null;
            }
        }
    }

    private record Snapshot(Stamp stamp, Map<String, UserAccount> users) {
    }

    private record UsersEntry(@JsonProperty(value = "users", required = true) List<UserEntry> users) {
    }

    private record UserEntry(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty(value = "password_hash", required = true) String passwordHash,
            @JsonProperty(value = "permissions", required = true) List<String> permissions) {

        static UserEntry fromDomain(UserAccount account) {
            Set<Permission> inOrder = EnumSet.noneOf(Permission.class);
            inOrder.addAll(account.permissions());
            return new UserEntry(account.name(), account.password().encoded(),
                    inOrder.stream().map(Permission::wireName).toList());
        }

        UserAccount toDomain() {
            if (passwordHash == null || permissions == null) {
                throw new IllegalArgumentException("needs \"name\", \"password_hash\" and \"permissions\"");
            }
            Set<Permission> granted = EnumSet.noneOf(Permission.class);
            for (String permission : permissions) {
                granted.add(Permission.fromWireName(permission));
            }
            return new UserAccount(name, PasswordHash.parse(passwordHash), granted);
        }
    }
}
