package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * loadgen against a gRPC server that is not grpc-java: Python's grpcio, serving {@code python-grpc/echo.proto}
 * from the test resources with {@code python-grpc/server.py}, its stubs generated at test time by
 * {@code python3 -m grpc_tools.protoc}. The runs go through the command line as a user's do ({@code --proto},
 * {@code --call}, {@code -D}, {@code --json}), one per call kind and one that the server fails with a status of its
 * own choosing, and what loadgen reports (calls, statuses, error texts, messages each way, connections) equals,
 * exactly, what the Python server counted for itself. It shows that loadgen speaks gRPC over HTTP/2 as another
 * implementation understands it, whatever client loadgen is built on.
 *
 * <p>Debian's {@code python3-grpcio} and {@code python3-grpc-tools} must be installed: the test installs them
 * itself when it runs as root with apt-get (and {@code .ci/run} does on CI); elsewhere it fails rather than skips,
 * saying so, so that a machine without them cannot pass unnoticed.
 */
@EnabledOnOs(
        value = OS.LINUX,
        disabledReason =
                "the gRPC server runs on Debian's python3-grpcio and python3-grpc-tools (apt-get); the test runs where those exist: Linux")
class GrpcPythonServerIT {
    /** Debian's interpreter, the one its python3-* packages install for (a python3 earlier on PATH may not see them). */
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final List<String> PACKAGES = List.of("python3-grpcio", "python3-grpc-tools");
    /** Generous for a loaded two-core machine: grpcio's import and the first bind take a few seconds there. */
    private static final long STARTUP_SECONDS = 120;

    private static final long ANSWER_SECONDS = 30;
    private static final int MAX_STDERR_CHARS = 4000;
    private static final String END_OF_OUTPUT = "\u0000end of output";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Process server;
    private static Writer commands;
    private static final BlockingQueue<String> serverLines = new LinkedBlockingQueue<>();
    private static Path proto;
    private static String url;

