package dev.loadgen.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected strings are what wrk's units.c prints for the same input (85% rule, printf rounding). */
class WrkUnitsTest {

    @ParameterizedTest(name = "{0}us -> {1}")
    @CsvSource({
        "0, 0.00us",
        "0.125, 0.12us", // an exact tie: printf rounds to even
        "1, 1.00us",
        "635.91, 635.91us",
        "849, 849.00us",
        "849.999, 850.00us", // below 85% of a millisecond, so it stays in us and rounds up
        "850, 0.85ms",
        "900, 0.90ms",
        "1000, 1.00ms",
        "12920, 12.92ms",
        "849999, 850.00ms",
        "850000, 850.00ms", // seconds are never reached from the microsecond scale
        "999999, 1000.00ms",
        "1000000, 1.00s",
        "1500000, 1.50s",
        "30000123, 30.00s",
        "30005000, 30.00s", // 30.005 is stored as 30.00499..., which printf rounds down
        "50990000, 50.99s",
        "51000000, 0.85m",
        "60000000, 1.00m",
        "90000000, 1.50m",
        "3600000000, 60.00m", // wrk lists hours but never reaches them
        "7200000000, 120.00m",
    })
    void formatsMicrosecondsLikeWrk(double micros, String expected) {
        assertThat(WrkUnits.formatMicros(micros)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0.00",
        "12, 12.00",
        "849, 849.00",
        "850, 0.85k",
        "8070, 8.07k",
        "56200, 56.20k",
        "748868.53, 748.87k",
        "849999, 850.00k",
        "850000, 0.85M",
        "1200000, 1.20M",
        "1000000000, 1.00G",
        "850000000000, 0.85T",
        "1000000000000000, 1000.00T", // peta is listed in wrk but never reached
    })
    void formatsCountsLikeWrk(double count, String expected) {
        assertThat(WrkUnits.formatMetric(count)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, 0.00B",
        "512, 512.00B",
        "870, 870.00B", // 85% of 1024 is 870.4
        "871, 0.85KB",
        "1024, 1.00KB",
        "1536, 1.50KB",
        "1048576, 1.00MB",
        "635783987, 606.33MB",
        "19069654385, 17.76GB",
        "1099511627776, 1.00TB",
        "1125899906842624, 1024.00TB", // peta is never reached
    })
    void formatsBytesLikeWrk(double bytes, String expected) {
        assertThat(WrkUnits.formatBytes(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({
        "1, 1s",
        "1.5, 2s",
        "2.5, 2s", // no decimals: ties go to the even neighbour
        "10, 10s",
        "30, 30s",
        "50, 50s",
        "51, 1m", // 0.85m
        "60, 1m",
        "90, 2m",
        "120, 2m",
        "150, 2m",
        "600, 10m",
        "3600, 60m",
        "7200, 120m",
    })
    void formatsTestDurationLikeWrk(double seconds, String expected) {
        assertThat(WrkUnits.formatSeconds(seconds)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with {1} decimals -> {2}")
    @CsvSource({
        "748868.525, 2, 748868.53", // stored as 748868.52500000002..., above the tie
        "1.005, 2, 1.00", // stored as 1.00499...
        "0.375, 2, 0.38", // exact ties go to the even neighbour
        "0.625, 2, 0.62",
        "0.5, 0, 0",
        "12, 2, 12.00",
    })
    void roundsLikePrintf(double value, int decimals, String expected) {
        assertThat(WrkUnits.fixed(value, decimals)).isEqualTo(expected);
    }
}
