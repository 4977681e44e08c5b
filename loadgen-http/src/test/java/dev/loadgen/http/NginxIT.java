package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Transport;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real nginx, started by the test as its own process with a generated configuration: h2c with prior
 * knowledge, h2 through ALPN on TLS, TLS without HTTP/2 (the fallback), and h2c with nginx's own GOAWAY after
 * 100 requests per connection. What loadgen counts as requests equals, exactly, the lines nginx logged for the
 * run's path, with the protocol nginx says it spoke.
 *
 * <p>nginx must be installed: the test installs Debian's package itself when it runs as root with apt-get (and
 * {@code .ci/run} does on CI); elsewhere it fails rather than skips, saying so, so that a machine without it
 * cannot pass unnoticed.
 */
@EnabledOnOs(
        value = OS.LINUX,
        disabledReason = "nginx is installed from Debian's package (apt-get); the test runs where that exists: Linux")
class NginxIT {
    private static final long LOG_WAIT_MILLIS = 5000;

    @TempDir
    static Path dir;

    private static Process nginx;
    private static int h2cPort;
    private static int h2Port;
    private static int tlsHttp11Port;
    private static int goAwayPort;

    private static Path nginxBinary() {
        return Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    /**
     * Installs Debian's nginx package where the tests run as root with apt-get, as on a fresh machine or CI, so
     * that the README's test command needs nothing installed by hand; says whether it tried and succeeded.
     */
    private static boolean installNginx() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        for (List<String> command :
                List.of(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "nginx"))) {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("apt-get.out").toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("apt-get.out")));
            }
        }
        return true;
    }

    @BeforeAll
    static void startNginx() throws Exception {
        Path binary = nginxBinary();
        if (binary == null && installNginx()) {
            binary = nginxBinary();
        }
        if (binary == null) {
            fail("nginx is not installed and could not be installed here (it takes root and apt-get); NginxIT "
                    + "needs it: apt-get install -y nginx");
        }
        X509Bundle cert = new CertificateBuilder()
                .subject("CN=localhost")
                .ecp256()
                .setIsCertificateAuthority(true)
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .buildSelfSigned();
        Files.writeString(dir.resolve("cert.pem"), cert.getCertificatePEM());
        Files.writeString(dir.resolve("key.pem"), cert.getPrivateKeyPEM());
        h2cPort = freePort();
        h2Port = freePort();
        tlsHttp11Port = freePort();
        goAwayPort = freePort();
        Files.createDirectories(dir.resolve("temp"));
        String tls =
                "ssl_certificate " + dir.resolve("cert.pem") + "; ssl_certificate_key " + dir.resolve("key.pem") + ";";
        String location = "location / { default_type text/plain; return 200 \"hello from nginx\\n\"; }";
        String conf = String.join(
                "\n",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  log_format counted '$server_protocol $status $request_uri';",
                "  access_log " + dir.resolve("access.log") + " counted;",
                "  client_body_temp_path " + dir.resolve("temp") + ";",
                "  proxy_temp_path " + dir.resolve("temp") + ";",
                "  fastcgi_temp_path " + dir.resolve("temp") + ";",
                "  uwsgi_temp_path " + dir.resolve("temp") + ";",
                "  scgi_temp_path " + dir.resolve("temp") + ";",
                "  keepalive_requests 1000000;",
                "  server { listen 127.0.0.1:" + h2cPort + " http2; " + location + " }",
                "  server { listen 127.0.0.1:" + h2Port + " ssl http2; " + tls + " " + location + " }",
                "  server { listen 127.0.0.1:" + tlsHttp11Port + " ssl; " + tls + " " + location + " }",
                "  server { listen 127.0.0.1:" + goAwayPort + " http2; keepalive_requests 100; " + location + " }",
                "}",
                "");
        Path confFile = Files.writeString(dir.resolve("nginx.conf"), conf);
        nginx = new ProcessBuilder(
                        binary.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        confFile.toString(),
                        "-e",
                        dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        for (int port : new int[] {h2cPort, h2Port, tlsHttp11Port, goAwayPort}) {
            awaitListening(port);
        }
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                fail("nginx exited: " + Files.readString(dir.resolve("nginx.out")) + " "
                        + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : ""));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        fail("nginx did not listen on port " + port + " within 10s");
    }

    /** The access-log lines for {@code path}, once there are {@code expected} of them or 5 s have passed. */
    private static List<String> logged(String path, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOG_WAIT_MILLIS);
        List<String> lines;
        do {
            lines = Files.readAllLines(dir.resolve("access.log"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.endsWith(" " + path))
                    .toList();
            if (lines.size() >= expected) {
                return lines;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return lines;
    }

    /** A run as the command line makes it, with what the text report's header said after the preflight. */
    private record Outcome(RunResult result, String header) {}

    private static Outcome run(RunSpec spec, String... httpOptions) throws Exception {
        ProtocolRun protocolRun = LoadRuns.prepare(spec, httpOptions);
        try (LoadRun run = LoadRun.prepare(spec, Transport.best(), protocolRun.createDriver(spec, Transport.best()))) {
            run.preflight();
            String header = protocolRun.textHeader(spec);
            return new Outcome(run.execute(), header);
        }
    }

    @Test
    void h2cCountBoundedRunMatchesTheAccessLogExactly() throws Exception {
        RunSpec spec = LoadRuns.withStreams(
                LoadRuns.countBounded("http://127.0.0.1:" + h2cPort + "/h2c-count", 2, 4, 3000, 5000), 8);
        Outcome outcome = run(spec, "--h2c", "--streams", "8");

        assertThat(outcome.header()).contains("2 threads and 4 connections x 8 streams (HTTP/2, h2c)");
        assertThat(outcome.result().requests()).isEqualTo(3000);
        assertThat(outcome.result().totalErrors()).isZero();
        List<String> lines = logged("/h2c-count", 3000);
        assertThat(lines).hasSize(3000).allMatch(line -> line.startsWith("HTTP/2.0 200 "));
    }

    @Test
    void h2cDurationBoundedRunMatchesTheAccessLogExactly() throws Exception {
        RunSpec spec = LoadRuns.withStreams(
                LoadRuns.spec(
                        "http://127.0.0.1:" + h2cPort + "/h2c-duration",
                        "GET",
                        List.of(),
                        new byte[0],
                        2,
                        4,
                        1500,
                        0,
                        5000),
                16);
        Outcome outcome = run(spec, "--h2c", "--streams", "16");

        long requests = outcome.result().requests();
        assertThat(requests).isPositive();
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(logged("/h2c-duration", requests)).hasSize((int) requests);
    }

    @Test
    void http2OverTlsNegotiatesH2ThroughAlpn() throws Exception {
        RunSpec spec = LoadRuns.withStreams(
                LoadRuns.countBounded("https://127.0.0.1:" + h2Port + "/h2-tls", 1, 2, 2000, 5000), 10);
        Outcome outcome = run(spec, "--http2", "--streams", "10");

        assertThat(outcome.header()).contains("1 threads and 2 connections x 10 streams (HTTP/2, h2)");
        assertThat(outcome.result().requests()).isEqualTo(2000);
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(logged("/h2-tls", 2000)).hasSize(2000).allMatch(line -> line.startsWith("HTTP/2.0 200 "));
    }

    @Test
    void http2FallsBackToHttp11WhenTheServerDoesNotOfferIt() throws Exception {
        RunSpec spec = LoadRuns.countBounded("https://127.0.0.1:" + tlsHttp11Port + "/fallback", 1, 2, 500, 5000);
        Outcome outcome = run(spec, "--http2");

        assertThat(outcome.header())
                .contains("1 threads and 2 connections (HTTP/1.1)\n"
                        + "  HTTP/2 not offered by the server (ALPN chose http/1.1); running HTTP/1.1\n");
        assertThat(outcome.result().requests()).isEqualTo(500);
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(logged("/fallback", 500)).hasSize(500).allMatch(line -> line.startsWith("HTTP/1.1 200 "));
    }

    /**
     * nginx ends each HTTP/2 connection with GOAWAY after 100 requests; the streams already sent above its last
     * one fail with READ and the run goes on over new connections. Every request nginx logged is a response
     * loadgen counted, and every other request loadgen sent is a READ error.
     */
    @Test
    void nginxGoAwayAfterItsRequestLimitIsCountedExactly() throws Exception {
        RunSpec spec = LoadRuns.withStreams(
                LoadRuns.countBounded("http://127.0.0.1:" + goAwayPort + "/goaway", 1, 2, 1000, 5000), 8);
        RunResult result = run(spec, "--h2c", "--streams", "8").result();

        List<String> lines = logged("/goaway", result.requests());
        assertThat(lines).hasSize((int) result.requests());
        assertThat(result.requests() + result.errors(ErrorKind.READ)).isEqualTo(1000);
        assertThat(result.totalErrors()).isEqualTo(result.errors(ErrorKind.READ));
        assertThat(result.requests()).isGreaterThanOrEqualTo(1000 - 8 * (1000 / 100));
    }
}
