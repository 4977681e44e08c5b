package dev.loadgen.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.Distribution;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.IntervalHistograms;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.ProtocolStats;
import dev.loadgen.core.ResultSum;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.WorkerPart;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Merge = union: samples spread over N workers' results, each written as the one-line JSON a worker prints and read
 * back, then added up, equal the results of one recorder that saw every sample, bit for bit: both latency
 * histograms, the protocol's counters and histograms, the interval histograms, statuses, errors and counts.
 */
class DistributedResultMergeTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int INTERVALS = 4;

    /** Everything one worker (or the single recorder) saw. */
    private static final class Recorded {
        final Histogram corrected = histogram();
        final Histogram uncorrected = histogram();
        final Histogram gap = histogram();
        final List<Histogram> intervalCorrected = new ArrayList<>();
        final List<Histogram> intervalUncorrected = new ArrayList<>();
        final Map<Integer, Long> statuses = new TreeMap<>();
        final Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        final Map<String, Long> counters = new LinkedHashMap<>();
        final Map<String, Long> messages = new LinkedHashMap<>();
        long requests;
        long bytes;

        Recorded() {
            for (int i = 0; i < INTERVALS; i++) {
                intervalCorrected.add(histogram());
                intervalUncorrected.add(histogram());
            }
        }

        void record(Random random) {
            long latency =
                    1 + (long) Math.abs(random.nextGaussian() * 3e6) + (random.nextInt(50) == 0 ? 2 * SECOND : 0);
            long uncorrected = Math.max(1, latency - random.nextInt(1000));
            int interval = random.nextInt(INTERVALS);
            corrected.recordValue(latency);
            this.uncorrected.recordValue(uncorrected);
            intervalCorrected.get(interval).recordValue(latency);
            intervalUncorrected.get(interval).recordValue(uncorrected);
            gap.recordValue(1 + random.nextInt(5_000_000));
            int status = random.nextInt(10) == 0 ? 503 : 200;
            statuses.merge(status, 1L, Long::sum);
            if (status == 503) {
                errors.merge(ErrorKind.STATUS, 1L, Long::sum);
                messages.merge("unavailable " + random.nextInt(3), 1L, Long::sum);
            }
            if (random.nextInt(100) == 0) {
                errors.merge(ErrorKind.TIMEOUT, 1L, Long::sum);
            }
            counters.merge("messages_sent", 1L + random.nextInt(3), Long::sum);
            requests++;
            bytes += 100 + random.nextInt(50);
        }

        RunResult result(RunSpec spec, Distribution distribution) {
            List<IntervalHistograms> intervals = new ArrayList<>();
            for (int i = 0; i < INTERVALS; i++) {
                intervals.add(new IntervalHistograms(
                        i * SECOND, SECOND, intervalCorrected.get(i), intervalUncorrected.get(i)));
            }
            return RunResult.builder(spec)
                    .elapsedNanos(INTERVALS * SECOND)
                    .requests(requests)
                    .errors(errors)
                    .statuses(statuses)
                    .bytesRead(bytes)
                    .bytesWritten(bytes / 2)
                    .latencyNanos(corrected)
                    .uncorrectedLatencyNanos(uncorrected)
                    .startEpochMillis(1_700_000_000_000L)
                    .pacing(new PacingStats(spec.connections() * 10.0, requests / 7, 1000, requests / 11))
                    .protocolStats(new ProtocolStats(counters, Map.of("message_gap", gap), messages))
                    .intervalHistograms(intervals)
                    .distribution(distribution)
                    .build();
        }
    }

    private static Histogram histogram() {
        return new Histogram(1, 3_600_000_000_000L, 3);
    }

    private static RunSpec spec(int connections) {
        TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:8080/"), "GET", List.of(), new byte[0], false);
        return new RunSpec(
                target,
                1,
                connections,
                INTERVALS * SECOND,
                0,
                2 * SECOND,
                new Schedule.OpenLoop(new ConstantRate(100), 100),
                1,
                0);
    }

    @Test
    void theSumOfWorkersThroughJsonIsTheOneRecorderBitForBit() throws IOException {
        for (int workers : new int[] {1, 2, 3, 7, 16}) {
            Random random = new Random(workers);
            Recorded single = new Recorded();
            List<Recorded> parts = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                parts.add(new Recorded());
            }
            for (int sample = 0; sample < 20_000; sample++) {
                long seed = random.nextLong();
                single.record(new Random(seed));
                parts.get(random.nextInt(workers)).record(new Random(seed));
            }
            List<RunResult> read = new ArrayList<>();
            List<WorkerPart> rows = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                RunResult part = parts.get(i).result(spec(3), null);
                WorkerPart row = WorkerPart.of(part, i, "host-" + i, 1000L * i);
                rows.add(row);
                RunResult worker = part.toBuilder()
                        .distribution(new Distribution("run-1", workers, List.of(row), false))
                        .build();
                read.add(JsonResultReader.read(new StringReader(line(worker))));
            }
            Distribution all = new Distribution("run-1", workers, rows, false);

            RunResult merged = ResultSum.of(read, all);
            RunResult expected = single.result(spec(3 * workers), all);

            assertThat(encode(merged.latencyNanos())).isEqualTo(encode(expected.latencyNanos()));
            assertThat(encode(merged.uncorrectedLatencyNanos())).isEqualTo(encode(expected.uncorrectedLatencyNanos()));
            assertThat(encode(merged.protocolStats().histogram("message_gap")))
                    .isEqualTo(encode(expected.protocolStats().histogram("message_gap")));
            assertThat(merged.protocolStats().counters())
                    .isEqualTo(expected.protocolStats().counters());
            assertThat(merged.protocolStats().errorMessages())
                    .isEqualTo(expected.protocolStats().errorMessages());
            assertThat(merged.intervalHistograms()).hasSize(INTERVALS);
            for (int i = 0; i < INTERVALS; i++) {
                IntervalHistograms got = merged.intervalHistograms().get(i);
                IntervalHistograms want = expected.intervalHistograms().get(i);
                assertThat(got.startOffsetNanos()).isEqualTo(i * SECOND);
                assertThat(got.lengthNanos()).isEqualTo(SECOND);
                assertThat(encode(got.corrected())).isEqualTo(encode(want.corrected()));
                assertThat(encode(got.uncorrected())).isEqualTo(encode(want.uncorrected()));
            }
            assertThat(merged.requests()).isEqualTo(expected.requests()).isEqualTo(20_000);
            assertThat(merged.statuses()).isEqualTo(expected.statuses());
            for (ErrorKind kind : ErrorKind.values()) {
                assertThat(merged.errors(kind)).as(kind.name()).isEqualTo(expected.errors(kind));
            }
            assertThat(merged.bytesRead()).isEqualTo(expected.bytesRead());
            assertThat(merged.pacing().targetRatePerSecond()).isEqualTo(30.0 * workers);
            assertThat(merged.spec().connections()).isEqualTo(3 * workers);
            assertThat(merged.stopReason()).isEqualTo(StopReason.DURATION);
            assertThat(merged.distribution().parts())
                    .extracting(WorkerPart::index)
                    .hasSize(workers);
        }
    }

    @Test
    void aWorkersResultGoesThroughJsonBitForBit() throws IOException {
        Recorded recorded = new Recorded();
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            recorded.record(random);
        }
        RunResult result = recorded.result(spec(4), null);
        WorkerPart row = WorkerPart.of(result, 2, "pod-2", 1234567);
        result = result.toBuilder()
                .distribution(new Distribution("nightly", 3, List.of(row), false))
                .build();

        String line = line(result);
        RunResult back = JsonResultReader.read(new StringReader(line));

        assertThat(line).startsWith(JsonReport.LINE_MARKER).endsWith("}\n").doesNotContain("\n{");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(line(back)).isEqualTo(line);
        assertThat(back.distribution().parts()).containsExactly(row);
        assertThat(back.distribution().runId()).isEqualTo("nightly");
        assertThat(back.distribution().workers()).isEqualTo(3);
        assertThat(encode(back.intervalHistograms().get(3).corrected()))
                .isEqualTo(encode(recorded.intervalCorrected.get(3)));
    }

    private static String line(RunResult result) throws IOException {
        StringWriter out = new StringWriter();
        JsonReport.writeLine(result, "test", List.of(), out);
        return out.toString();
    }

    private static String encode(Histogram histogram) {
        return HistogramCodec.encode(histogram);
    }
}
