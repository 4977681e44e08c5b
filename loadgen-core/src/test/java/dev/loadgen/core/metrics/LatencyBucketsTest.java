package dev.loadgen.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.InputException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The latency histogram's bucket bounds: what --metrics-buckets takes, and how a run's histogram is cut. */
class LatencyBucketsTest {
    private static final long MS = 1_000_000;

    @Test
    void theDefaultsGoFrom100MicrosecondsTo10SecondsThenInfinity() {
        double[] bounds = LatencyBuckets.defaults().upperBoundsSeconds();
        assertThat(bounds).hasSize(17);
        assertThat(bounds[0]).isEqualTo(0.0001);
        assertThat(bounds[3]).isEqualTo(0.001);
        assertThat(bounds[15]).isEqualTo(10.0);
        assertThat(bounds[16]).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void bareNumbersAreSecondsAndUnitsWorkToo() throws InputException {
        assertThat(LatencyBuckets.parse("0.005, 0.01,25ms,1").upperBoundsSeconds())
                .containsExactly(0.005, 0.01, 0.025, 1.0, Double.POSITIVE_INFINITY);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "abc|--metrics-buckets: invalid duration 'abc'",
                "5ms,,10ms|--metrics-buckets: invalid duration ''",
                "10ms,5ms|--metrics-buckets: the bounds must increase ('5ms' after '10ms')",
                "5ms,5ms|--metrics-buckets: the bounds must increase ('5ms' after '5ms')",
                "0|--metrics-buckets: '0' is not a positive duration",
                "-1ms|--metrics-buckets: duration must not be negative: '-1ms'"
            })
    void aBadListIsOneLine(String list, String message) {
        assertThatThrownBy(() -> LatencyBuckets.parse(list))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void countsFallIntoTheFirstBucketWhoseBoundTheyDoNotExceedAndAddUpExactly() throws InputException {
        LatencyBuckets buckets = LatencyBuckets.parse("1ms,10ms,100ms");
        Histogram histogram = new Histogram(1, 3_600_000_000_000L, 3);
        histogram.recordValueWithCount(500_000, 7); // 0.5 ms
        histogram.recordValueWithCount(MS, 3); // exactly the first bound
        histogram.recordValueWithCount(5 * MS, 11);
        histogram.recordValueWithCount(50 * MS, 13);
        histogram.recordValueWithCount(2_000 * MS, 2);
        assertThat(buckets.counts(histogram)).containsExactly(10, 11, 13, 2);
        assertThat(buckets.bucketOf(histogram, 5 * MS)).isEqualTo(1);
    }

    @Test
    void anEmptyHistogramHasEmptyBuckets() throws InputException {
        assertThat(LatencyBuckets.parse("1ms").counts(new Histogram(1, 3_600_000_000_000L, 3)))
                .containsExactly(0, 0);
    }
}
