package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
        "30, 30000000000",
        "30s, 30000000000",
        "500ms, 500000000",
        "2m, 120000000000",
        "1h, 3600000000000",
        "1.5s, 1500000000",
        "250us, 250000",
        "0, 0",
        "' 10s ', 10000000000",
        "10S, 10000000000",
    })
    void parsesDurationsWithBareSeconds(String text, long nanos) throws InputException {
        assertThat(Quantities.parseDurationNanos(text, TimeUnit.SECONDS)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @CsvSource({"10, 10000000", "10ms, 10000000", "1s, 1000000000"})
    void bareUnitIsTheCallersChoice(String text, long nanos) throws InputException {
        assertThat(Quantities.parseDurationNanos(text, TimeUnit.MILLISECONDS)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10x", "-5", "-1s", "s", "1..2s", "9999999h"})
    void rejectsBadDurations(String text) {
        assertThatThrownBy(() -> Quantities.parseDurationNanos(text, TimeUnit.SECONDS))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(text.isEmpty() ? "duration" : text);
    }

    @ParameterizedTest
    @CsvSource({"100, 100", "1k, 1000", "10K, 10000", "1M, 1000000", "2G, 2000000000", "1.5k, 1500", "0, 0"})
    void parsesCounts(String text, long count) throws InputException {
        assertThat(Quantities.parseCount(text)).isEqualTo(count);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "many", "1x", "-3", "1.5", "1.0001k", "k"})
    void rejectsBadCounts(String text) {
        assertThatThrownBy(() -> Quantities.parseCount(text)).isInstanceOf(InputException.class);
    }

    @ParameterizedTest
    @CsvSource({"65536,65536", "512KiB,524288", "512k,524288", "64MB,67108864", "1GiB,1073741824", "1.5g,1610612736"})
    void parsesSizesInPowersOf1024(String text, long bytes) throws InputException {
        assertThat(Quantities.parseBytes(text, Long.MAX_VALUE)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "0", "-1", "1.5", "10TB", "3GiB"})
    void rejectsBadSizesAndSizesBeyondTheMost(String text) {
        assertThatThrownBy(() -> Quantities.parseBytes(text, 2L << 30)).isInstanceOf(InputException.class);
    }

    @Test
    void formatsSizesInTheLargestWholeUnit() {
        assertThat(Quantities.formatBytes(1)).isEqualTo("1 byte");
        assertThat(Quantities.formatBytes(1023)).isEqualTo("1023 bytes");
        assertThat(Quantities.formatBytes(64L << 20)).isEqualTo("64 MiB");
        assertThat(Quantities.formatBytes(1536)).isEqualTo("1.5 KiB");
    }
}
