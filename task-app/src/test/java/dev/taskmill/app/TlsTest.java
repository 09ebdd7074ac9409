package dev.taskmill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTPS from a PKCS12 keystore that the test generates with the JDK's keytool. */
class TlsTest {

    private static final String STORE_PASSWORD = "keystore-secret";
    private static final String ADMIN_PASSWORD = "tls-admin-password";

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path passwordFile;
    private static Taskmill server;
    private static SSLContext trusting;

    @BeforeAll
    static void startHttpsServer() throws Exception {
        keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "taskmill", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        // as an editor leaves it: one line with its newline
        passwordFile = Files.writeString(dir.resolve("keystore.pass"), STORE_PASSWORD + "\n");

        server = Taskmill.start(config(passwordFile));
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trust.getTrustManagers(), null);
    }

    private static TaskmillConfig config(Path keystorePassword) {
        return new TaskmillConfig("127.0.0.1", 0, 1, "/pulp/api", Duration.ofHours(1), dir,
                new SecurityConfig(true, dir.resolve("users.json"), ADMIN_PASSWORD, keystore, keystorePassword));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenKeystore_theApiIsServedOverHttps_withAuthentication() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
        URI tasks = server.baseUri().resolve("v2/tasks/");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(
                StandardCharsets.UTF_8));

        HttpResponse<String> listed = client.send(HttpRequest.newBuilder(tasks).header("Authorization", basic).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(tasks).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(server.baseUri().getScheme()).isEqualTo("https");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo("[]");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void givenTls12Or13Client_theHandshakeSucceeds(String protocol) throws IOException {
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", port())) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
        }
    }

    /** A JVM that would speak TLS 1.0 and 1.1 probes the server, which must refuse both. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.1", "TLSv1", "TLSv1.2"})
    void givenClientAllowedOldVersions_theServerRefusesAllBelowTls12(String protocol) throws Exception {
        Path security = Files.writeString(dir.resolve("old-tls.security"), "jdk.tls.disabledAlgorithms=\n");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.security.properties=" + security, "-cp", System.getProperty("java.class.path"),
                TlsProbe.class.getName(), String.valueOf(port()), protocol)
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();

        if (protocol.equals("TLSv1.2")) {
            assertThat(output).as("the probe itself works").isEqualTo("agreed TLSv1.2");
        } else {
            assertThat(output).startsWith("refused javax.net.ssl.SSL");
        }
    }

    @Test
    void givenPlainHttpOnTheHttpsPort_theConnectionEnds_andHttpsStillWorks() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /pulp/api/v2/tasks/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                byte[] answer = socket.getInputStream().readAllBytes();
                assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("200 OK");
            } catch (IOException e) {
                // a reset is as good an end as a close
            }
        }

        givenKeystore_theApiIsServedOverHttps_withAuthentication();
    }

    @Test
    void givenWrongKeystorePassword_startFailsSayingSo() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong.pass"), "not-the-password");

        assertThatThrownBy(() -> Taskmill.start(config(wrong)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong password");
    }

    private static int port() {
        return server.baseUri().getPort();
    }
}
