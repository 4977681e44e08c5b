package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.loadgen.core.report.HistogramCodec;
import dev.loadgen.core.report.JsonReport;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --json, --hlog, loadgen report and the progress line, end to end against the built-in target on 127.0.0.1. */
class RunOutputsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    private String url() {
        return target.server().uri().toString();
    }

    @Test
    void jsonOfAConstantRateRunMatchesTheSchemaAndTheRun() throws Exception {
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of(
                "-t", "2", "-c", "4", "-d", "1500ms", "-R", "400", "--latency", "-U", "--json", json.toString(), url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = MAPPER.readTree(json.toFile());
        assertThat(schemaErrors(result)).isEmpty();
        long requests = reportedRequests(run.out());
        assertThat(requests).isPositive().isEqualTo(target.server().counts().responsesWritten());
        assertThat(result.get("schema").asText()).isEqualTo(JsonReport.SCHEMA);
        assertThat(result.get("requests").asLong()).isEqualTo(requests);
        assertThat(result.at("/status_codes/200").asLong()).isEqualTo(requests);
        assertThat(result.at("/errors/total").asLong()).isZero();
        assertThat(result.at("/parameters/schedule").asText()).isEqualTo("open_loop");
        assertThat(result.at("/parameters/url").asText()).isEqualTo(url());
        assertThat(result.at("/pacing/open_loop").asBoolean()).isTrue();
        assertThat(result.at("/pacing/target_rate_per_second").asDouble()).isBetween(350.0, 450.0);
        for (String kind : List.of("corrected", "uncorrected")) {
            JsonNode latency = result.at("/latency/" + kind);
            assertThat(latency.get("count").asLong()).isEqualTo(requests);
            assertThat(HistogramCodec.decode(latency.get("histogram").asText()).getTotalCount())
                    .isEqualTo(requests);
            assertThat(latency.get("p50_us").asDouble())
                    .isPositive()
                    .isLessThanOrEqualTo(latency.get("p99_us").asDouble());
        }
        long intervalRequests = 0;
        for (JsonNode interval : result.get("intervals")) {
            intervalRequests += interval.get("requests").asLong();
        }
        assertThat(intervalRequests).isEqualTo(requests);
        JsonNode runtime = result.get("runtime");
        assertThat(runtime.get("transport").asText())
                .isEqualTo(dev.loadgen.core.Transport.best().name());
        assertThat(runtime.get("native_image").asBoolean()).isFalse();
        assertThat(runtime.get("jit_compiler_us").asDouble()).isNotNegative();
        assertThat(runtime.get("gc_us").asDouble()).isNotNegative();
        assertThat(runtime.get("gc_collections").asLong()).isNotNegative();
        assertThat(runtime.get("cpu_us").asDouble()).isPositive();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(json);
        }
    }

    @Test
    void reportRendersASavedJsonResultExactlyAsTheRunPrintedIt() {
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of(
                "-t", "1", "-c", "2", "-d", "1s", "-R", "200", "--latency", "-U", "--json", json.toString(), url());
        CliRun report = CliRun.of("report", "-U", json.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).isEqualTo(run.out()).contains("Detailed Percentile spectrum");
    }

    @Test
    void jsonOnStdoutLeavesTheTextReportOnStderr() throws Exception {
        CliRun run = CliRun.of("-t", "1", "-c", "2", "-n", "50", "--json", "-", url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = MAPPER.readTree(run.out());
        assertThat(schemaErrors(result)).isEmpty();
        assertThat(result.get("requests").asLong()).isEqualTo(50);
        assertThat(run.err()).startsWith("Running 50 requests test @ ").contains("  50 requests in ");
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.out()).startsWith(JsonReport.LINE_MARKER);
    }

    /** Worker 1 of 3 sends its share of -n and -c, and says in its result which share it is, within the schema. */
    @Test
    void aWorkersResultSaysWhichShareItIsWithinTheSchema() throws Exception {
        CliRun run = CliRun.of(
                "--workers",
                "3",
                "--worker-index",
                "1",
                "--run-id",
                "r",
                "-t",
                "2",
                "-c",
                "7",
                "-n",
                "50",
                "--json",
                "-",
                url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = MAPPER.readTree(run.out());
        assertThat(schemaErrors(result)).isEmpty();
        assertThat(result.get("requests").asLong()).isEqualTo(17);
        assertThat(result.at("/parameters/connections").asInt()).isEqualTo(2);
        assertThat(result.at("/parameters/request_count").asLong()).isEqualTo(17);
        assertThat(result.at("/distributed/run_id").asText()).isEqualTo("r");
        assertThat(result.at("/distributed/workers").asInt()).isEqualTo(3);
        assertThat(result.at("/distributed/parts/0/index").asInt()).isEqualTo(1);
        assertThat(result.at("/distributed/parts/0/host").asText()).isNotEmpty();
        assertThat(run.err()).contains("  worker 1 of 3, run r");
    }

    @Test
    void intervalLogRoundTripsThroughHdrHistogramsReaderAndProcessor() throws Exception {
        Path hlog = dir.resolve("run.hlog");
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of(
                "-t",
                "2",
                "-c",
                "4",
                "-d",
                "1500ms",
                "-R",
                "300",
                "--hlog",
                hlog.toString(),
                "--hlog-interval",
                "250ms",
                "--json",
                json.toString(),
                url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        long requests = MAPPER.readTree(json.toFile()).get("requests").asLong();
        assertThat(requests).isPositive();
        Map<String, Long> counts = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
                counts.merge(h.getTag(), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
                lines.merge(h.getTag(), 1, Integer::sum);
            }
        }
        assertThat(counts).containsOnly(Map.entry("corrected", requests), Map.entry("uncorrected", requests));
        assertThat(lines.get("corrected")).isGreaterThanOrEqualTo(5);
        assertThat(Files.readString(hlog))
                .contains(
                        "#[Histogram log format version 1.3]",
                        "#[StartTime: ",
                        "#[BaseTime: ",
                        "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"");

        Path processed = dir.resolve("processed");
        processInThisThread("-i", hlog.toString(), "-tag", "corrected", "-o", processed.toString());
        assertThat(Files.readString(Path.of(processed + ".hgrm")))
                .containsPattern("Total count +=\\s+" + requests + "\\]");

        CliRun report = CliRun.of("report", "--latency", hlog.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out())
                .contains(
                        "intervals tagged corrected",
                        "    Latency ",
                        "Latency Distribution (HdrHistogram - Recorded Latency)",
                        "  " + requests + " requests in ");
    }

    @Test
    void unwritableOutputsAreBadInputBeforeTheRun() {
        for (String option : List.of("--json", "--hlog")) {
            CliRun run = CliRun.of("-n", "10", option, "/nonexistent/dir/x.out", url());

            assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(run.err())
                    .isEqualTo(
                            "loadgen: cannot write " + option + " file '/nonexistent/dir/x.out': no such directory\n");
            assertThat(run.out()).isEmpty();
        }
        CliRun directory = CliRun.of("-n", "10", "--json", dir.toString(), url());
        assertThat(directory.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(directory.err()).endsWith("': it is a directory\n");
        assertThat(target.server().counts().responsesWritten()).isZero();
    }

    @Test
    void aRunThatCannotStartLeavesNoFileBehind() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of(
                "-n",
                "10",
                "--json",
                dir.resolve("r.json").toString(),
                "--hlog",
                dir.resolve("r.hlog").toString(),
                "http://127.0.0.1:" + port + "/");

        assertThat(run.exitCode()).isEqualTo(ExitCode.CANNOT_START);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void outputsToADeviceNodeAreWrittenIntoItAndLeaveItADevice() throws Exception {
        Path devNull = device("null", 3);
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), devNull);

        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "20",
                "--json",
                link.toString(),
                "--hlog",
                devNull.toString(),
                "--html",
                devNull.toString(),
                "--junit",
                devNull.toString(),
                "--assert",
                "errors==0",
                url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(statKind(devNull)).isEqualTo("character special file");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(devNull, link);
        }
    }

    @Test
    void aFullDeviceIsAFileThatCouldNotBeWrittenAfterTheReport() throws Exception {
        Path full = device("full", 7);

        CliRun run = CliRun.of("-t", "1", "-c", "2", "-n", "20", "--json", full.toString(), url());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CANNOT_START);
        assertThat(run.out()).contains("  20 requests in ");
        assertThat(run.err()).isEqualTo("loadgen: cannot write --json file '" + full + "': No space left on device\n");
        assertThat(statKind(full)).isEqualTo("character special file");
    }

    /** A device node of Linux's memory devices (major 1; 3 is null, 7 is full) in the test's directory. */
    private Path device(String name, int minor) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "making a device node needs root (the CI container runs the suite as root)");
        Path device = dir.resolve(name);
        Process mknod = new ProcessBuilder("mknod", device.toString(), "c", "1", Integer.toString(minor))
                .redirectErrorStream(true)
                .start();
        String output = new String(mknod.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(mknod.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(mknod.exitValue()).as(output).isZero();
        return device;
    }

    private static String statKind(Path path) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%F", path.toString()).start();
        String kind = new String(stat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(stat.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return kind.strip();
    }

    @Test
    void reportRejectsAFileThatIsNeitherFormat() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.txt"), "hello\n");
        Path json = Files.writeString(dir.resolve("other.json"), "{\"a\": 1}");

        CliRun missing = CliRun.of("report", dir.resolve("missing").toString());
        CliRun text = CliRun.of("report", junk.toString());
        CliRun other = CliRun.of("report", json.toString());

        assertThat(missing.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(missing.err()).isEqualTo("loadgen: cannot read '" + dir.resolve("missing") + "': no such file\n");
        assertThat(text.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(text.err())
                .startsWith("loadgen: '" + junk + "': ")
                .doesNotContain("\n\t")
                .hasLineCount(1);
        assertThat(other.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(other.err()).contains("not a loadgen result").hasLineCount(1);
    }

    @Test
    void progressLineOnATerminalIsClearedBeforeTheReport() {
        var terminal = LoadCommand.terminal;
        LoadCommand.terminal = () -> true;
        try {
            CliRun shown = CliRun.of("-t", "1", "-c", "2", "-d", "1200ms", "--hlog-interval", "200ms", url());
            CliRun quiet = CliRun.of("-t", "1", "-c", "2", "-d", "500ms", "--quiet", url());

            assertThat(shown.exitCode()).as(shown.err()).isZero();
            assertThat(shown.err())
                    .startsWith("\r  0s of 1s, ")
                    .contains(" req/s, 0 errors, p99 ")
                    .endsWith("\r")
                    .doesNotContain("\n");
            assertThat(shown.out()).startsWith("Running 1s test");
            assertThat(quiet.err()).isEmpty();
        } finally {
            LoadCommand.terminal = terminal;
        }
        CliRun notTerminal = CliRun.of("-t", "1", "-c", "2", "-d", "300ms", url());
        assertThat(notTerminal.err()).isEmpty();
    }

    static List<Error> schemaErrors(JsonNode document) throws Exception {
        try (InputStream schemaText = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(schemaText);
            return schema.validate(document);
        }
    }

    private static long reportedRequests(String report) {
        Matcher matcher = Pattern.compile("\\n  (\\d+) requests in ").matcher(report);
        assertThat(matcher.find()).as(report).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /**
     * Runs HdrHistogram's log processor, which is a {@link Thread}: main() would process on a thread of its own,
     * run() processes on this one, so a failure fails the test.
     */
    @SuppressWarnings("DoNotCall") // Thread.run() on purpose, see above
    private static void processInThisThread(String... args) throws Exception {
        new HistogramLogProcessor(args).run();
    }
}
