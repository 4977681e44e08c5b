package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --transport end to end against the built-in target on 127.0.0.1: each transport Linux has, auto, bad values. */
class TransportIT {
    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    private String url() {
        return target.server().uri().toString();
    }

    /** Linux has every transport but kqueue; io_uring needs a kernel that allows it, which the test machines have. */
    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void eachTransportCarriesTheRunAndTheReportNamesIt(String transport) {
        CliRun run = CliRun.of("-t", "2", "-c", "4", "-n", "500", "--transport", transport, url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  500 requests in ", "  Transport: " + transport + "; JIT compiler busy ");
        assertThat(target.server().counts().responsesWritten()).isEqualTo(500);
    }

    @Test
    void constantRateRunsOnIoUringToo() {
        CliRun run = CliRun.of("-t", "1", "-c", "4", "-d", "1s", "-R", "300", "--transport", "io_uring", url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  Transport: io_uring;", "Target rate: 300.00 requests/sec");
        long reported = Long.parseLong(run.out().replaceAll("(?s).*?\\s(\\d+) requests in .*", "$1"));
        assertThat(reported)
                .isBetween(290L, 300L)
                .isEqualTo(target.server().counts().responsesWritten());
    }

    @Test
    void autoIsTheBestTransportHere() {
        CliRun run = CliRun.of("-t", "1", "-c", "1", "-n", "10", "--transport", "AUTO", url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  Transport: " + Transport.best().name() + ";");
    }

    @Test
    void anUnknownTransportIsInvalidInput() {
        CliRun run = CliRun.of("-n", "10", "--transport", "uring", url());

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.err())
                .isEqualTo("loadgen: --transport must be one of auto, io_uring, epoll, kqueue, nio (got 'uring')\n");
        assertThat(target.server().counts().requestsReceived()).isZero();
    }

    @Test
    void aTransportThisMachineLacksCannotStart() {
        CliRun run = CliRun.of("-n", "10", "--transport", "kqueue", url());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CANNOT_START);
        assertThat(run.err())
                .startsWith("loadgen: the kqueue transport does not work here (")
                .endsWith("); try --transport auto\n");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(target.server().counts().requestsReceived()).isZero();
    }
}
