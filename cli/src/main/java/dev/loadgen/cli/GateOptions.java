package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.gate.AbortWatch;
import dev.loadgen.core.gate.AssertionParser;
import dev.loadgen.core.gate.BaselineComparison;
import dev.loadgen.core.gate.RegressionLimit;
import dev.loadgen.core.gate.RunMetrics;
import dev.loadgen.core.gate.StatusNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The pass/fail options of a run: assertions, stopping early, JUnit output and a baseline. Main thread. */
final class GateOptions {
    @Option(
            names = "--assert",
            paramLabel = "EXPR",
            description = "Fail the run (exit code 3) unless EXPR holds; repeatable. Examples: 'p99<25ms', "
                    + "'uncorrected.max<=1s', 'rps>=5k', 'errors<0.1%%', 'timeouts==0', 'status_errors<10' (or the "
                    + "protocol's name for it, see loadgen help PROTOCOL), 'status:503<10', 'dropped==0'. Latency in us, ms or s; errors and timeouts as "
                    + "a count or a %% of the attempts.")
    List<String> assertions = new ArrayList<>();

    @Option(
            names = "--abort-on-fail",
            description = "Stop the run as soon as an assertion can no longer pass (a count ceiling such as "
                    + "'errors<10' or 'max<1s' exceeded; a percentage once " + AbortWatch.MIN_ATTEMPTS_FOR_PERCENT
                    + " requests were attempted). Default: run to the end.")
    boolean abortOnFail;

    @Option(
            names = "--junit",
            paramLabel = "FILE",
            description = "Write the assertions and regression limits as JUnit XML test cases to FILE, once the run "
                    + "is over.")
    Path junit;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "Compare the run with a result saved by --json and fail (exit code 3) when it regressed "
                    + "beyond --max-regression.")
    Path baseline;

    @Option(
            names = "--max-regression",
            paramLabel = "LIST",
            description = "With --baseline: how much worse each metric may get, in %%: METRIC=N%%,... where "
                    + "latency and errors may grow and rps may fall by N%%. Default: p99=20%%,rps=10%%.")
    String maxRegression;

    /**
     * Refuses gates on one worker of a run spread over {@code workers}: a gate on a share of the load means nothing.
     * They are evaluated once, on the merged result, by {@code loadgen merge}.
     */
    void refuseOnShare(int workers) throws InputException {
        String gate = !assertions.isEmpty()
                ? "--assert"
                : baseline != null ? "--baseline" : abortOnFail ? "--abort-on-fail" : junit != null ? "--junit" : null;
        if (gate != null) {
            throw new InputException(gate + " on one worker of --workers " + workers + " would judge a share of the "
                    + "load; give the gates to loadgen merge, which judges the whole run");
        }
    }

    /**
     * Parses and checks every option; reads the baseline.
     *
     * @param statusNames the run's protocol's names of its statuses, for {@code status:NAME} and the error-status count
     * @throws InputException for a bad expression, limit or baseline file
     */
    Gates gates(StatusNames statusNames) throws InputException {
        AssertionParser parser = new AssertionParser(statusNames);
        var parsed = parser.parseAll(assertions);
        if (abortOnFail && parsed.isEmpty()) {
            throw new InputException("--abort-on-fail needs at least one --assert");
        }
        if (maxRegression != null && baseline == null) {
            throw new InputException("--max-regression needs --baseline FILE");
        }
        List<RegressionLimit> limits = baseline == null
                ? List.of()
                : parser.parseRegressionLimits(
                        maxRegression != null ? maxRegression : BaselineComparison.DEFAULT_LIMITS);
        RunMetrics baselineMetrics =
                baseline == null ? null : RunMetrics.of(SavedResult.read(baseline, "--baseline file"));
        return new Gates(parsed, limits, baselineMetrics, baseline, junit, abortOnFail, statusNames);
    }
}
