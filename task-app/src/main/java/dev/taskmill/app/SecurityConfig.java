package dev.taskmill.app;

import dev.taskmill.application.port.in.ManageUsersUseCase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Who may call the API and over what.
 *
 * @param authenticate whether requests need HTTP Basic credentials of a user in {@code usersFile}
 * @param usersFile the users file (absolute); created with user {@code admin} on a first start
 * @param initialAdminPassword the password {@code admin} gets on a first start, or {@code null}
 *        for a random one printed to the console
 * @param tlsKeystore a PKCS12 keystore to serve HTTPS with, or {@code null} for plain HTTP
 * @param tlsKeystorePasswordFile the file holding the keystore's password, exactly when there is a keystore
 * @param metricsAuthenticate whether {@code GET /metrics} needs a user with {@code read}, as the API does
 *        ({@code --metrics-auth basic}); {@code false} serves it to anyone ({@code --metrics-auth none})
 */
public record SecurityConfig(boolean authenticate, Path usersFile, String initialAdminPassword, Path tlsKeystore,
        Path tlsKeystorePasswordFile, boolean metricsAuthenticate) {

    /** The users file's name, looked for in the working directory unless another is given. */
    public static final String DEFAULT_USERS_FILE = "taskmill-users.json";

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public SecurityConfig {
        usersFile = Objects.requireNonNull(usersFile, "usersFile").toAbsolutePath().normalize();
        if (initialAdminPassword != null) {
            try {
                ManageUsersUseCase.requirePassword(initialAdminPassword.toCharArray());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the initial admin password (TASKMILL_ADMIN_PASSWORD): "
                        + e.getMessage(), e);
            }
        }
        if ((tlsKeystore == null) != (tlsKeystorePasswordFile == null)) {
            throw new IllegalArgumentException("--tls-keystore and --tls-keystore-password-file go together");
        }
        if (tlsKeystore != null) {
            tlsKeystore = requireReadableFile(tlsKeystore, "TLS keystore");
            tlsKeystorePasswordFile = requireReadableFile(tlsKeystorePasswordFile, "TLS keystore password file");
        }
    }

    /** The metrics protected as the API is. */
    public SecurityConfig(boolean authenticate, Path usersFile, String initialAdminPassword, Path tlsKeystore,
            Path tlsKeystorePasswordFile) {
        this(authenticate, usersFile, initialAdminPassword, tlsKeystore, tlsKeystorePasswordFile, true);
    }

    /** The same settings, with {@code GET /metrics} open to anyone ({@code false}) or not. */
    public SecurityConfig withMetricsAuthenticate(boolean metricsAuthenticate) {
        return new SecurityConfig(authenticate, usersFile, initialAdminPassword, tlsKeystore, tlsKeystorePasswordFile,
                metricsAuthenticate);
    }

    /** HTTP Basic against the users file in the working directory, over plain HTTP. */
    public static SecurityConfig basic(Path usersFile) {
        return new SecurityConfig(true, usersFile, null, null, null);
    }

    /** No authentication, for a server on a loopback address only. */
    public static SecurityConfig none() {
        return new SecurityConfig(false, Path.of(DEFAULT_USERS_FILE), null, null, null);
    }

    /**
     * @throws IllegalArgumentException if authentication is off and {@code bind} is not a
     *         loopback address, so that an open server is never reachable from elsewhere
     */
    void requireAllowedOn(String bind) {
        if (authenticate) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalArgumentException("--auth none is allowed only on a loopback address (such as"
                    + " 127.0.0.1 or ::1), not on --bind " + bind + "; anyone who can reach it could read, submit"
                    + " and cancel tasks");
        }
    }

    private static Path requireReadableFile(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " must be a readable file, not '" + file + "'");
        }
        return file.toAbsolutePath().normalize();
    }

    /** Leaves the admin password out, so that a log line never holds it. */
    @Override
    public String toString() {
        return "SecurityConfig[authenticate=" + authenticate + ", usersFile=" + usersFile + ", initialAdminPassword="
                + (initialAdminPassword == null ? "none" : "(set)") + ", tlsKeystore=" + tlsKeystore
                + ", metricsAuthenticate=" + metricsAuthenticate + "]";
    }
}
