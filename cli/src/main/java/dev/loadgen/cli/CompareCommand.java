package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.gate.AssertionParser;
import dev.loadgen.core.gate.BaselineComparison;
import dev.loadgen.core.gate.RegressionLimit;
import dev.loadgen.core.gate.RunMetrics;
import dev.loadgen.core.gate.StatusNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen compare BASELINE CURRENT}: two saved results side by side, failing when the current run regressed
 * beyond the limits. Runs on the main thread.
 */
@Command(
        name = "compare",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Compare two results saved with --json: every metric side by side with its change, and the "
                + "regression limits checked.%n",
        footer = {
            "%nExit codes: 0 within the limits, 2 a file cannot be read or is not a loadgen result, or a bad "
                    + "limit, 3 a limit exceeded.",
            "Examples:",
            "  loadgen compare main.json branch.json",
            "  loadgen compare --max-regression p99=10%%,p50=5%%,rps=5%% main.json branch.json"
        })
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "The result to compare with (--json).")
    Path baselineFile;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The result to judge (--json).")
    Path currentFile;

    @Option(
            names = "--max-regression",
            paramLabel = "LIST",
            description = "How much worse each metric may get, in %%: METRIC=N%%,... where latency and errors may "
                    + "grow and rps may fall by N%%. Default: p99=20%%,rps=10%%.")
    String maxRegression = BaselineComparison.DEFAULT_LIMITS;

    /** A limit wrong for every protocol is a mistake in the command, reported before any file is read. */
    private void checkLimitsFitSomeProtocol(Protocols protocols) throws InputException {
        InputException first = null;
        for (Protocol protocol : protocols.all()) {
            try {
                new AssertionParser(protocol.statusNames()).parseRegressionLimits(maxRegression);
                return;
            } catch (InputException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public Integer call() throws InputException {
        Protocols protocols = ((LoadCommand) spec.parent().userObject()).protocols();
        checkLimitsFitSomeProtocol(protocols);
        RunResult baseline = SavedResult.read(baselineFile, "baseline");
        RunResult current = SavedResult.read(currentFile, "current result");
        StatusNames statusNames = SavedResult.statusNames(current, protocols);
        List<RegressionLimit> limits = new AssertionParser(statusNames).parseRegressionLimits(maxRegression);
        BaselineComparison comparison =
                BaselineComparison.of(RunMetrics.of(baseline), RunMetrics.of(current), limits, statusNames);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Baseline: " + baselineFile);
        out.println("Current:  " + currentFile);
        out.print(comparison.table());
        out.flush();
        if (comparison.exceeded()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("loadgen: " + comparison.exceededCount() + " of "
                    + comparison.checked().size() + " regression limits exceeded");
            err.flush();
            return ExitCode.ASSERTION_FAILED;
        }
        return ExitCode.OK;
    }
}
