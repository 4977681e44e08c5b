package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GrpcStatusNamesTest {
    @Test
    void namesInEverySpellingUsersMeet() {
        assertThat(GrpcStatusNames.codeOf("Unavailable")).isEqualTo(OptionalInt.of(14));
        assertThat(GrpcStatusNames.codeOf("DEADLINE_EXCEEDED")).isEqualTo(OptionalInt.of(4));
        assertThat(GrpcStatusNames.codeOf("cancelled")).isEqualTo(OptionalInt.of(1));
        assertThat(GrpcStatusNames.codeOf("Busy")).isEmpty();
        assertThat(GrpcStatusNames.nameOf(16)).isEqualTo("Unauthenticated");
        assertThat(GrpcStatusNames.nameOf(99)).isEqualTo("Code(99)");
    }

    @Test
    void theClientsDeadlineIsOneMessageWhateverTimeItNames() {
        String first = GrpcStatusNames.describe(Status.DEADLINE_EXCEEDED.withDescription(
                "CallOptions deadline exceeded after 0.099861520s. Name resolution delay 0.000000000 seconds. "
                        + "[closed=[], open=[[remote_addr=/127.0.0.1:5]]]"));
        String second = GrpcStatusNames.describe(Status.DEADLINE_EXCEEDED.withDescription(
                "deadline exceeded after 1.000012345s. [closed=[], open=[[remote_addr=/127.0.0.1:5]]]"));

        assertThat(first)
                .isEqualTo(second)
                .isEqualTo("rpc error: code = DeadlineExceeded desc = context deadline exceeded");
        assertThat(GrpcStatusNames.describe(Status.DEADLINE_EXCEEDED.withDescription("server says slow")))
                .isEqualTo("rpc error: code = DeadlineExceeded desc = server says slow");
        assertThat(GrpcStatusNames.describe(Status.UNAVAILABLE.withDescription("down")))
                .isEqualTo("rpc error: code = Unavailable desc = down");
    }

    @Test
    void theErrorStatusCountKeepsTheSpellingItHadBeforeStatusesHadNames() {
        assertThat(GrpcStatusNames.INSTANCE.errorStatusAliases()).containsExactly("non_ok", "non2xx");
        assertThat(GrpcStatusNames.INSTANCE.errorStatusTitle()).isEqualTo("Non-OK responses");
    }
}
