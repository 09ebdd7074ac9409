package dev.taskmill.app.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskmill.application.port.out.InvalidArgumentsException;
import dev.taskmill.application.port.out.OperationEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestOperationTest {

    @TempDir
    Path temp;

    private Path data;
    private OperationEnvironment environment;
    private final DigestOperation digest = new DigestOperation();

    @BeforeEach
    void createDataDirectory() throws IOException {
        data = Files.createDirectory(temp.resolve("data"));
        environment = new OperationEnvironment(data);
        Files.createDirectories(data.resolve("repo"));
        Files.writeString(data.resolve("repo/abc.txt"), "abc", StandardCharsets.US_ASCII);
        Files.writeString(temp.resolve("secret.txt"), "outside", StandardCharsets.US_ASCII);
    }

    @Test
    void digest_name_isDigest() {
        assertThat(digest.name()).isEqualTo("digest");
        assertThat(digest.isCancellable(Map.of("path", "repo/abc.txt"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "sha256, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "sha1,   a9993e364706816aba3e25717850c26c9cd0d89d",
            "md5,    900150983cd24fb0d6963f7d28e17f72"})
    void givenKnownFile_run_returnsItsDigestInLowerCaseHex(String algorithm, String expected) throws Exception {
        Map<String, Object> args = Map.of("path", "repo/abc.txt", "algorithm", algorithm);
        digest.validate(args, environment);

        Object result = digest.run(new FakeOperationContext(args, data));

        assertThat(result).isEqualTo(Map.of("algorithm", algorithm, "digest", expected, "size_bytes", 3L));
    }

    @Test
    void givenNoAlgorithm_run_usesSha256() throws Exception {
        Object result = digest.run(new FakeOperationContext(Map.of("path", "repo/abc.txt"), data));

        assertThat(result).isEqualTo(Map.of("algorithm", "sha256",
                "digest", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size_bytes", 3L));
    }

    @Test
    void givenFileOfSeveralChunks_run_reportsBytesFromZeroToTheSize() throws Exception {
        // One million 'a's: the classic FIPS 180 test vector, read in several chunks.
        Files.write(data.resolve("million.bin"), "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        FakeOperationContext context = new FakeOperationContext(Map.of("path", "million.bin"), data);

        Object result = digest.run(context);

        assertThat(result).isEqualTo(Map.of("algorithm", "sha256",
                "digest", "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                "size_bytes", 1_000_000L));
        List<Map<String, Object>> progress = context.progress();
        assertThat(progress.get(0)).isEqualTo(Map.of("bytes_done", 0L, "bytes_total", 1_000_000L));
        assertThat(progress.get(progress.size() - 1))
                .isEqualTo(Map.of("bytes_done", 1_000_000L, "bytes_total", 1_000_000L));
    }

    @Test
    void givenStopRequested_run_stopsAfterTheFirstChunk() throws IOException {
        Files.write(data.resolve("big.bin"), new byte[4 * 1024 * 1024]);
        FakeOperationContext context = new FakeOperationContext(Map.of("path", "big.bin"), data);
        context.requestStop();

        assertThatThrownBy(() -> digest.run(context))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("digest of big.bin stopped");
        assertThat(context.progress()).allSatisfy(
                progress -> assertThat((Long) progress.get("bytes_done")).isLessThan(4 * 1024 * 1024));
    }

    @Test
    void givenMissingFile_validate_acceptsButRunFailsNamingTheRelativePath() {
        Map<String, Object> args = Map.of("path", "repo/missing.iso");
        digest.validate(args, environment);

        assertThatThrownBy(() -> digest.run(new FakeOperationContext(args, data)))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage("repo/missing.iso: no such file in the data directory");
    }

    @Test
    void givenPathWithDotsStayingInside_validateAcceptsIt_andRunReadsTheFileItNames() throws Exception {
        Map<String, Object> args = Map.of("path", "repo/../repo/./abc.txt");

        digest.validate(args, environment);

        assertThat(digest.run(new FakeOperationContext(args, data))).isEqualTo(Map.of("algorithm", "sha256",
                "digest", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size_bytes", 3L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"users.json", "repo/../users.json", "symbolic-link.json", "hard-link.json"})
    void givenSecretFile_validateRefusesAndRunFails_howeverThePathReachesIt(String path) throws IOException {
        Path secret = Files.writeString(data.resolve("users.json"), "{\"users\": []}", StandardCharsets.US_ASCII);
        Files.createSymbolicLink(data.resolve("symbolic-link.json"), secret);
        Files.createLink(data.resolve("hard-link.json"), secret);
        // the server may name its secret through a link of its own: files are compared, not strings
        Path alias = Files.createSymbolicLink(temp.resolve("alias"), data);
        OperationEnvironment guarded = new OperationEnvironment(data, Set.of(alias.resolve("users.json")));
        Map<String, Object> args = Map.of("path", path);

        assertThatThrownBy(() -> digest.validate(args, guarded))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessage("argument 'path' is one of the server's credential files, which no operation may read: "
                        + path);
        assertThatThrownBy(() -> digest.run(new FakeOperationContext(args, guarded)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage(path + ": is one of the server's credential files, which no operation may read");
    }

    @Test
    void givenSecretFileThatDoesNotExist_validateAndRun_readOtherFiles() throws Exception {
        OperationEnvironment guarded = new OperationEnvironment(data, Set.of(data.resolve("db.pass")));
        Map<String, Object> args = Map.of("path", "repo/abc.txt");

        digest.validate(args, guarded);

        assertThat(digest.run(new FakeOperationContext(args, guarded))).isEqualTo(Map.of("algorithm", "sha256",
                "digest", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "size_bytes", 3L));
    }

    @Test
    void givenLinkInsideTheDataDirectory_validate_acceptsIt() throws Exception {
        Files.createSymbolicLink(data.resolve("link.txt"), data.resolve("repo/abc.txt"));

        digest.validate(Map.of("path", "link.txt"), environment);
        assertThat(digest.run(new FakeOperationContext(Map.of("path", "link.txt"), data)))
                .isEqualTo(Map.of("algorithm", "sha256",
                        "digest", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                        "size_bytes", 3L));
    }

    @Test
    void givenLinkLeadingOutside_validateRefusesAndRunFails() throws IOException {
        Files.createSymbolicLink(data.resolve("escape.txt"), temp.resolve("secret.txt"));
        Map<String, Object> args = Map.of("path", "escape.txt");

        assertThatThrownBy(() -> digest.validate(args, environment))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessage("argument 'path' resolves outside the data directory: escape.txt");
        assertThatThrownBy(() -> digest.run(new FakeOperationContext(args, data)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("escape.txt: resolves outside the data directory");
    }

    @Test
    void givenDirectoryLinkLeadingOutside_validate_refusesIt() throws IOException {
        Files.createSymbolicLink(data.resolve("up"), temp);

        assertThatThrownBy(() -> digest.validate(Map.of("path", "up/secret.txt"), environment))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining("resolves outside the data directory");
    }

    static Stream<Arguments> invalidArgs() {
        return Stream.of(
                Arguments.of(Map.of(), "argument 'path' is required"),
                Arguments.of(Map.of("path", ""), "argument 'path' must not be empty"),
                Arguments.of(Map.of("path", 7), "argument 'path' must be a string, not 7"),
                Arguments.of(Map.of("path", "/etc/passwd"),
                        "argument 'path' must be relative to the data directory, not absolute: /etc/passwd"),
                Arguments.of(Map.of("path", "../secret.txt"),
                        "argument 'path' must name a file inside the data directory: ../secret.txt"),
                Arguments.of(Map.of("path", "repo/../../secret.txt"), "must name a file inside the data directory"),
                Arguments.of(Map.of("path", "."), "must name a file inside the data directory"),
                Arguments.of(Map.of("path", "repo"), "argument 'path' is not a regular file: repo"),
                Arguments.of(Map.of("path", "a\0b"), "argument 'path' is not a valid path"),
                Arguments.of(Map.of("path", "repo/abc.txt", "algorithm", "sha512"),
                        "argument 'algorithm' must be one of sha256, sha1, md5, not \"sha512\""),
                Arguments.of(Map.of("path", "repo/abc.txt", "algorithm", 256), "argument 'algorithm' must be a string"),
                Arguments.of(Map.of("path", "repo/abc.txt", "follow", true), "unknown argument 'follow'"));
    }

    @ParameterizedTest
    @MethodSource("invalidArgs")
    void givenInvalidArgs_validate_refusesNamingTheArgument(Map<String, Object> args, String message) {
        assertThatThrownBy(() -> digest.validate(args, environment))
                .isInstanceOf(InvalidArgumentsException.class)
                .hasMessageContaining(message);
    }
}
