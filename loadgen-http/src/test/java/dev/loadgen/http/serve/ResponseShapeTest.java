package dev.loadgen.http.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseShapeTest {

    @Test
    void noQueryMeansTheDefaultGreeting() throws Exception {
        assertThat(ResponseShape.fromUri("/any/path")).isSameAs(ResponseShape.DEFAULT);
        assertThat(ResponseShape.DEFAULT).isEqualTo(new ResponseShape(200, "Hello from loadgen\n".length(), 0));
    }

    @Test
    void readsAllThreeParametersAndIgnoresOthers() throws Exception {
        assertThat(ResponseShape.fromUri("/x?foo=1&status=503&size=1k&delay=10ms&bar"))
                .isEqualTo(new ResponseShape(503, 1024, TimeUnit.MILLISECONDS.toNanos(10)));
        assertThat(ResponseShape.fromUri("/?unknown=zzz")).isEqualTo(ResponseShape.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "7, 7000000",
        "10ms, 10000000",
        "500us, 500000",
        "1s, 1000000000",
        "60s, 60000000000",
        "60000, 60000000000",
        "007ms, 7000000"
    })
    void parsesDelays(String value, long nanos) throws Exception {
        assertThat(ResponseShape.parseDelayNanos(value)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ms",
                "-1",
                "+5",
                "1.5ms",
                "10 ms",
                "10MS",
                "10m",
                "10ns",
                "5x",
                "61s",
                "60001",
                "60000001us",
                "99999999999999999999999s"
            })
    void refusesBadDelays(String value) {
        assertThatThrownBy(() -> ResponseShape.parseDelayNanos(value))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("bad delay '");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1, 1",
        "1024, 1024",
        "1k, 1024",
        "1K, 1024",
        "2m, 2097152",
        "1M, 1048576",
        "64m, 67108864",
        "65536k, 67108864",
        "67108864, 67108864"
    })
    void parsesSizes(String value, int bytes) throws Exception {
        assertThat(ResponseShape.parseSize(value)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "k",
                "-1",
                "1.5k",
                "1kb",
                "1g",
                "1 k",
                "0x10",
                "67108865",
                "65537k",
                "65m",
                "99999999999999999999999"
            })
    void refusesBadSizes(String value) {
        assertThatThrownBy(() -> ResponseShape.parseSize(value))
                .isInstanceOf(BadParameterException.class)
                .hasMessageStartingWith("bad size '");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 204, 304, 404, 418, 503, 599})
    void parsesFinalStatuses(int code) throws Exception {
        assertThat(ResponseShape.parseStatus(Integer.toString(code))).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "101", "199", "600", "0", "99", "", "abc", "+200", "200.0", " 200", "2000"})
    void refusesInformationalAndOutOfRangeStatuses(String value) {
        assertThatThrownBy(() -> ResponseShape.parseStatus(value))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("bad status '" + value + "': expected a final status code, 200 to 599");
    }

    @Test
    void refusesAParameterGivenTwice() {
        assertThatThrownBy(() -> ResponseShape.fromUri("/?status=200&status=500"))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("status given more than once");
    }

    @Test
    void decodesPercentEscapesAndRefusesMalformedOnes() throws Exception {
        assertThat(ResponseShape.fromUri("/?size=1%6B").bodyBytes()).isEqualTo(1024);
        assertThatThrownBy(() -> ResponseShape.fromUri("/?size=%zz"))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("malformed query: bad percent-encoding");
    }

    @Test
    void keepsReasonsOnOneShortLine() {
        assertThatThrownBy(() -> ResponseShape.fromUri("/?delay=1%0A2%0D" + "9".repeat(100)))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("bad delay '1?2?" + "9".repeat(36)
                        + "...': expected a whole number with unit us, ms or s (a bare number is ms)");
    }
}
