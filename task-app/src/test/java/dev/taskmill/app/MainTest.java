package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class MainTest {

    @TempDir
    Path dataDir;

    private final Map<String, String> environment = new HashMap<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private TaskmillConfig launched;

    private int run(String... args) {
        CommandLine command = Main.commandLine(environment, config -> {
            launched = config;
            return 0;
        });
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void givenNoOptions_main_launchesWithTheDefaults_inADataDirectoryOfItsOwn() {
        int exitCode = run();

        assertThat(exitCode).isZero();
        assertThat(launched).isEqualTo(new TaskmillConfig("127.0.0.1", 8080, 4, "/pulp/api", Duration.ofHours(24),
                Path.of("data").toAbsolutePath(), SecurityConfig.basic(Path.of("taskmill-users.json"))));
        assertThat(launched.dataDir()).isDirectory();
        assertThat(launched.security().usersFile().startsWith(launched.dataDir())).isFalse();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void givenEveryOption_main_launchesWithThem() throws IOException {
        Path keystore = Files.writeString(dataDir.resolve("keystore.p12"), "");
        Path password = Files.writeString(dataDir.resolve("keystore.pass"), "");

        int exitCode = run("--port", "0", "--bind", "0.0.0.0", "--workers", "16", "--api-root", "/tasks/api/",
                "--retention", "PT30M", "--data-dir", dataDir.toString(), "--auth", "basic", "--users-file",
                dataDir.resolve("u.json").toString(), "--tls-keystore", keystore.toString(),
                "--tls-keystore-password-file", password.toString());

        assertThat(exitCode).isZero();
        assertThat(launched).isEqualTo(new TaskmillConfig("0.0.0.0", 0, 16, "/tasks/api", Duration.ofMinutes(30),
                dataDir, new SecurityConfig(true, dataDir.resolve("u.json"), null, keystore, password)));
    }

    @Test
    void givenEnvironmentVariables_main_launchesWithThem() {
        environment.put("TASKMILL_PORT", "9090");
        environment.put("TASKMILL_BIND", "localhost");
        environment.put("TASKMILL_WORKERS", "2");
        environment.put("TASKMILL_API_ROOT", "/api");
        environment.put("TASKMILL_RETENTION", "P2D");
        environment.put("TASKMILL_DATA_DIR", dataDir.toString());
        environment.put("TASKMILL_AUTH", "none");
        environment.put("TASKMILL_USERS_FILE", dataDir.resolve("u.json").toString());
        environment.put("TASKMILL_ADMIN_PASSWORD", "from-the-environment");
        environment.put("TASKMILL_SHUTDOWN_GRACE", "PT2M");

        int exitCode = run();

        assertThat(exitCode).isZero();
        assertThat(launched).isEqualTo(new TaskmillConfig("localhost", 9090, 2, "/api", Duration.ofDays(2), dataDir,
                new SecurityConfig(false, dataDir.resolve("u.json"), "from-the-environment", null, null))
                .withShutdownGrace(Duration.ofMinutes(2)));
        assertThat(launched.security().toString()).doesNotContain("from-the-environment");
    }

    @Test
    void givenLogOptions_main_launchesWithThem_andWithoutThemLogsTextAtInfo() {
        assertThat(run()).isZero();
        assertThat(launched.log()).isEqualTo(LogConfig.DEFAULT);

        assertThat(run("--log-format", "JSON", "--log-level", "Debug", "--access-log")).isZero();
        assertThat(launched.log()).isEqualTo(new LogConfig(LogConfig.Format.JSON, "debug", true));

        environment.put("TASKMILL_LOG_FORMAT", "json");
        environment.put("TASKMILL_LOG_LEVEL", "warn");
        environment.put("TASKMILL_ACCESS_LOG", "true");
        assertThat(run()).isZero();
        assertThat(launched.log()).isEqualTo(new LogConfig(LogConfig.Format.JSON, "warn", true));
        assertThat(run("--access-log=false")).isZero();
        assertThat(launched.log().accessLog()).isFalse();
    }

    @Test
    void givenEventsOptions_main_launchesWithThem_andWithoutThemWithTheDefaults() {
        assertThat(run()).isZero();
        assertThat(launched.events()).isEqualTo(EventsConfig.DEFAULT);
        assertThat(run("--events-history", "50", "--events-max-lag", "7")).isZero();
        assertThat(launched.events()).isEqualTo(new EventsConfig(50, 7));
        environment.put("TASKMILL_EVENTS_HISTORY", "1000000");
        assertThat(run()).isZero();
        assertThat(launched.events().history()).isEqualTo(1_000_000);
    }

    @Test
    void givenOptionAndEnvironmentVariable_main_prefersTheOption() {
        environment.put("TASKMILL_PORT", "9090");
        environment.put("TASKMILL_WORKERS", "");

        int exitCode = run("--port=7070");

        assertThat(exitCode).isZero();
        assertThat(launched.port()).isEqualTo(7070);
        assertThat(launched.workers()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--port      | 70000       | invalid --port (TASKMILL_PORT): port must be between 0 and 65535, not 70000",
            "--port      | -1          | invalid --port (TASKMILL_PORT): port must be between 0 and 65535, not -1",
            "--port      | http        | invalid --port (TASKMILL_PORT): 'http' is not a whole number",
            "--workers   | 0           | invalid --workers (TASKMILL_WORKERS): workers must be between 1 and 1024, not 0",
            "--workers   | 1025        | invalid --workers (TASKMILL_WORKERS): workers must be between 1 and 1024",
            "--workers   | 2.5         | invalid --workers (TASKMILL_WORKERS): '2.5' is not a whole number",
            "--retention | PT0S        | invalid --retention (TASKMILL_RETENTION): retention must be a positive duration",
            "--retention | -PT1H       | invalid --retention (TASKMILL_RETENTION): retention must be a positive duration",
            "--retention | 24h         | invalid --retention (TASKMILL_RETENTION): '24h' is not an ISO-8601 duration: write PT24H for 24 hours, PT30M for 30 minutes, PT10S for 10 seconds or P7D for 7 days",
            "--node-timeout | 30s      | invalid --node-timeout (TASKMILL_NODE_TIMEOUT): '30s' is not an ISO-8601 duration: write PT24H",
            "--node-timeout | PT0.5S   | invalid --node-timeout (TASKMILL_NODE_TIMEOUT): node timeout must be at least PT1S, not PT0.5S",
            "--shutdown-grace | -PT1S  | invalid --shutdown-grace (TASKMILL_SHUTDOWN_GRACE): shutdown grace must not be negative, not PT-1S",
            "--shutdown-grace | 30     | invalid --shutdown-grace (TASKMILL_SHUTDOWN_GRACE): '30' is not an ISO-8601 duration",
            "--api-root  | pulp/api    | invalid --api-root (TASKMILL_API_ROOT): api root must be a path such as /pulp/api",
            "--api-root  | /pulp//api  | invalid --api-root (TASKMILL_API_ROOT): api root must be a path",
            "--api-root  | /           | invalid --api-root (TASKMILL_API_ROOT): api root must be a path",
            "--bind      | 'local host'| invalid --bind (TASKMILL_BIND): bind address must be a host name or IP address",
            "--data-dir  | /no/such/dir| invalid --data-dir (TASKMILL_DATA_DIR): data dir must be an existing directory",
            "--auth      | digest      | invalid --auth (TASKMILL_AUTH): auth is basic or none, not 'digest'",
            "--store     | mysql       | invalid --store (TASKMILL_STORE): store is memory or postgres, not 'mysql'",
            "--store     | postgres    | invalid --store (TASKMILL_STORE): --store postgres needs --db-url",
            "--db-url    | jdbc:postgresql://h/db | invalid --store (TASKMILL_STORE): --db-url, --db-user and --db-password-file go with --store postgres",
            "--tls-keystore | /no/such.p12 | invalid security setting: --tls-keystore and --tls-keystore-password-file go together",
            "--log-format | xml        | invalid --log-format (TASKMILL_LOG_FORMAT): log format is text or json, not 'xml'",
            "--log-level | loud        | invalid --log-level (TASKMILL_LOG_LEVEL): log level is error, warn, info, debug or trace, not 'loud'",
            "--access-log | maybe      | invalid --access-log (TASKMILL_ACCESS_LOG): 'maybe' is neither true nor false",
            "--events-history | 0      | invalid --events-history (TASKMILL_EVENTS_HISTORY): events history must be 1 to 1000000 events, not 0",
            "--events-max-lag | many   | invalid --events-max-lag (TASKMILL_EVENTS_MAX_LAG): 'many' is not a whole number"})
    void givenBadOptionValue_main_refusesWithOneLineAndExitCode2(String option, String value, String message) {
        int exitCode = run(option, value);

        assertThat(exitCode).isEqualTo(2);
        assertThat(launched).isNull();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("taskmill: " + message).endsWith(" (see --help)" + System.lineSeparator())
                .hasLineCount(1);
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0", "192.0.2.1", "::"})
    void givenAuthNoneOnANonLoopbackAddress_main_refusesWithExitCode2(String bind) {
        int exitCode = run("--auth", "none", "--bind", bind);

        assertThat(exitCode).isEqualTo(2);
        assertThat(launched).isNull();
        assertThat(err.toString()).startsWith("taskmill: invalid --auth (TASKMILL_AUTH): --auth none is allowed only on"
                + " a loopback address").hasLineCount(1);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1", "::1", "localhost", "127.0.0.2"})
    void givenAuthNoneOnLoopback_main_launchesWithoutAuthentication(String bind) {
        int exitCode = run("--auth", "none", "--bind", bind);

        assertThat(exitCode).isZero();
        assertThat(launched.security().authenticate()).isFalse();
    }

    @Test
    void givenNoMetricsAuth_main_protectsTheMetricsAsTheApi() {
        int exitCode = run();

        assertThat(exitCode).isZero();
        assertThat(launched.security().metricsAuthenticate()).isTrue();
    }

    @Test
    void givenMetricsAuthNone_main_opensTheMetricsOnAnyAddress() {
        environment.put("TASKMILL_METRICS_AUTH", "none");

        int exitCode = run("--bind", "0.0.0.0");

        assertThat(exitCode).isZero();
        assertThat(launched.security().metricsAuthenticate()).isFalse();
        assertThat(launched.security().authenticate()).isTrue();
    }

    @Test
    void givenBadMetricsAuth_main_exitsWithOneLineNamingTheOption() {
        int exitCode = run("--metrics-auth", "digest");

        assertThat(exitCode).isEqualTo(2);
        assertThat(launched).isNull();
        assertThat(err.toString()).isEqualTo("taskmill: invalid --metrics-auth (TASKMILL_METRICS_AUTH): metrics auth is"
                + " basic or none, not 'digest' (see --help)" + System.lineSeparator());
    }

    @Test
    void givenPostgresStore_main_launchesWithItsConnection() throws IOException {
        Path password = Files.writeString(dataDir.resolve("db.pass"), "secret\n");
        environment.put("TASKMILL_DB_USER", "taskmill");

        int exitCode = run("--store", "postgres", "--db-url", "jdbc:postgresql://db.example:5432/taskmill",
                "--db-password-file", password.toString());

        assertThat(exitCode).isZero();
        assertThat(launched.store()).isEqualTo(StoreConfig.postgres("jdbc:postgresql://db.example:5432/taskmill",
                "taskmill", password));
    }

    @Test
    void givenShortAdminPasswordInTheEnvironment_main_refusesIt() {
        environment.put("TASKMILL_ADMIN_PASSWORD", "short");

        int exitCode = run();

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("TASKMILL_ADMIN_PASSWORD").contains("a password has 8 to 1024 characters, not 5")
                .doesNotContain("short").hasLineCount(1);
    }

    @Test
    void givenTlsKeystoreThatDoesNotExist_main_refusesIt() throws IOException {
        Path password = Files.writeString(dataDir.resolve("pass"), "x");

        int exitCode = run("--tls-keystore", dataDir.resolve("none.p12").toString(), "--tls-keystore-password-file",
                password.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("TLS keystore must be a readable file").hasLineCount(1);
    }

    @Test
    void givenFileAsDataDir_main_refusesIt() throws IOException {
        Path file = Files.writeString(dataDir.resolve("file.txt"), "not a directory");

        int exitCode = run("--data-dir", file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("data dir must be an existing directory").hasLineCount(1);
    }

    @Test
    void givenBadEnvironmentVariable_main_refusesNamingIt() {
        environment.put("TASKMILL_RETENTION", "forever");

        int exitCode = run();

        assertThat(exitCode).isEqualTo(2);
        assertThat(launched).isNull();
        assertThat(err.toString()).startsWith("taskmill: invalid --retention (TASKMILL_RETENTION): ").hasLineCount(1);
    }

    @Test
    void givenUnknownOption_main_refusesWithOneLineAndExitCode2() {
        int exitCode = run("--prot", "8080");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("taskmill: Unknown option").hasLineCount(1);
    }

    @Test
    void givenHelp_main_printsEveryOptionWithItsVariableAndDefault() {
        environment.put("TASKMILL_PORT", "not even a number");

        int exitCode = run("--help");

        assertThat(exitCode).isZero();
        assertThat(launched).isNull();
        assertThat(out.toString()).contains(
                "--port=PORT", "TASKMILL_PORT", "Default: 8080",
                "--bind=HOST", "TASKMILL_BIND", "Default: 127.0.0.1",
                "--workers=N", "TASKMILL_WORKERS", "Default: 4",
                "--api-root=PATH", "TASKMILL_API_ROOT", "Default: /pulp/api",
                "--retention=DURATION", "TASKMILL_RETENTION", "Default: PT24H",
                "--data-dir=DIR", "TASKMILL_DATA_DIR", "Default: data in the working directory, created if missing",
                "--log-format=FORMAT", "TASKMILL_LOG_FORMAT", "Default: text",
                "--log-level=LEVEL", "TASKMILL_LOG_LEVEL", "Default: info",
                "--access-log", "TASKMILL_ACCESS_LOG", "Default: false",
                "--events-history=N", "TASKMILL_EVENTS_HISTORY", "Default: 10000",
                "--events-max-lag=N", "TASKMILL_EVENTS_MAX_LAG", "Default: 10000",
                "--help", "--version");
    }

    @Test
    void givenVersion_main_printsTheVersion() {
        int exitCode = run("--version");

        assertThat(exitCode).isZero();
        assertThat(launched).isNull();
        assertThat(out.toString()).startsWith("taskmill ");
    }

    @Test
    void givenServerThatCannotStart_main_reportsOneLineAndExitCode1() {
        CommandLine command = Main.commandLine(environment, config -> {
            throw new IllegalStateException("Address already in use");
        });
        command.setErr(new PrintWriter(err, true));

        int exitCode = command.execute();

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("taskmill: could not start: Address already in use"
                + System.lineSeparator());
    }

    @Test
    void environmentVariable_ofAnOption_isTheTaskmillPrefixedUpperCaseName() {
        assertThat(Main.environmentVariable("--api-root")).isEqualTo("TASKMILL_API_ROOT");
        assertThat(Main.environmentVariable("--data-dir")).isEqualTo("TASKMILL_DATA_DIR");
    }
}
