package dev.loadgen.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.InputException;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.report.JsonReport;
import dev.loadgen.core.report.JsonResultReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The regression math: which direction is worse, how the change is computed, where a limit is exceeded. */
class BaselineComparisonTest {
    private final AssertionParser parser = new AssertionParser(TestStatusNames.HTTP_LIKE);

    /** {@code responses} responses of {@code latencyMs} each over one second. */
    private static RunMetrics run(long responses, long latencyMs, long errors) {
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        latency.recordValueWithCount(latencyMs * Results.MS, responses);
        return RunMetrics.of(Results.result(
                latency,
                latency,
                responses,
                Results.SECOND,
                Map.of(ErrorKind.STATUS, errors),
                Map.of(200, responses - errors, 500, errors),
                0));
    }

    private RegressionResult row(BaselineComparison comparison, String metric) {
        return comparison.rows().stream()
                .filter(row -> row.metric().name().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aLimitOnTheErrorStatusCountUnderItsCanonicalNameChecksTheShownRow() throws InputException {
        List<RegressionLimit> limits = parser.parseRegressionLimits("status_errors=10%");

        BaselineComparison comparison =
                BaselineComparison.of(run(1000, 1, 10), run(1000, 1, 20), limits, TestStatusNames.HTTP_LIKE);

        assertThat(comparison.rows())
                .filteredOn(r -> r.metric().kind() == Metric.Kind.STATUS_ERRORS)
                .hasSize(1);
        assertThat(row(comparison, "non2xx").exceeded()).isTrue();
    }

    @Test
    void slowerLatencyBeyondTheLimitIsARegression() throws InputException {
        BaselineComparison comparison = BaselineComparison.of(
                run(1000, 100, 0),
                run(1000, 120, 0),
                parser.parseRegressionLimits("p99=10%,p50=25%"),
                TestStatusNames.HTTP_LIKE);

        RegressionResult p99 = row(comparison, "p99");
        assertThat(p99.changePercent()).isBetween(19.9, 20.1);
        assertThat(p99.exceeded()).isTrue();
        assertThat(row(comparison, "p50").exceeded()).isFalse();
        assertThat(row(comparison, "p90").limit()).isNull();
        assertThat(comparison.exceeded()).isTrue();
        assertThat(comparison.checked()).hasSize(2);
        assertThat(p99.explanation())
                .matches(
                        "baseline 100\\.\\d\\dms, current 120\\.\\d\\dms, change \\+\\d+\\.\\d\\d%, " + "limit \\+10%");
    }

    @Test
    void fasterLatencyIsNeverARegression() throws InputException {
        BaselineComparison comparison = BaselineComparison.of(
                run(1000, 100, 0), run(1000, 50, 0), parser.parseRegressionLimits("p99=0%"), TestStatusNames.HTTP_LIKE);

        assertThat(row(comparison, "p99").changePercent()).isBetween(-50.1, -49.9);
        assertThat(comparison.exceeded()).isFalse();
    }

    @Test
    void aLowerRateIsWorseAndAHigherOneIsNot() throws InputException {
        List<RegressionLimit> limits = parser.parseRegressionLimits("rps=5%");

        assertThat(BaselineComparison.of(run(1000, 1, 0), run(960, 1, 0), limits, TestStatusNames.HTTP_LIKE)
                        .exceeded())
                .isFalse();
        assertThat(BaselineComparison.of(run(1000, 1, 0), run(940, 1, 0), limits, TestStatusNames.HTTP_LIKE)
                        .exceeded())
                .isTrue();
        assertThat(BaselineComparison.of(run(1000, 1, 0), run(2000, 1, 0), limits, TestStatusNames.HTTP_LIKE)
                        .exceeded())
                .isFalse();
        assertThat(row(BaselineComparison.of(run(1000, 1, 0), run(940, 1, 0), limits, TestStatusNames.HTTP_LIKE), "rps")
                        .limitText())
                .isEqualTo("limit -5%");
    }

    @Test
    void errorsAppearingWhereThereWereNoneAreAnInfiniteIncrease() throws InputException {
        BaselineComparison comparison = BaselineComparison.of(
                run(1000, 1, 0),
                run(1000, 1, 3),
                parser.parseRegressionLimits("errors=50%"),
                TestStatusNames.HTTP_LIKE);

        assertThat(row(comparison, "errors").changePercent()).isInfinite();
        assertThat(row(comparison, "errors").exceeded()).isTrue();
        assertThat(comparison.table()).contains("+inf%").contains("FAIL (limit +50%)");
    }

    @Test
    void defaultLimitsCheckP99AndTheRate() throws InputException {
        BaselineComparison comparison = BaselineComparison.of(
                run(1000, 100, 0),
                run(1000, 100, 0),
                parser.parseRegressionLimits(BaselineComparison.DEFAULT_LIMITS),
                TestStatusNames.HTTP_LIKE);

        assertThat(comparison.checked()).extracting(row -> row.metric().name()).containsExactly("rps", "p99");
        assertThat(comparison.exceeded()).isFalse();
        assertThat(comparison.table()).contains("PASS (limit -10%)", "PASS (limit +20%)");
    }

    @Test
    void aSavedResultGivesTheSameFiguresAsTheRun() throws IOException, InputException {
        RunResult result = Results.hundredResponses(Map.of(ErrorKind.TIMEOUT, 2L), Map.of(200, 100L), 3);
        StringWriter json = new StringWriter();
        JsonReport.write(result, "test", json);
        RunMetrics saved = RunMetrics.of(JsonResultReader.read(new StringReader(json.toString())));
        RunMetrics fresh = RunMetrics.of(result);

        for (String metric : List.of(
                "p50", "p99.9", "max", "mean", "uncorrected.p90", "errors", "timeouts", "dropped", "status:200")) {
            Metric parsed = parser.parseRegressionLimits(metric + "=1%").get(0).metric();
            assertThat(saved.value(parsed)).as(metric).isEqualTo(fresh.value(parsed));
        }
        assertThat(saved.value(Metric.of(Metric.Kind.RPS, false))).isEqualTo(50.0);
    }
}
