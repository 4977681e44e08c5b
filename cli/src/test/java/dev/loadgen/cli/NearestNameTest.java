package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNameTest {
    private static final List<String> KEYS =
            List.of("threads", "timeout", "rate", "requests", "header", "headers", "body-file", "u_latency", "latency");

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(NearestName.editDistance("thread", "threads")).isEqualTo(1);
        assertThat(NearestName.editDistance("kitten", "sitting")).isEqualTo(3);
        assertThat(NearestName.editDistance("", "abc")).isEqualTo(3);
        assertThat(NearestName.editDistance("same", "same")).isZero();
    }

    @Test
    void suggestsAnObviousTypo() {
        assertThat(NearestName.among("thread", KEYS)).isEqualTo("threads");
        assertThat(NearestName.among("body_file", KEYS)).isEqualTo("body-file");
        assertThat(NearestName.among("Timeout", KEYS)).isEqualTo("timeout");
        assertThat(NearestName.among("requets", KEYS)).isEqualTo("requests");
    }

    @Test
    void suggestsNothingWhenNothingIsCloseOrTwoAreEquallyClose() {
        assertThat(NearestName.among("frobnicate", KEYS)).isNull();
        assertThat(NearestName.among("zz", KEYS)).isNull();
        assertThat(NearestName.among("headerz", KEYS)).isNull();
    }
}
