package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.Distribution;
import dev.loadgen.core.IntervalHistograms;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.WorkerPart;
import dev.loadgen.core.report.HistogramCodec;
import dev.loadgen.core.report.JsonReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadgen merge} on worker results made here: results picked out of noisy logs and stdin, added up, written
 * and judged once; and every way inputs can fail to belong together refused with exit code 2.
 */
class MergeCommandTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final InputStream stdin = MergeCommand.stdin;

    @AfterEach
    void restoreStdin() {
        MergeCommand.stdin = stdin;
    }

    /** Worker {@code index} of {@code workers}: {@code count} responses of 1 to count ms plus the index. */
    static String workerLine(String runId, int workers, int index, int count, int digits) throws IOException {
        return workerLine(runId, workers, List.of(index), count, digits);
    }

    static String workerLine(String runId, int workers, List<Integer> indexes, int count, int digits)
            throws IOException {
        Histogram latency = new Histogram(1, 3_600_000_000_000L, digits);
        for (int i = 1; i <= count; i++) {
            latency.recordValue(i * MS + indexes.get(0));
        }
        TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:8080/"), "GET", List.of(), new byte[0], false);
        RunSpec spec = new RunSpec(
                target, 1, 2, 10 * SECOND, 0, 2 * SECOND, new Schedule.OpenLoop(new ConstantRate(50), 100), 1, 0);
        RunResult result = RunResult.builder(spec)
                .elapsedNanos(10 * SECOND)
                .requests(count)
                .statuses(Map.of(200, (long) count))
                .latencyNanos(latency)
                .uncorrectedLatencyNanos(latency)
                .startEpochMillis(1_700_000_000_000L)
                .pacing(new PacingStats(50, 0, 0, 0))
                .intervalHistograms(List.of(new IntervalHistograms(0, SECOND, latency, latency)))
                .build();
        List<WorkerPart> parts = indexes.stream()
                .map(index -> WorkerPart.of(result, index, "pod-" + index, 250_000))
                .toList();
        RunResult worker = result.toBuilder()
                .distribution(new Distribution(runId, workers, parts, false))
                .build();
        StringWriter out = new StringWriter();
        JsonReport.writeLine(worker, "test", List.of(), out);
        return out.toString();
    }

    /** A pod's log: the text report on stderr interleaved with the result line, as kubectl logs shows them. */
    private Path log(String name, String line) throws IOException {
        return Files.writeString(
                dir.resolve(name),
                "Running 10s test @ http://127.0.0.1:8080/\n  worker of run\n"
                        + "2026-05-04T12:00:00.000000001Z stdout F " + line
                        + "  Thread Stats   Avg      Stdev     Max   +/- Stdev\nRequests/sec: 100.00\n{not a result}\n");
    }

    private static CliRun merge(Object... args) {
        String[] all = new String[args.length + 1];
        all[0] = "merge";
        for (int i = 0; i < args.length; i++) {
            all[i + 1] = args[i].toString();
        }
        return CliRun.of(all);
    }

    @Test
    void resultsArePickedOutOfLogsAndAddedUp() throws IOException {
        Path a = log("a.log", workerLine("r1", 3, 0, 100, 3));
        Path b = log("b.log", workerLine("r1", 3, 1, 200, 3));
        Path c = Files.writeString(dir.resolve("c.json"), workerLine("r1", 3, 2, 300, 3));
        Path json = dir.resolve("merged.json");
        Path hlog = dir.resolve("merged.hlog");
        Path html = dir.resolve("merged.html");

        CliRun run = merge(a, b, c, "--latency", "--json", json, "--hlog", hlog, "--html", html);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Merged 3 of 3 workers of run r1\n")
                .contains("  600 requests in 10.00s", "Workers:", "pod-0", "pod-1", "pod-2")
                .doesNotContain("PARTIAL");
        JsonNode merged = JSON.readTree(json.toFile());
        assertThat(merged.get("requests").asLong()).isEqualTo(600);
        assertThat(merged.at("/distributed/merged").asBoolean()).isTrue();
        assertThat(merged.at("/distributed/partial").asBoolean()).isFalse();
        assertThat(merged.at("/distributed/parts")).hasSize(3);
        assertThat(merged.at("/parameters/connections").asInt()).isEqualTo(6);
        Histogram union = new Histogram(1, 3_600_000_000_000L, 3);
        for (int index = 0; index < 3; index++) {
            for (int i = 1; i <= 100 * (index + 1); i++) {
                union.recordValue(i * MS + index);
            }
        }
        assertThat(merged.at("/latency/corrected/histogram").asText()).isEqualTo(HistogramCodec.encode(union));
        assertThat(Files.readString(hlog)).contains("#[StartTime: 1700000000.000", "Tag=corrected,0.000,1.000");
        assertThat(Files.readString(html)).contains("<html");
    }

    @Test
    void standardInputIsReadForADash() throws IOException {
        String logs = "noise\n" + workerLine("r2", 2, 1, 10, 3) + "more noise\n" + workerLine("r2", 2, 0, 20, 3);
        MergeCommand.stdin = new ByteArrayInputStream(logs.getBytes(StandardCharsets.UTF_8));

        CliRun run = merge("-", "--json", "-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.out()).startsWith(JsonReport.LINE_MARKER).contains("\"requests\":30,");
        assertThat(run.err()).startsWith("Merged 2 of 2 workers of run r2\n").contains("  30 requests in");
    }

    @Test
    void aPartialMergeIsAllowedWhenAskedAndSaysSoEverywhere() throws IOException {
        Path a = Files.writeString(dir.resolve("a.json"), workerLine("r1", 3, 0, 10, 3));
        Path c = Files.writeString(dir.resolve("c.json"), workerLine("r1", 3, 2, 10, 3));
        Path json = dir.resolve("merged.json");

        CliRun refused = merge(a, c);
        CliRun run = merge(a, c, "--allow-partial", "--json", json);

        assertOneLineError(refused, ExitCode.INVALID_INPUT, "worker 1 of 3 missing from run 'r1'");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("PARTIAL: worker 1 missing", "Merged 2 of 3 workers");
        assertThat(JSON.readTree(json.toFile()).at("/distributed/partial").asBoolean())
                .isTrue();
    }

    @Test
    void aCutShortResultLineIsRefusedOrLeftOutWithAllowPartial() throws IOException {
        String whole = workerLine("r1", 2, 1, 10, 3);
        Path a = Files.writeString(dir.resolve("a.log"), workerLine("r1", 2, 0, 10, 3));
        Path b = Files.writeString(dir.resolve("b.log"), "starting\n" + whole.substring(0, whole.length() / 2));

        assertOneLineError(merge(a, b), ExitCode.INVALID_INPUT, "b.log:2: a result line that is cut short");
        CliRun partial = merge(a, b, "--allow-partial");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.err()).contains("b.log:2: a result line that is cut short", "left out (--allow-partial)");
        assertThat(partial.out()).contains("PARTIAL: worker 1 missing");
    }

    @Test
    void resultsThatDoNotBelongTogetherAreRefused() throws IOException {
        Path a = Files.writeString(dir.resolve("a.json"), workerLine("r1", 2, 0, 10, 3));
        Path other = Files.writeString(dir.resolve("other.json"), workerLine("r9", 2, 1, 10, 3));
        Path precision = Files.writeString(dir.resolve("precision.json"), workerLine("r1", 2, 1, 10, 2));
        Path again = Files.writeString(dir.resolve("again.json"), workerLine("r1", 2, 0, 10, 3));
        Path split = Files.writeString(dir.resolve("split.json"), workerLine("r1", 3, 1, 10, 3));
        Path outside = Files.writeString(dir.resolve("outside.json"), workerLine("r1", 2, 2, 10, 3));
        Path empty = Files.writeString(dir.resolve("empty.log"), "no result here\n");

        assertOneLineError(merge(a, other), ExitCode.INVALID_INPUT, "results of different runs: ");
        assertOneLineError(merge(a, precision), ExitCode.INVALID_INPUT, "histograms of different precision");
        assertOneLineError(merge(a, again), ExitCode.INVALID_INPUT, "worker 0 appears twice: ");
        assertOneLineError(merge(a, split), ExitCode.INVALID_INPUT, "results of different splits");
        assertOneLineError(merge(a, outside), ExitCode.INVALID_INPUT, "worker index 2 is outside 0 to 1");
        assertOneLineError(merge(a, empty), ExitCode.INVALID_INPUT, "empty.log: no loadgen result in it");
        assertOneLineError(merge(dir.resolve("missing.json")), ExitCode.INVALID_INPUT, "no such file");
        assertOneLineError(
                merge(a, "--abort-on-fail", "--assert", "p99<1s"), ExitCode.INVALID_INPUT, "--abort-on-fail");
    }

    @Test
    void aResultOfARunOnOneMachineIsNotAWorkersResult() throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(workerLine("r1", 1, 0, 10, 3));
        node.remove("distributed");
        Path plain = Files.writeString(dir.resolve("plain.json"), node.toString());

        assertOneLineError(merge(plain), ExitCode.INVALID_INPUT, "plain.json:1: not a worker's result");
    }

    @Test
    void theGatesAreJudgedOnceOnTheMergedResult() throws IOException {
        Path a = Files.writeString(dir.resolve("a.json"), workerLine("r1", 2, 0, 100, 3));
        Path b = Files.writeString(dir.resolve("b.json"), workerLine("r1", 2, 1, 100, 3));
        Path junit = dir.resolve("gate.xml");

        CliRun failing = merge(a, b, "--assert", "p99<50ms", "--assert", "rps>=10", "--junit", junit);
        CliRun passing = merge(a, b, "--assert", "p99<200ms");

        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(ExitCode.ASSERTION_FAILED);
        assertThat(failing.out()).contains("Assertions:", "p99<50ms", "FAIL");
        assertThat(failing.err()).contains("1 of 2 gates failed");
        assertThat(Files.readString(junit)).contains("p99&lt;50ms", "<failure");
        assertThat(passing.exitCode()).as(passing.err()).isZero();
    }
}
