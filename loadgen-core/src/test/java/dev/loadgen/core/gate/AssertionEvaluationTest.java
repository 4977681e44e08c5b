package dev.loadgen.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.InputException;
import dev.loadgen.core.RunResult;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Assertions against results whose histograms and counters are known. */
class AssertionEvaluationTest {
    private final AssertionParser parser = new AssertionParser(TestStatusNames.HTTP_LIKE);

    private AssertionResult evaluate(String expression, RunResult result) throws InputException {
        return AssertionResult.evaluate(List.of(parser.parse(expression)), result)
                .get(0);
    }

    @Test
    void latencyPercentilesMaxAndMeanOfBothViews() throws InputException {
        RunResult result = Results.hundredResponses(Map.of(), Map.of(200, 100L), 0);

        assertThat(evaluate("p50<51ms", result).passed()).isTrue();
        assertThat(evaluate("p50<49ms", result).passed()).isFalse();
        assertThat(evaluate("p50<49ms", result).measured()).isCloseTo(50e6, withPercentage(0.1));
        assertThat(evaluate("p90<=91ms", result).passed()).isTrue();
        assertThat(evaluate("p99>98ms", result).passed()).isTrue();
        assertThat(evaluate("max<100ms", result).measured()).isCloseTo(100e6, withPercentage(0.1));
        assertThat(evaluate("mean<51ms", result).measured()).isCloseTo(50.5e6, withPercentage(0.1));
        assertThat(evaluate("uncorrected.max<51ms", result).passed()).isTrue();
        assertThat(evaluate("uncorrected.p50<26ms", result).passed()).isTrue();
        assertThat(evaluate("p50<26ms", result).passed()).isFalse();
    }

    @Test
    void failureTextCarriesMeasuredAndExpected() throws InputException {
        RunResult result = Results.hundredResponses(Map.of(), Map.of(200, 100L), 0);

        AssertionResult p99 = evaluate("p99<25ms", result);

        assertThat(p99.passed()).isFalse();
        assertThat(p99.measuredText()).isEqualTo("99.02ms");
        assertThat(p99.explanation()).isEqualTo("measured 99.02ms, expected < 25.00ms");
    }

    @Test
    void rateIsRequestsPerSecondOfTheMeasuredWindow() throws InputException {
        RunResult result = Results.hundredResponses(Map.of(), Map.of(200, 100L), 0);

        assertThat(evaluate("rps>=50", result).passed()).isTrue();
        assertThat(evaluate("rps>50", result).passed()).isFalse();
        assertThat(evaluate("rps>=1k", result).measuredText()).isEqualTo("50.00");
    }

    @Test
    void errorsAsCountsAndAsPercentOfAttempts() throws InputException {
        // 100 responses, 4 of them 503; 1 timeout and 3 refused connections left no response: 104 attempts.
        Map<ErrorKind, Long> errors = Map.of(ErrorKind.STATUS, 4L, ErrorKind.TIMEOUT, 1L, ErrorKind.CONNECT, 3L);
        RunResult result = Results.hundredResponses(errors, Map.of(200, 96L, 503, 4L), 0);

        assertThat(evaluate("errors<8", result).passed()).isFalse();
        assertThat(evaluate("errors<=8", result).passed()).isTrue();
        assertThat(evaluate("errors<8%", result).measured()).isCloseTo(8 * 100.0 / 104, withPercentage(1e-9));
        assertThat(evaluate("errors<8%", result).passed()).isTrue();
        assertThat(evaluate("errors<7.5%", result).passed()).isFalse();
        assertThat(evaluate("timeouts==1", result).passed()).isTrue();
        assertThat(evaluate("timeouts<0.9%", result).passed()).isFalse();
        assertThat(evaluate("timeouts<1%", result).passed()).isTrue();
        assertThat(evaluate("non2xx<5", result).passed()).isTrue();
        assertThat(evaluate("non2xx<4", result).passed()).isFalse();
        assertThat(evaluate("status:503==4", result).passed()).isTrue();
        assertThat(evaluate("status:200>=96", result).passed()).isTrue();
        assertThat(evaluate("status:404==0", result).passed()).isTrue();
    }

    @Test
    void droppedComesFromThePacing() throws InputException {
        RunResult result = Results.hundredResponses(Map.of(), Map.of(200, 100L), 7);

        assertThat(evaluate("dropped==0", result).passed()).isFalse();
        assertThat(evaluate("dropped==0", result).measuredText()).isEqualTo("7");
        assertThat(evaluate("dropped<10", result).passed()).isTrue();
    }

    @Test
    void latencyWithoutAnyResponseFails() throws InputException {
        RunResult result = Results.result(
                new Histogram(3), new Histogram(3), 0, Results.SECOND, Map.of(ErrorKind.CONNECT, 5L), Map.of(), 0);

        AssertionResult p99 = evaluate("p99<1s", result);

        assertThat(p99.passed()).isFalse();
        assertThat(p99.measuredText()).isEqualTo("n/a");
        assertThat(evaluate("errors<50%", result).measured()).isEqualTo(100.0);
    }
}
