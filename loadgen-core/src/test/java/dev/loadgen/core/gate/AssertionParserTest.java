package dev.loadgen.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssertionParserTest {
    private static final StatusNames GRPC_LIKE = TestStatusNames.NAMED;
    private final AssertionParser parser = new AssertionParser(TestStatusNames.HTTP_LIKE);

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "p99<25ms            | p99            | PERCENTILE | 99     | false | LESS             | 25000000   | false",
                "' p99.9 <= 2.5 s '  | p99.9          | PERCENTILE | 99.9   | false | LESS_OR_EQUAL    | 2500000000 | false",
                "p99.99<800us        | p99.99         | PERCENTILE | 99.99  | false | LESS             | 800000     | false",
                "uncorrected.p99<5ms | uncorrected.p99 | PERCENTILE | 99    | true  | LESS             | 5000000    | false",
                "UNCORRECTED.MAX<1s  | uncorrected.max | MAX       | 0      | true  | LESS             | 1000000000 | false",
                "mean<=300µs         | mean           | MEAN       | 0      | false | LESS_OR_EQUAL    | 300000     | false",
                "rps>=5000           | rps            | RPS        | 0      | false | GREATER_OR_EQUAL | 5000       | false",
                "rps > 1.5k          | rps            | RPS        | 0      | false | GREATER          | 1500       | false",
                "errors<0.1%         | errors         | ERRORS     | 0      | false | LESS             | 0.1        | true",
                "errors<5k           | errors         | ERRORS     | 0      | false | LESS             | 5000       | false",
                "timeouts==0         | timeouts       | TIMEOUTS   | 0      | false | EQUAL            | 0          | false",
                "timeouts<2%         | timeouts       | TIMEOUTS   | 0      | false | LESS             | 2          | true",
                "non2xx<10           | non2xx         | STATUS_ERRORS     | 0      | false | LESS             | 10         | false",
                "dropped==0          | dropped        | DROPPED    | 0      | false | EQUAL            | 0          | false",
                "status:503<10       | status:503     | STATUS     | 0      | false | LESS             | 10         | false",
            })
    void parsesGoodExpressions(
            String text,
            String name,
            Metric.Kind kind,
            double percentile,
            boolean uncorrected,
            Operator operator,
            double threshold,
            boolean percent)
            throws InputException {
        Assertion assertion = parser.parse(text);

        assertThat(assertion.metric().name()).isEqualTo(name);
        assertThat(assertion.metric().kind()).isEqualTo(kind);
        assertThat(assertion.metric().percentile()).isEqualTo(percentile);
        assertThat(assertion.metric().uncorrected()).isEqualTo(uncorrected);
        assertThat(assertion.operator()).isEqualTo(operator);
        assertThat(assertion.threshold()).isCloseTo(threshold, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(assertion.percent()).isEqualTo(percent);
        assertThat(assertion.text()).isEqualTo(text.strip());
    }

    @Test
    void statusCodesAndNames() throws InputException {
        AssertionParser grpc = new AssertionParser(GRPC_LIKE);

        assertThat(parser.parse("status:503<10").metric().statusCode()).isEqualTo(503);
        assertThat(grpc.parse("status:Unavailable==0").metric().statusCode()).isEqualTo(14);
        assertThat(grpc.parse("status:UNAVAILABLE==0").metric().statusCode()).isEqualTo(14);
        assertThat(grpc.parse("status:14==0").metric().statusCode()).isEqualTo(14);
        assertThatThrownBy(() -> parser.parse("status:Unavailable==0"))
                .hasMessageContaining("unknown status 'Unavailable'")
                .hasMessageContaining("status name of the target's protocol");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                  | empty assertion",
                "p99                 | 'p99': no comparison; use <, <=, >, >= or ==",
                "p99=25ms            | '=' is not a comparison",
                "p99!=25ms           | '!=' is not a comparison",
                "<25ms               | no metric before the comparison",
                "p99<                | no value after '<'",
                "p99<fast            | 'fast' is not a number",
                "p99<-1ms            | '-1ms' is not a number",
                "latency<25ms        | unknown metric 'latency' (known: p50 p75 p90 p95 p99 p99.9 p99.99",
                "p0<25ms             | percentile 0 is not between 0 and 100",
                "p100.5<25ms         | percentile 100.5 is not between 0 and 100",
                "p99<25              | p99 is a latency and needs a unit: us, ms or s",
                "p99<25m             | unit 'm' does not fit p99, a latency; use us, ms or s",
                "p99<1%              | '%' does not fit p99, a latency",
                "rps>5ms             | unit 'ms' does not fit rps, a rate in requests per second",
                "rps>50%             | '%' does not fit rps",
                "non2xx<1%           | '%' does not fit non2xx, a count; only errors and timeouts take a percentage",
                "dropped<1s          | unit 's' does not fit dropped, a count",
                "errors<120%         | a percentage cannot exceed 100%",
                "uncorrected.rps>1   | the uncorrected. prefix applies to latency metrics only, not rps",
                "status:<1           | status: needs a code",
                "status:5031<1       | status code 5031 is out of range",
                "status:Busy<1       | unknown status 'Busy'",
            })
    void rejectsBadExpressionsWithTheProblem(String text, String fragment) {
        assertThatThrownBy(() -> parser.parse(text))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(fragment)
                .hasMessageNotContaining("\n");
    }

    @Test
    void parsesRegressionLimits() throws InputException {
        List<RegressionLimit> limits = parser.parseRegressionLimits("p99=10%, rps=5%,uncorrected.p50=2.5%");

        assertThat(limits).extracting(limit -> limit.metric().name()).containsExactly("p99", "rps", "uncorrected.p50");
        assertThat(limits).extracting(RegressionLimit::maxPercent).containsExactly(10.0, 5.0, 2.5);
        assertThat(parser.parseRegressionLimits(BaselineComparison.DEFAULT_LIMITS))
                .hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "p99              | 'p99': expected METRIC=PERCENT",
                "p99=10ms         | 'p99=10ms': the limit must be a percentage",
                "latency=10%      | unknown metric 'latency'",
                "'p99=10%,'       | expected METRIC=PERCENT",
            })
    void rejectsBadRegressionLimits(String list, String fragment) {
        assertThatThrownBy(() -> parser.parseRegressionLimits(list))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("invalid regression limit")
                .hasMessageContaining(fragment);
    }
}
