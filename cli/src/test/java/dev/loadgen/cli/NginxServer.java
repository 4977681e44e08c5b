package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.fail;

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

/**
 * Debian's nginx as a test's own process on an ephemeral port of 127.0.0.1, answering every path with 200 and
 * logging each request as {@code MSEC STATUS URI} ({@code $msec}: the time of the log write, with milliseconds).
 * Installed with apt-get when the tests run as root and it is missing, as on CI; otherwise the test fails and says
 * so rather than skip. Used by one test class at a time.
 */
final class NginxServer implements AutoCloseable {
    private final Path dir;
    private final Process process;
    private final int port;

    private NginxServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    static NginxServer start(Path dir) throws Exception {
        Path binary = binary();
        if (binary == null && install(dir)) {
            binary = binary();
        }
        if (binary == null) {
            fail("nginx is not installed and could not be installed here (it takes root and apt-get); this test "
                    + "needs it: apt-get install -y nginx");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("temp"));
        String conf = String.join(
                "\n",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  log_format timed '$msec $status $request_uri';",
                "  access_log " + dir.resolve("access.log") + " timed;",
                "  client_body_temp_path " + dir.resolve("temp") + ";",
                "  proxy_temp_path " + dir.resolve("temp") + ";",
                "  fastcgi_temp_path " + dir.resolve("temp") + ";",
                "  uwsgi_temp_path " + dir.resolve("temp") + ";",
                "  scgi_temp_path " + dir.resolve("temp") + ";",
                "  keepalive_requests 1000000;",
                "  server { listen 127.0.0.1:" + port
                        + "; location / { default_type text/plain; return 200 \"ok\\n\"; } }",
                "}",
                "");
        Path confFile = Files.writeString(dir.resolve("nginx.conf"), conf);
        Process process = new ProcessBuilder(
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
        NginxServer server = new NginxServer(dir, process, port);
        server.awaitListening();
        return server;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The access-log lines for {@code path}, once there are at least {@code expected} or 5 s have passed. */
    List<String> logged(String path, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
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

    private static Path binary() {
        return Stream.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private static boolean install(Path dir) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        for (List<String> command :
                List.of(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", "nginx"))) {
            Process install = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("apt-get.out").toFile())
                    .start();
            if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0) {
                install.destroyForcibly();
                fail(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("apt-get.out")));
            }
        }
        return true;
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
