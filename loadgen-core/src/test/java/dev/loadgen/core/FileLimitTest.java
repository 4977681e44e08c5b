package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileLimitTest {
    @Test
    void aRunThatFitsUnderTheLimitPasses() {
        long open = 30;
        long exactlyEnough = open + 1000 + FileLimit.RESERVE;

        assertThatCode(() -> FileLimit.check(1000, new FileLimit.Usage(exactlyEnough, open)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> FileLimit.check(1001, new FileLimit.Usage(exactlyEnough, open)))
                .isInstanceOf(InputException.class);
    }

    @Test
    void aRunThatDoesNotFitIsRefusedWithTheNumbersAndTheRemedy() {
        assertThatThrownBy(() -> FileLimit.check(1000, new FileLimit.Usage(256, 30)))
                .isInstanceOf(InputException.class)
                .hasMessage("1000 connections need about " + (1000 + 30 + FileLimit.RESERVE) + " open files, but this "
                        + "process may open 256 (ulimit -n); raise the limit (ulimit -n "
                        + (1000 + 30 + FileLimit.RESERVE) + ") or use fewer connections");
    }

    @Test
    void anUnknownLimitIsNoReasonToRefuse() {
        assertThatCode(() -> FileLimit.check(1_000_000, new FileLimit.Usage(-1, -1)))
                .doesNotThrowAnyException();
    }

    @Test
    void thisProcessHasALimitAndOpenFilesOnLinux() {
        FileLimit.Usage usage = FileLimit.usage();

        assertThat(usage.limit()).isPositive();
        assertThat(usage.open()).isPositive().isLessThanOrEqualTo(usage.limit());
    }
}
