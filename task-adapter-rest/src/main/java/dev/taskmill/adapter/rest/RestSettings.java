package dev.taskmill.adapter.rest;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the REST server listens and where the API is mounted.
 *
 * @param bindAddress the host name or IP address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the TCP port, or 0 for a free one chosen at start
 * @param apiRoot the path every endpoint lives under, such as {@code /pulp/api}; normalized to one
 *        leading slash and no trailing slash ({@code ""} for the server root)
 * @param tls the keystore to serve HTTPS with, or {@code null} for plain HTTP
 */
public record RestSettings(String bindAddress, int port, String apiRoot, TlsSettings tls) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");

    public RestSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind address must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        apiRoot = normalize(Objects.requireNonNull(apiRoot, "apiRoot"));
    }

    /** Plain HTTP. */
    public RestSettings(String bindAddress, int port, String apiRoot) {
        this(bindAddress, port, apiRoot, null);
    }

    private static String normalize(String root) {
        StringBuilder normalized = new StringBuilder();
        for (String segment : root.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("API root '" + root + "' is not a plain URL path");
            }
            normalized.append('/').append(segment);
        }
        return normalized.toString();
    }
}
