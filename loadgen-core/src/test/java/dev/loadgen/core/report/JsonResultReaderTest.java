package dev.loadgen.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.RuntimeActivity;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.TargetSpec;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON result's stop reason, written and read back, and results saved before it existed (version 1). */
class JsonResultReaderTest {
    private static final long SECOND = 1_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyStopReasonIsWrittenAndReadBack() throws IOException {
        for (StopReason reason : StopReason.values()) {
            RunResult result = RunResult.builder(spec(SECOND, 100))
                    .requests(10)
                    .stopReason(reason)
                    .build();

            String json = json(result);

            JsonNode root = MAPPER.readTree(json);
            assertThat(root.get("schema").asText()).isEqualTo("loadgen-result-v2");
            assertThat(root.get("stop_reason").asText()).isEqualTo(reason.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(root.get("interrupted").asBoolean())
                    .as(reason.name())
                    .isEqualTo(reason == StopReason.INTERRUPTED || reason == StopReason.ABORTED);
            assertThat(JsonResultReader.read(new StringReader(json)).stopReason())
                    .isEqualTo(reason);
        }
    }

    @Test
    void aResultWrittenAgainFromItsJsonIsTheSameJson() throws IOException {
        RunResult result = RunResult.builder(spec(0, 100))
                .elapsedNanos(SECOND)
                .requests(90)
                .errors(Map.of(ErrorKind.CONNECT, 3L, ErrorKind.TIMEOUT, 1L))
                .statuses(Map.of(200, 90L))
                .stopReason(StopReason.UNREACHABLE)
                .startEpochMillis(1_700_000_000_000L)
                .build();
        String json = json(result);

        assertThat(json(JsonResultReader.read(new StringReader(json)))).isEqualTo(json);
    }

    @Test
    void theRuntimeIsWrittenAndReadBackWithWhatItLeavesOut() throws IOException {
        for (RuntimeActivity runtime : List.of(
                new RuntimeActivity("epoll", 812_345_678L, 3_000_000L, 2, 9_640_000_001L, false),
                new RuntimeActivity("nio", RuntimeActivity.UNKNOWN, 0, 0, RuntimeActivity.UNKNOWN, true))) {
            RunResult result =
                    RunResult.builder(spec(SECOND, 0)).runtime(runtime).build();

            assertThat(JsonResultReader.read(new StringReader(json(result))).runtime())
                    .isEqualTo(runtime);
        }
        JsonNode nativeRuntime = MAPPER.readTree(json(RunResult.builder(spec(SECOND, 0))
                        .runtime(new RuntimeActivity(
                                "nio", RuntimeActivity.UNKNOWN, 0, 0, RuntimeActivity.UNKNOWN, true))
                        .build()))
                .get("runtime");
        assertThat(nativeRuntime.has("jit_compiler_us")).isFalse();
        assertThat(nativeRuntime.has("cpu_us")).isFalse();
        assertThat(MAPPER.readTree(json(RunResult.builder(spec(SECOND, 0)).build()))
                        .has("runtime"))
                .isFalse();
        assertThat(JsonResultReader.read(new StringReader(
                                json(RunResult.builder(spec(SECOND, 0)).build())))
                        .runtime())
                .isEqualTo(RuntimeActivity.NONE);
    }

    @Test
    void aVersionOneResultGetsTheStopReasonItsFiguresTell() throws IOException {
        assertThat(readAsV1(RunResult.builder(spec(SECOND, 0))
                        .stopReason(StopReason.INTERRUPTED)
                        .build()))
                .isEqualTo(StopReason.INTERRUPTED);
        assertThat(readAsV1(RunResult.builder(spec(SECOND, 0)).build())).isEqualTo(StopReason.DURATION);
        assertThat(readAsV1(RunResult.builder(spec(0, 100))
                        .requests(98)
                        .errors(Map.of(ErrorKind.TIMEOUT, 2L))
                        .build()))
                .isEqualTo(StopReason.COUNT);
        // Both bounds: the count when every request was attempted, the duration when some never were.
        assertThat(readAsV1(RunResult.builder(spec(SECOND, 100))
                        .requests(97)
                        .errors(Map.of(ErrorKind.READ, 3L))
                        .build()))
                .isEqualTo(StopReason.COUNT);
        assertThat(readAsV1(RunResult.builder(spec(SECOND, 100))
                        .requests(60)
                        .errors(Map.of(ErrorKind.STATUS, 5L, ErrorKind.CONNECT, 40L))
                        .build()))
                .isEqualTo(StopReason.DURATION);
    }

    /** {@code result} as a version 1 file has it: the v1 schema name and no stop reason; read back. */
    private static StopReason readAsV1(RunResult result) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(json(result));
        root.put("schema", "loadgen-result-v1");
        root.remove("stop_reason");
        return JsonResultReader.read(new StringReader(MAPPER.writeValueAsString(root)))
                .stopReason();
    }

    private static String json(RunResult result) throws IOException {
        StringWriter out = new StringWriter();
        JsonReport.write(result, "test", out);
        return out.toString();
    }

    private static RunSpec spec(long durationNanos, long requestCount) {
        TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:8080/"), "GET", List.of(), new byte[0], false);
        return new RunSpec(target, 1, 1, durationNanos, requestCount, 2 * SECOND, Schedule.closedLoop(), 1, 0);
    }
}
