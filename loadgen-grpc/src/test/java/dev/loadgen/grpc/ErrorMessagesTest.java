package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMessagesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "deadline exceeded after 0.099887000s | deadline exceeded after <n>s",
                "deadline exceeded after 1.2s. [closed=[], open=[[buffered_nanos=100206375, remote_addr=/127.0.0.1:50051]]]"
                        + " | deadline exceeded after <n>s. [closed=[], open=[[buffered_nanos=<n>, remote_addr=/127.0.0.1:50051]]]",
                "took 250ms, then 99.8 ms        | took <n>ms, then <n> ms",
                "server at 10.0.0.1:8080 is down | server at 10.0.0.1:8080 is down",
                "Received message larger than max (5000 vs. 4194304) | Received message larger than max (5000 vs. 4194304)",
                "load is 0.75                    | load is <n>",
            })
    void timesAreReplacedAndEverythingElseKept(String message, String normal) {
        assertThat(ErrorMessages.normalise(message)).isEqualTo(normal);
    }

    @Test
    void oneFailureToldWithDifferentTimesIsOneMessage() {
        assertThat(GrpcStatusNames.describe(4, "deadline exceeded after 0.0999s"))
                .isEqualTo(GrpcStatusNames.describe(4, "deadline exceeded after 0.1013s"))
                .isEqualTo("rpc error: code = DeadlineExceeded desc = deadline exceeded after <n>s");
    }

    @Test
    void theMessagesLeftOutOfAListAreCountedAndSaidSo() {
        Map<String, Long> messages = new LinkedHashMap<>();
        for (int i = 0; i < 13; i++) {
            messages.put("message " + i, 20L - i);
        }
        CallStats.Summary summary = new CallStats.Summary(0, 0, new Histogram(3), messages);

        CallStats.Omitted omitted = summary.omittedErrors(10);

        assertThat(summary.topErrors(10)).hasSize(10);
        assertThat(omitted).isEqualTo(new CallStats.Omitted(3, 10 + 9 + 8));
        assertThat(omitted.line("\t"))
                .isEqualTo("[27]\t(3 more messages; the --json result's protocol_stats lists every one)");
        assertThat(summary.omittedErrors(13)).isEqualTo(new CallStats.Omitted(0, 0));
    }
}
