package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.Tracing;
import dev.loadgen.core.trace.SpanQueue;
import dev.loadgen.http.serve.TargetServer;
import dev.loadgen.testing.LeakDetection;
import dev.loadgen.testing.WorkerAllocation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The per-request path allocates nothing in steady state: bytes allocated by the worker's event-loop thread,
 * divided by the requests it completed over the same window, stay below the size of the smallest object. A JVM
 * that cannot count a thread's allocations, or a run whose worker thread cannot be found, fails the test. Netty's
 * leak detector is off while it runs, as in a user's run (see {@link LeakDetection}).
 */
class HotPathAllocationIT {
    /** A single allocation per request would cost at least 16 bytes (object header plus padding). */
    private static final double SMALLEST_OBJECT_BYTES = 16;
    /** See {@link #h2cAllocationPerRequestIsTheCodecsOwn()}. */
    private static final double H2C_BOUND_BYTES = 2048;

    @Test
    void workerThreadAllocatesNothingPerRequest() throws Exception {
        assertNoAllocationPerRequest(Schedule.closedLoop());
    }

    /** At 5000/s a worker waking once per due request would allocate a timer task per request. */
    @Test
    void workerThreadAllocatesNothingPerRequestAtAConstantRate() throws Exception {
        assertNoAllocationPerRequest(new Schedule.OpenLoop(new ConstantRate(5000), 1000));
    }

    /**
     * HTTP/2 (h2c, closed loop, 4 connections of 8 streams): Netty's HTTP/2 codec allocates for every stream: the stream object and its flow-control state, the decoded response
     * headers, the write promises. Measured on JDK 17 with Netty 4.2.17, Linux epoll: 1,312 to 1,336 bytes per
     * request over three runs of 267,192 to 434,910 requests ({@code ./mvnw -o -pl loadgen-http -am verify
     * -Dit.test=HotPathAllocationIT}; the test prints the figure). The engine's own share is the write promise of each request's HEADERS, which the
     * codec would otherwise make itself from a void promise. The bound, 2 KiB, leaves room for a JIT that
     * escapes less.
     */
    @Test
    void h2cAllocationPerRequestIsTheCodecsOwn() throws Exception {
        double bytesPerRequest = bytesAllocatedPerRequest(Schedule.closedLoop(), 8, "--h2c", "--streams", "8");
        assertThat(bytesPerRequest).as("bytes allocated per HTTP/2 request").isLessThan(H2C_BOUND_BYTES);
    }

    /**
     * Every request traced ({@code --trace-sample 1}): its IDs drawn, its {@code traceparent} header written in place
     * into the connection's second request buffer, the slowest kept, and its span handed to a queue that a thread
     * of the test drains as an exporter would. Measured on JDK 17 with Netty 4.2.17, Linux epoll: 0.0 bytes per
     * request (the test prints the figure); the bound is the same as an untraced request's.
     */
    @Test
    void workerThreadAllocatesNothingPerTracedRequest() throws Exception {
        assertThat(bytesAllocatedPerRequest(Schedule.closedLoop(), 1, new Tracing(1, 10), true))
                .as("bytes allocated per traced request")
                .isLessThan(SMALLEST_OBJECT_BYTES);
    }

    private static void assertNoAllocationPerRequest(Schedule schedule) throws Exception {
        assertThat(bytesAllocatedPerRequest(schedule, 1))
                .as("bytes allocated per request")
                .isLessThan(SMALLEST_OBJECT_BYTES);
    }

    /**
     * Bytes the worker's event-loop thread allocated per completed request over 2.5 s of steady state, against
     * the built-in target with 100-byte responses.
     */
    private static double bytesAllocatedPerRequest(Schedule schedule, int streams, String... httpOptions)
            throws Exception {
        return bytesAllocatedPerRequest(schedule, streams, Tracing.NONE, false, httpOptions);
    }

    /**
     * @param spans export the traced requests' spans to queues a thread of the test drains
     */
    private static double bytesAllocatedPerRequest(
            Schedule schedule, int streams, Tracing tracing, boolean spans, String... httpOptions) throws Exception {
        return LeakDetection.off(() -> measure(schedule, streams, tracing, spans, httpOptions));
    }

    private static double measure(Schedule schedule, int streams, Tracing tracing, boolean spans, String... httpOptions)
            throws Exception {
        TargetServer server = TargetServer.builder().port(0).threads(1).build();
        server.start();
        RunSpec closed =
                LoadRuns.spec(server.uri() + "?size=100", "GET", java.util.List.of(), new byte[0], 1, 4, 6000, 0, 2000);
        RunSpec spec = new RunSpec(
                closed.target(), 1, 4, closed.durationNanos(), 0, closed.timeoutNanos(), schedule, streams, 0, tracing);
        Thread drain = null;
        try (LoadRun run = LoadRuns.open(spec, httpOptions)) {
            run.preflight();
            if (spans) {
                List<SpanQueue> queues = run.exportSpans(8192);
                SpanQueue.Consumer ignore = (intended, write, end, status, error, failure, high, low, span) -> {};
                drain = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        for (SpanQueue queue : queues) {
                            while (queue.poll(ignore)) {
                                // an exporter would make a span of it
                            }
                        }
                        LockSupport.parkNanos(1_000_000);
                    }
                });
                drain.setDaemon(true);
                drain.start();
            }
            CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.execute();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2500);
            WorkerAllocation worker = WorkerAllocation.ofTheOnlyWorker();
            long bytesBefore = worker.allocatedBytes();
            long requestsBefore = run.countsSoFar().requests();
            Thread.sleep(2500);
            long bytesAfter = worker.allocatedBytes();
            long requestsAfter = run.countsSoFar().requests();
            result.get();

            long requests = requestsAfter - requestsBefore;
            assertThat(requests).isGreaterThan(1000);
            assertThat(bytesAfter).as("the worker's allocation counter").isGreaterThanOrEqualTo(bytesBefore);
            double bytesPerRequest = (double) (bytesAfter - bytesBefore) / requests;
            System.out.printf(
                    "HotPathAllocationIT: %.1f bytes allocated per request over %d requests (%s%s)%n",
                    bytesPerRequest,
                    requests,
                    String.join(" ", httpOptions),
                    tracing.enabled() ? " --trace-sample " + tracing.sampleRatio() : "");
            return bytesPerRequest;
        } finally {
            if (drain != null) {
                drain.interrupt();
            }
            server.close();
        }
    }
}
