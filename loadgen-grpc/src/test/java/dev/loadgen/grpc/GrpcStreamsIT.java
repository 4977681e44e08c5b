package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --stream-interval, --stream-call-duration and --stream-call-count, checked against what the server received. */
class GrpcStreamsIT {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private RecordingServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static GrpcOptions options(
            String method, String data, int calls, long intervalNanos, long durationNanos, long count) {
        return new GrpcOptions(
                "loadgen.target.Target/" + method,
                null,
                List.of(),
                null,
                null,
                data,
                null,
                null,
                calls,
                intervalNanos,
                durationNanos,
                count,
                null,
                null,
                null,
                null);
    }

    @Test
    void clientStreamWithCallCountSendsExactlyThatManyMessagesPerStream() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 2, 2, 4, 60, 5000),
                options("ClientStream", "[{\"name\":\"a\"},{\"name\":\"b\"}]", 4, 0, 0, 5));

        assertThat(outcome.result().requests()).isEqualTo(60);
        assertThat(outcome.result().statuses()).containsExactly(java.util.Map.entry(0, 60L));
        List<RecordingServer.Call> calls = server.calls();
        assertThat(calls).hasSize(60).allSatisfy(call -> {
            assertThat(call.names()).containsExactly("a", "b", "a", "b", "a");
            assertThat(call.halfClosed()).isTrue();
            assertThat(call.status()).isEqualTo(Status.Code.OK);
        });
        assertThat(outcome.summary().messagesSent()).isEqualTo(300);
        assertThat(outcome.summary().messagesReceived()).isEqualTo(60);
    }

    @Test
    void bidiWithIntervalAndCallCountCarriesExactlyThatManyMessagesEachWay() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 4, 12, 5000), options("Bidi", "{\"name\":\"x\"}", 4, 2 * MS, 0, 5));

        assertThat(outcome.result().requests()).isEqualTo(12);
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(server.calls()).hasSize(12).allSatisfy(call -> {
            assertThat(call.messages()).hasSize(5);
            assertThat(call.halfClosed()).isTrue();
            assertThat(call.status()).isEqualTo(Status.Code.OK);
        });
        assertThat(outcome.summary().messagesSent()).isEqualTo(60);
        assertThat(outcome.summary().messagesReceived()).isEqualTo(60);
        assertThat(outcome.summary().messageLatencyNanos().getTotalCount()).isEqualTo(60);
    }

    @Test
    void clientStreamWithCallDurationEndsEachStreamByHalfClosing() throws Exception {
        long intervalNanos = 20 * MS;
        long durationNanos = 200 * MS;
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 2, 6, 5000),
                options("ClientStream", "{\"name\":\"x\"}", 2, intervalNanos, durationNanos, 0));

        assertThat(outcome.result().statuses()).containsExactly(java.util.Map.entry(0, 6L));
        List<RecordingServer.Call> calls = server.calls();
        long sent = 0;
        assertThat(calls).hasSize(6);
        for (RecordingServer.Call call : calls) {
            // a message at the start, then at most one per interval until the duration ends the stream
            assertThat(call.messages()).hasSizeBetween(1, (int) (durationNanos / intervalNanos) + 1);
            assertThat(call.halfClosed()).isTrue();
            sent += call.messages().size();
        }
        assertThat(outcome.summary().messagesSent()).isEqualTo(sent);
    }

    @Test
    void bidiWithCallDurationEndsEachStreamAndCountsItOk() throws Exception {
        long intervalNanos = 10 * MS;
        long durationNanos = 150 * MS;
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 3, 6, 5000),
                options("Bidi", "{\"name\":\"x\"}", 3, intervalNanos, durationNanos, 0));

        assertThat(outcome.result().statuses()).containsExactly(java.util.Map.entry(0, 6L));
        long sent = 0;
        for (RecordingServer.Call call : server.calls()) {
            assertThat(call.messages()).hasSizeBetween(1, (int) (durationNanos / intervalNanos) + 1);
            assertThat(call.halfClosed()).isTrue();
            sent += call.messages().size();
        }
        assertThat(server.calls()).hasSize(6);
        assertThat(outcome.summary().messagesSent()).isEqualTo(sent);
        assertThat(outcome.summary().messagesReceived()).isEqualTo(sent);
    }

    @Test
    void serverStreamWithCallCountStopsReadingAfterThatManyReplies() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 4, 20, 5000),
                options("ServerStream", "{\"name\":\"x\",\"responses\":50}", 4, 0, 0, 3));

        assertThat(outcome.result().statuses()).containsExactly(java.util.Map.entry(0, 20L));
        assertThat(server.calls()).hasSize(20);
        assertThat(outcome.summary().messagesReceived()).isEqualTo(60);
        assertThat(outcome.summary().messageLatencyNanos().getTotalCount()).isEqualTo(60);
    }

    @Test
    void reportShowsMessagesPerSecondEachWayAndMessageLatency() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 2, 10, 5000),
                options("Bidi", "[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]", 2, 0, 0, 0));
        String report = GrpcReport.wrk(
                new GrpcReport.Input(outcome.result(), outcome.summary(), outcome.prepared()), true, false);

        assertThat(report)
                .containsPattern("Messages/sec: sent \\d+\\.\\d\\d, received \\d+\\.\\d\\d \\(30 sent, 30 received\\)")
                .containsPattern(
                        "Message latency \\(gap between received messages\\): avg \\S+, p50 \\S+, p99 \\S+, max \\S+")
                .contains("Status code distribution:\n  [OK]\t10 responses");
    }
}
