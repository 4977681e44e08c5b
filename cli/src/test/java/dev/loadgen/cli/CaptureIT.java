package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --capture FILE=URL} against a profile endpoint in the test: fetched once the warm-up is over, with
 * {@code {seconds}} the measured window's length, its body saved complete; a capture that fails leaves no file and
 * does not fail the run.
 */
class CaptureIT {
    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    @TempDir
    Path dir;

    private HttpServer profiler;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<Long> askedAtNanos = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        profiler = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 16);
        profiler.createContext("/debug/pprof/profile", exchange -> {
            asked.add(exchange.getRequestURI().getQuery());
            askedAtNanos.add(System.nanoTime());
            byte[] body = "profile bytes".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        profiler.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        profiler.start();
    }

    @AfterEach
    void stop() {
        profiler.stop(0);
    }

    @Test
    @Timeout(120)
    void fetchesOnceTheWindowStartsAndSavesTheBody() throws Exception {
        String base = "http://127.0.0.1:" + profiler.getAddress().getPort();
        Path profile = dir.resolve("cpu.pprof");
        Path broken = dir.resolve("broken.out");
        Path refused = dir.resolve("refused.out");
        Path json = dir.resolve("r.json");
        long start = System.nanoTime();
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-d",
                "3s",
                "--warmup",
                "1s",
                "--json",
                json.toString(),
                "--capture",
                profile + "=" + base + "/debug/pprof/profile?seconds={seconds}",
                "--capture",
                broken + "=" + base + "/broken",
                "--capture",
                refused + "=http://127.0.0.1:" + Scrape.freePort() + "/x",
                target.server().uri().toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(asked).containsExactly("seconds=2");
        // Asked for once the 1 s warm-up was over (the clock starts after connecting, so a little later still).
        assertThat(askedAtNanos.get(0) - start).isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(Files.readString(profile)).isEqualTo("profile bytes".repeat(1000));
        assertThat(broken).doesNotExist();
        assertThat(refused).doesNotExist();
        assertThat(run.out())
                .contains("Capture " + profile + ": 200, 12.70KB from " + base)
                .contains("Capture " + broken + ": failed (status 500)")
                .contains("Capture " + refused + ": failed (connection refused)");
        JsonNode captures = new ObjectMapper().readTree(json.toFile()).get("captures");
        assertThat(captures).hasSize(3);
        assertThat(captures.get(0).get("status").intValue()).isEqualTo(200);
        assertThat(captures.get(0).get("bytes").longValue()).isEqualTo(13000);
        assertThat(captures.get(1).get("status").intValue()).isEqualTo(500);
        assertThat(captures.get(2).get("error").asText()).isEqualTo("connection refused");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }
}