    /** Whether Debian's Python imports grpcio and grpc_tools' protoc. */
    private static boolean pythonHasGrpc() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        return run(List.of(PYTHON.toString(), "-c", "import grpc, grpc_tools.protoc"), "python-check", 120) == 0;
    }

    /**
     * Installs Debian's packages where the tests run as root with apt-get, as on a fresh machine or CI, so that the
     * README's test command needs nothing installed by hand; says whether it tried (a failed attempt fails the test).
     */
    private static boolean installPackages() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y"));
        install.addAll(PACKAGES);
        for (List<String> command : List.of(List.of("apt-get", "update"), install)) {
            if (run(command, "apt-get", 600) != 0) {
                fail(String.join(" ", command) + " failed: " + read(dir.resolve("apt-get.out")));
            }
        }
        return true;
    }

    /** Runs {@code command} to its end, its output in {@code NAME.out}; its exit code, or -1 after the timeout. */
    private static int run(List<String> command, String name, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        pythonEnvironment(builder);
        Process process = builder.start();
        try {
            return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Debian's Python with its own packages only, whatever a Python set up for the user would add; apt-get without
     * questions.
     */
    private static void pythonEnvironment(ProcessBuilder builder) {
        builder.environment().remove("PYTHONPATH");
        builder.environment().remove("PYTHONHOME");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyResource(String name, Path to) throws IOException {
        try (InputStream in = GrpcPythonServerIT.class.getResourceAsStream("/python-grpc/" + name)) {
            assertThat(in).as("test resource python-grpc/" + name).isNotNull();
            Path file = to.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    @BeforeAll
    static void startPythonServer() throws Exception {
        boolean ready = pythonHasGrpc();
        if (!ready && installPackages()) {
            ready = pythonHasGrpc();
            if (!ready) {
                fail(PYTHON + " does not import grpc and grpc_tools.protoc even after apt-get installed " + PACKAGES
                        + ": " + read(dir.resolve("python-check.out")).strip());
            }
        }
        if (!ready) {
            String said = Files.isExecutable(PYTHON)
                    ? PYTHON + " said: " + read(dir.resolve("python-check.out")).strip()
                    : "there is no " + PYTHON;
            fail("Python's grpcio and grpc_tools are not installed and could not be installed here (it takes root "
                    + "and apt-get); GrpcPythonServerIT needs them: apt-get install -y " + String.join(" ", PACKAGES)
                    + " (" + said + ")");
        }
        Path sources = Files.createDirectories(dir.resolve("python-grpc"));
        proto = copyResource("echo.proto", sources);
        Path script = copyResource("server.py", sources);
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        List<String> protoc = List.of(
                PYTHON.toString(),
                "-m",
                "grpc_tools.protoc",
                "-I" + sources,
                "--python_out=" + stubs,
                "--grpc_python_out=" + stubs,
                proto.toString());
        if (run(protoc, "protoc", 120) != 0) {
            fail("grpc_tools.protoc failed: " + read(dir.resolve("protoc.out")));
        }
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString(), stubs.toString())
                .redirectError(dir.resolve("server.err").toFile());
        pythonEnvironment(builder);
        server = builder.start();
        commands = new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(GrpcPythonServerIT::readServerOutput, "python-grpc-server-stdout");
        reader.setDaemon(true);
        reader.start();
        String first = nextLine(STARTUP_SECONDS, "its port");
        assertThat(first)
                .as("the Python server's first line" + serverDiagnostics())
                .matches("port [1-9][0-9]*");
        url = "grpc://127.0.0.1:" + first.substring("port ".length());
    }

    private static void readServerOutput() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                serverLines.add(line);
            }
        } catch (IOException e) {
            serverLines.add("(reading the server's output failed: " + e + ")");
        } finally {
            serverLines.add(END_OF_OUTPUT);
        }
    }

    @AfterAll
    static void stopPythonServer() throws Exception {
        if (server == null) {
            return;
        }
        try {
            commands.write("quit\n");
            commands.flush();
            commands.close();
            server.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // already gone: nothing to ask
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The server's stderr and exit code, for failure messages. */
    private static String serverDiagnostics() {
        String state = server == null ? "not started" : server.isAlive() ? "running" : "exited " + server.exitValue();
        String stderr = read(dir.resolve("server.err")).strip();
        if (stderr.length() > MAX_STDERR_CHARS) {
            stderr = "..." + stderr.substring(stderr.length() - MAX_STDERR_CHARS);
        }
        return " (Python server " + state + "; its stderr: " + stderr + ")";
    }

    private static String nextLine(long timeoutSeconds, String what) throws InterruptedException {
        String line = serverLines.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (line == null) {
            fail("the Python server printed no " + what + " within " + timeoutSeconds + " s" + serverDiagnostics());
        }
        if (END_OF_OUTPUT.equals(line)) {
            server.waitFor(5, TimeUnit.SECONDS);
            fail("the Python server ended its output before printing " + what + serverDiagnostics());
        }
        return line;
    }

    /** What the Python server counted since the last call, by method name; its counts start again from zero. */
    private static JsonNode takeServerCounts() throws Exception {
        try {
            commands.write("take\n");
            commands.flush();
        } catch (IOException e) {
            throw new AssertionError("the Python server no longer reads its commands" + serverDiagnostics(), e);
        }
        String line = nextLine(ANSWER_SECONDS, "counts");
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("the Python server's counts are not JSON: " + line + serverDiagnostics(), e);
        }
    }

    @BeforeEach
    void startFromZero() throws Exception {
        takeServerCounts();
    }

    /** A run of the command line with {@code --json}, against the Python server's {@code pyecho.Echo/METHOD}. */
    private record Run(CliRun cli, JsonNode result) {
        JsonNode grpc() {
            return result.get("grpc");
        }

        /** What an assertion compares, with loadgen's output and the server's state for when it fails. */
        String why(String what) {
            return what + "; loadgen's output:\n" + cli.out() + cli.err() + serverDiagnostics();
        }
    }

    private static Run loadgen(String method, String... options) throws IOException {
        Path json = Files.createTempFile(dir, method, ".json");
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--proto", proto.toString(), "--call", "pyecho.Echo/" + method));
        args.addAll(List.of("--json", json.toString(), url));
        CliRun cli = CliRun.of(args.toArray(String[]::new));
        assertThat(cli.exitCode())
                .as(cli.out() + cli.err() + serverDiagnostics())
                .isZero();
        return new Run(cli, JSON.readTree(json.toFile()));
    }

    /** A JSON object of counts as a map, to compare whole. */
    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            counts.put(field.getKey(), field.getValue().asLong());
        }
        return counts;
    }

    /** The server's counts of {@code method}, checking that no other method was called. */
    private static JsonNode onlyMethod(JsonNode serverCounts, String method, Run run) {
        assertThat(counts(serverCounts).keySet())
                .as(run.why("methods the Python server saw called"))
                .containsExactly(method);
        return serverCounts.get(method);
    }

    @Test
    void unaryCallsAreTheCallsThePythonServerAnswered() throws Exception {
        Run run = loadgen("Say", "-t", "2", "-c", "4", "--connections", "2", "-n", "200", "-D", "{\"text\":\"hi\"}");

        JsonNode say = onlyMethod(takeServerCounts(), "Say", run);
        assertThat(run.cli().out())
                .as(run.why("the text report"))
                .contains(
                        "2 threads and 2 connections, 4 concurrent calls",
                        "200 requests in",
                        "Status code distribution:\n  [OK]\t200 responses");
        assertThat(say.get("calls").asLong())
                .as(run.why("calls the server saw"))
                .isEqualTo(200);
        assertThat(run.result().get("requests").asLong())
                .as(run.why("loadgen's requests"))
                .isEqualTo(say.get("calls").asLong());
        assertThat(counts(say.get("statuses")))
                .as(run.why("the server's statuses"))
                .isEqualTo(Map.of("OK", 200L));
        assertThat(counts(run.result().get("status_codes")))
                .as(run.why("loadgen's status codes"))
                .isEqualTo(Map.of("0", 200L));
        assertThat(run.result().at("/errors/total").asLong())
                .as(run.why("loadgen's errors"))
                .isZero();
        assertThat(run.grpc().at("/messages/sent").asLong())
                .as(run.why("loadgen's messages sent, the server's received"))
                .isEqualTo(say.get("received").asLong())
                .isEqualTo(200);
        assertThat(run.grpc().at("/messages/received").asLong())
                .as(run.why("loadgen's messages received, the server's sent"))
                .isEqualTo(say.get("sent").asLong())
                .isEqualTo(200);
        assertThat(say.get("peers").asLong())
                .as(run.why("client addresses (connections) the server saw, with --connections 2"))
                .isEqualTo(2);
    }

    @Test
    void serverStreamRepliesReceivedAreTheRepliesThePythonServerSent() throws Exception {
        // Each call asks for 0 to 12 replies at random: only the server knows how many it sent in all.
        Run run = loadgen(
                "Repeat",
                "-t",
                "1",
                "-c",
                "3",
                "-n",
                "60",
                "-D",
                "{\"text\":\"r\",\"replies\":\"{{randomInt 0 13}}\"}");

        JsonNode repeat = onlyMethod(takeServerCounts(), "Repeat", run);
        assertThat(repeat.get("calls").asLong())
                .as(run.why("calls the server saw"))
                .isEqualTo(60);
        assertThat(run.result().get("requests").asLong())
                .as(run.why("loadgen's requests"))
                .isEqualTo(60);
        assertThat(counts(repeat.get("statuses")))
                .as(run.why("the server's statuses"))
                .isEqualTo(Map.of("OK", 60L));
        assertThat(counts(run.grpc().get("status_names")))
                .as(run.why("loadgen's statuses"))
                .isEqualTo(Map.of("OK", 60L));
        assertThat(run.grpc().at("/messages/sent").asLong())
                .as(run.why("loadgen's messages sent, the server's received"))
                .isEqualTo(repeat.get("received").asLong())
                .isEqualTo(60);
        assertThat(repeat.get("sent").asLong())
                .as(run.why("replies the server sent"))
                .isPositive();
        assertThat(run.grpc().at("/messages/received").asLong())
                .as(run.why("loadgen's messages received, the server's sent"))
                .isEqualTo(repeat.get("sent").asLong());
        assertThat(run.grpc().at("/message_latency/count").asLong())
                .as(run.why("gaps loadgen measured, one per reply, the server's replies"))
                .isEqualTo(repeat.get("sent").asLong());
    }

    @Test
    void clientStreamMessagesSentAreTheMessagesThePythonServerReceived() throws Exception {
        // No --stream-interval: each stream's messages go as fast as the stream takes them.
        Run run = loadgen(
                "Collect",
                "-t",
                "2",
                "-c",
                "4",
                "-n",
                "40",
                "--stream-call-count",
                "5",
                "-D",
                "[{\"text\":\"a\"},{\"text\":\"b\"}]");

        JsonNode collect = onlyMethod(takeServerCounts(), "Collect", run);
        assertThat(collect.get("calls").asLong())
                .as(run.why("calls the server saw"))
                .isEqualTo(40);
        assertThat(counts(collect.get("statuses")))
                .as(run.why("the server's statuses"))
                .isEqualTo(Map.of("OK", 40L));
        assertThat(counts(run.result().get("status_codes")))
                .as(run.why("loadgen's status codes"))
                .isEqualTo(Map.of("0", 40L));
        assertThat(counts(collect.get("received_per_call")))
                .as(run.why("the server's calls by messages received, with --stream-call-count 5"))
                .isEqualTo(Map.of("5", 40L));
        assertThat(run.grpc().at("/messages/sent").asLong())
                .as(run.why("loadgen's messages sent, the server's received"))
                .isEqualTo(collect.get("received").asLong())
                .isEqualTo(200);
        assertThat(run.grpc().at("/messages/received").asLong())
                .as(run.why("loadgen's messages received, the server's sent"))
                .isEqualTo(collect.get("sent").asLong())
                .isEqualTo(40);
    }

    /** Once as fast as each stream takes the messages, once paced by {@code --stream-interval}. */
    @Test
    void bidiMessagesEachWayAreThePythonServerCounts() throws Exception {
        for (List<String> pacing : List.of(List.<String>of(), List.of("--stream-interval", "2ms"))) {
            List<String> options = new ArrayList<>(
                    List.of("-t", "1", "-c", "3", "-n", "30", "--stream-call-count", "6", "-D", "{\"text\":\"c\"}"));
            options.addAll(pacing);
            Run run = loadgen("Chat", options.toArray(String[]::new));

            JsonNode chat = onlyMethod(takeServerCounts(), "Chat", run);
            assertThat(chat.get("calls").asLong())
                    .as(run.why("calls the server saw"))
                    .isEqualTo(30);
            assertThat(counts(chat.get("statuses")))
                    .as(run.why("the server's statuses"))
                    .isEqualTo(Map.of("OK", 30L));
            assertThat(counts(run.result().get("status_codes")))
                    .as(run.why("loadgen's status codes"))
                    .isEqualTo(Map.of("0", 30L));
            assertThat(counts(chat.get("received_per_call")))
                    .as(run.why("the server's calls by messages received, with --stream-call-count 6"))
                    .isEqualTo(Map.of("6", 30L));
            assertThat(run.grpc().at("/messages/sent").asLong())
                    .as(run.why("loadgen's messages sent, the server's received"))
                    .isEqualTo(chat.get("received").asLong())
                    .isEqualTo(180);
            assertThat(run.grpc().at("/messages/received").asLong())
                    .as(run.why("loadgen's messages received, the server's sent"))
                    .isEqualTo(chat.get("sent").asLong())
                    .isEqualTo(180);
        }
    }

    /**
     * The status and its message come from grpcio, which percent-encodes the message's non-ASCII text in the
     * {@code grpc-message} trailer; loadgen's error text carries it decoded.
     */
    @Test
    void statusesAndErrorTextsThePythonServerChoseAreCountedExactly() throws Exception {
        String description = "no echo named missing (caf\u00e9 \u2713)";
        // Cycled call by call: every second call asks the server to fail it with NOT_FOUND.
        Run run = loadgen(
                "Say",
                "-t",
                "2",
                "-c",
                "4",
                "-n",
                "100",
                "-D",
                "[{\"text\":\"fine\"},{\"text\":\"missing\",\"status\":\"NOT_FOUND\",\"status_message\":\""
                        + description + "\"}]");

        JsonNode say = onlyMethod(takeServerCounts(), "Say", run);
        String errorText = "rpc error: code = NotFound desc = " + description;
        assertThat(say.get("calls").asLong())
                .as(run.why("calls the server saw"))
                .isEqualTo(100);
        assertThat(counts(say.get("statuses")))
                .as(run.why("the server's statuses"))
                .isEqualTo(Map.of("OK", 50L, "NOT_FOUND", 50L));
        assertThat(counts(run.result().get("status_codes")))
                .as(run.why("loadgen's status codes"))
                .isEqualTo(Map.of("0", 50L, "5", 50L));
        assertThat(counts(run.grpc().get("status_names")))
                .as(run.why("loadgen's status names"))
                .isEqualTo(Map.of("OK", 50L, "NotFound", 50L));
        assertThat(run.result().at("/errors/status").asLong())
                .as(run.why("loadgen's status errors"))
                .isEqualTo(50);
        assertThat(run.grpc().get("error_messages"))
                .as(run.why("loadgen's error messages"))
                .hasSize(1);
        assertThat(run.grpc().at("/error_messages/0/message").asText())
                .as(run.why("loadgen's error message"))
                .isEqualTo(errorText);
        assertThat(run.grpc().at("/error_messages/0/count").asLong())
                .as(run.why("loadgen's count of that error message"))
                .isEqualTo(50);
        assertThat(run.grpc().at("/messages/sent").asLong())
                .as(run.why("loadgen's messages sent, the server's received"))
                .isEqualTo(say.get("received").asLong())
                .isEqualTo(100);
        assertThat(run.grpc().at("/messages/received").asLong())
                .as(run.why("loadgen's messages received, the server's sent"))
                .isEqualTo(say.get("sent").asLong())
                .isEqualTo(50);
        assertThat(run.cli().out())
                .as(run.why("the text report"))
                .contains("[OK]\t50 responses", "[NotFound]\t50 responses", "[50]\t" + errorText);
    }
}
