package dev.loadgen.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The packaged command through the {@code ./loadgen} launcher at the repository root, as a user runs it. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "./loadgen is a bash script, and the tests stop it with kill -INT")
class LauncherIT {
    private static final Path LAUNCHER =
            Path.of("..", "loadgen").toAbsolutePath().normalize();

    private WireMockServer wireMock;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        wireMock.stubFor(get("/").willReturn(aResponse().withStatus(200).withBody("hi")));
    }

    @AfterEach
    void stop() {
        wireMock.stop();
    }

    private String url() {
        return "http://127.0.0.1:" + wireMock.port() + "/";
    }

    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    private static String read(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void runsALoadTestAndExitsZero() throws Exception {
        assertThat(Files.isExecutable(LAUNCHER)).isTrue();
        Process process = launch("-t", "1", "-c", "2", "-n", "50", url());
        String out = read(process.getInputStream());
        String err = read(process.getErrorStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(err).isZero();
        assertThat(out).contains("  50 requests in ", "Requests/sec:");
        assertThat(wireMock.getAllServeEvents()).hasSize(50);
    }

    /** The java binary the launcher picks, since an archive only maps into the JVM that made it. */
    private static String launcherJava() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return "java";
    }

    @Test
    void theClassDataArchiveHoldsTheClassesOfHttpAndGrpcRunsFromAProto() throws Exception {
        Process run = launch("-t", "1", "-c", "1", "-n", "1", url());
        read(run.getInputStream());
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Path target = LAUNCHER.getParent().resolve("cli").resolve("target");
        Path archive = target.resolve("loadgen-cli.jsa");
        assertThat(archive).isRegularFile();
        assertThat(Files.size(archive)).isPositive();

        Process print = new ProcessBuilder(
                        launcherJava(),
                        "-XX:+UseSerialGC",
                        "-XX:SharedArchiveFile=" + archive,
                        "-XX:+PrintSharedArchiveAndExit",
                        "-cp",
                        target.resolve("loadgen-cli.jar").toString())
                .redirectErrorStream(true)
                .start();
        String listing = read(print.getInputStream());
        assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(print.exitValue()).as(listing).isZero();
        assertThat(listing)
                .contains(
                        " dev.loadgen.http.HttpConnection ",
                        " dev.loadgen.grpc.GrpcCall ",
                        " dev.loadgen.http.Http2ClientConnection ",
                        " com.squareup.wire.schema.Linker ",
                        " dev.loadgen.core.report.WrkTextReport ");
    }

    // On JDK 25 and newer the launcher trains an ahead-of-time cache instead of an AppCDS archive, and maps it
    // without a word on stdout or stderr. The machines the suite runs on have a Temurin 25 under /usr/lib/jvm.
    @Test
    void onJdk25TheLauncherMakesAndMapsAnAheadOfTimeCache() throws Exception {
        Path jdk25;
        try (java.util.stream.Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jdk25 = jvms.filter(home -> Files.isExecutable(home.resolve("bin/java")) && feature(home) >= 25)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no JDK 25 or newer under /usr/lib/jvm"));
        }
        Path cache = LAUNCHER.getParent().resolve("cli").resolve("target").resolve("loadgen-cli.aot");
        Files.deleteIfExists(cache);
        for (int run = 0; run < 2; run++) {
            ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "-t", "1", "-c", "2", "-n", "20", url())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("JAVA_HOME", jdk25.toString());
            Process process = builder.start();
            String out = read(process.getInputStream());
            String err = read(process.getErrorStream());
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).as(err).isZero();
            assertThat(out).startsWith("Running 20 requests test @ ").contains("  20 requests in ");
            assertThat(err).isEmpty();
            assertThat(cache).isRegularFile();
            assertThat(Files.size(cache)).isPositive();
        }
        assertThat(wireMock.getAllServeEvents()).hasSize(40);
    }

    // The feature version in a JDK's release file, 0 when it has none.
    private static int feature(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                java.util.regex.Matcher version = java.util.regex.Pattern.compile("^JAVA_VERSION=\"?(\\d+)")
                        .matcher(line);
                if (version.find()) {
                    return Integer.parseInt(version.group(1));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    @Test
    void badFlagExitsTwoWithOneLine() throws Exception {
        Process process = launch("--no-such-flag", url());
        String err = read(process.getErrorStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(err.lines()).hasSize(1);
        assertThat(err).startsWith("loadgen: ");
    }

    @Test
    void ctrlCStopsTheRunAndStillPrintsTheReport() throws Exception {
        Process process = launch("-t", "1", "-c", "2", "-d", "60s", url());
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).startsWith("Running 1m test @ ");
        assertThat(out.readLine()).isEqualTo("  1 threads and 2 connections");
        Thread.sleep(1000);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.append(line).append('\n');
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = read(process.getErrorStream());

        assertThat(process.exitValue()).isEqualTo(ExitCode.INTERRUPTED);
        long reported = Long.parseLong(rest.toString().replaceAll("(?s).*\\n  (\\d+) requests in .*", "$1"));
        assertThat(reported).isPositive().isEqualTo(wireMock.getAllServeEvents().size());
        assertThat(err).contains("interrupted");
    }
}
