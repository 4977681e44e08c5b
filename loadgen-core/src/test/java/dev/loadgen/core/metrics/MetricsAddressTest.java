package dev.loadgen.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.InputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --metrics-addr [HOST:]PORT}: 127.0.0.1 unless a host is given, and one line for anything else. */
class MetricsAddressTest {
    @ParameterizedTest
    @CsvSource({
        "9464, 127.0.0.1:9464",
        ":9464, 127.0.0.1:9464",
        "0, 127.0.0.1:0",
        "0.0.0.0:9464, 0.0.0.0:9464",
        "127.0.0.2:80, 127.0.0.2:80",
        "'[::1]:9464', '[0:0:0:0:0:0:0:1]:9464'"
    })
    void parses(String text, String expected) throws InputException {
        assertThat(MetricsAddress.parse(text).hostAndPort()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "abc|--metrics-addr 'abc': expected [HOST:]PORT, e.g. 9464 or 0.0.0.0:9464",
                "127.0.0.1:|--metrics-addr '127.0.0.1:': expected [HOST:]PORT, e.g. 9464 or 0.0.0.0:9464",
                "65536|--metrics-addr '65536': the port must be between 0 and 65535",
                "-1|--metrics-addr '-1': the port must be between 0 and 65535",
                "::1:9464|--metrics-addr '::1:9464': write an IPv6 address in brackets, e.g. [::1]:9464",
                "no-such-host.invalid:9464|--metrics-addr 'no-such-host.invalid:9464': unknown host 'no-such-host.invalid'"
            })
    void refusesWithOneLine(String text, String message) {
        assertThatThrownBy(() -> MetricsAddress.parse(text))
                .isInstanceOf(InputException.class)
                .hasMessage(message);
    }
}
