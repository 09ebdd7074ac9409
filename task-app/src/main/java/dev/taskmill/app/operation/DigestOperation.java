package dev.taskmill.app.operation;

import dev.taskmill.application.port.out.Operation;
import dev.taskmill.application.port.out.OperationContext;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code digest}: checksums a file inside the data directory with SHA-256, SHA-1 or MD5,
 * reporting the bytes read so far.
 */
public final class DigestOperation implements Operation {

    static final String NAME = "digest";

    private static final Set<String> ARGUMENTS = Set.of("path", "algorithm");
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final long PROGRESS_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();

    /** The digest algorithms callers may name. */
    enum Algorithm {
        SHA256("sha256", "SHA-256"), SHA1("sha1", "SHA-1"), MD5("md5", "MD5");

        private final String wireName;
        private final String jcaName;

        Algorithm(String wireName, String jcaName) {
            this.wireName = wireName;
            this.jcaName = jcaName;
        }

        MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform provides " + jcaName, e);
            }
        }

        static String wireNames() {
            return Arrays.stream(values()).map(algorithm -> algorithm.wireName).collect(Collectors.joining(", "));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Refuses paths that leave the data directory, lexically or, for existing files, through
     * links, and the server's secret files.
     */
    /** It only reads the file. */
    @Override
    public boolean isSafeToRestart(Map<String, Object> args) {
        return true;
    }

    @Override
    public void validate(Map<String, Object> args, OperationEnvironment environment) {
        Call call = Call.of(args, environment);
        if (!Files.exists(call.file())) {
            return; // a missing file is the run's error, not the caller's: it may yet appear
        }
        Optional<String> refusal;
        try {
            refusal = call.refusal(call.file().toRealPath());
        } catch (IOException e) {
            throw call.arguments().invalid("path", "cannot be resolved: " + call.relative());
        }
        if (refusal.isPresent()) {
            throw call.arguments().invalid("path", refusal.get() + ": " + call.relative());
        }
    }

    @Override
    public Object run(OperationContext context) throws IOException, InterruptedException {
        Call call = Call.of(context.args(), context.environment());
        Path file = call.openable();
        MessageDigest digest = call.algorithm().newDigest();
        long total = Files.size(file);
        long done = 0;
        report(context, done, total);
        long lastReport = System.nanoTime();
        byte[] chunk = new byte[CHUNK_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                digest.update(chunk, 0, read);
                done += read;
                if (context.isStopRequested() || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("digest of " + call.relative() + " stopped after " + done + " bytes");
                }
                if (System.nanoTime() - lastReport >= PROGRESS_INTERVAL_NANOS) {
                    report(context, done, Math.max(total, done));
                    lastReport = System.nanoTime();
                }
            }
        }
        report(context, done, done);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("algorithm", call.algorithm().wireName);
        result.put("digest", HexFormat.of().formatHex(digest.digest()));
        result.put("size_bytes", done);
        return result;
    }

    private static void report(OperationContext context, long done, long total) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("bytes_done", done);
        progress.put("bytes_total", total);
        context.reportProgress(progress);
    }

    /**
     * The validated arguments of one call.
     *
     * @param relative the path as the caller gave it, for messages (never the server's absolute path)
     * @param root the data directory, absolute and normalized
     * @param file the file inside {@code root}, normalized but not yet resolved through links
     * @param environment where the data directory and the secret files are
     */
    private record Call(OperationArguments arguments, String relative, Path root, Path file, Algorithm algorithm,
            OperationEnvironment environment) {

        static Call of(Map<String, Object> args, OperationEnvironment environment) {
            OperationArguments arguments = OperationArguments.of(args, ARGUMENTS);
            String relative = arguments.requiredString("path");
            Algorithm algorithm = algorithm(arguments);
            Path root = environment.dataDirectory().toAbsolutePath().normalize();
            Path given;
            try {
                given = Path.of(relative);
            } catch (InvalidPathException e) {
                throw arguments.invalid("path", "is not a valid path: " + e.getReason());
            }
            if (given.isAbsolute()) {
                throw arguments.invalid("path", "must be relative to the data directory, not absolute: " + relative);
            }
            Path file = root.resolve(given).normalize();
            if (!file.startsWith(root) || file.equals(root)) {
                throw arguments.invalid("path", "must name a file inside the data directory: " + relative);
            }
            return new Call(arguments, relative, root, file, algorithm, environment);
        }

        private static Algorithm algorithm(OperationArguments arguments) {
            String name = arguments.optionalString("algorithm").orElse(Algorithm.SHA256.wireName);
            for (Algorithm algorithm : Algorithm.values()) {
                if (algorithm.wireName.equals(name)) {
                    return algorithm;
                }
            }
            throw arguments.invalid("algorithm", "must be one of " + Algorithm.wireNames() + ", not \"" + name + "\"");
        }

        /** Why the file, resolved through links to {@code realPath}, may not be read; empty if it may. */
        Optional<String> refusal(Path realPath) throws IOException {
            if (!realPath.startsWith(root.toRealPath())) {
                return Optional.of("resolves outside the data directory");
            }
            if (environment.isSecret(realPath)) {
                return Optional.of("is one of the server's credential files, which no operation may read");
            }
            if (!Files.isRegularFile(realPath)) {
                return Optional.of("is not a regular file");
            }
            return Optional.empty();
        }

        /** The file's real path, checked again at run time because links may have changed since validation. */
        Path openable() throws IOException {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(relative, null, "no such file in the data directory");
            }
            Path real = file.toRealPath();
            Optional<String> refusal = refusal(real);
            if (refusal.isPresent()) {
                throw new AccessDeniedException(relative, null, refusal.get());
            }
            return real;
        }
    }
}
