package dev.loadgen.nativeimage;

import static dev.loadgen.nativeimage.WorkflowCondition.Result.FALSE;
import static dev.loadgen.nativeimage.WorkflowCondition.Result.TRUE;
import static dev.loadgen.nativeimage.WorkflowCondition.Result.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowConditionTest {
    private static final Map<String, String> TAG =
            Map.of("github.event_name", "push", "github.ref", "refs/tags/v1.0.0");

    @Test
    void comparesAndCallsWithWhatTheEventDecides() {
        assertThat(WorkflowCondition.evaluate("github.event_name == 'push'", TAG))
                .isEqualTo(TRUE);
        assertThat(WorkflowCondition.evaluate("github.event_name != 'push'", TAG))
                .isEqualTo(FALSE);
        assertThat(WorkflowCondition.evaluate("startsWith(github.ref, 'refs/tags/v')", TAG))
                .isEqualTo(TRUE);
        assertThat(WorkflowCondition.evaluate(
                        "${{ github.event_name == 'push' && startsWith(github.ref, 'refs/heads/') }}", TAG))
                .isEqualTo(FALSE);
        assertThat(WorkflowCondition.evaluate("!(github.event_name == 'pull_request')", TAG))
                .isEqualTo(TRUE);
        assertThat(WorkflowCondition.evaluate("", TAG)).isEqualTo(TRUE);
    }

    @Test
    void whatTheEventDoesNotDecideIsUnknownUnlessTheRestDecides() {
        assertThat(WorkflowCondition.evaluate("runner.os == 'Linux'", TAG)).isEqualTo(UNKNOWN);
        assertThat(WorkflowCondition.evaluate("runner.os == 'Linux' && github.event_name == 'pull_request'", TAG))
                .isEqualTo(FALSE);
        assertThat(WorkflowCondition.evaluate("matrix.target == 'x' || github.event_name == 'push'", TAG))
                .isEqualTo(TRUE);
        assertThat(WorkflowCondition.evaluate("failure()", TAG)).isEqualTo(FALSE);
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> WorkflowCondition.evaluate("github.ref == 'a' ;", TAG))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
