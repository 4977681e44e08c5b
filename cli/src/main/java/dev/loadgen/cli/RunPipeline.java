package dev.loadgen.cli;

import dev.loadgen.core.Distribution;
import dev.loadgen.core.Driver;
import dev.loadgen.core.FileLimit;
import dev.loadgen.core.InputException;
import dev.loadgen.core.LateStartException;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.RunObserver;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.StartException;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.Transport;
import dev.loadgen.core.WorkerPart;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way every run goes, whatever its protocol: outputs opened (bad paths fail before any load), gates opened,
 * the driver built, the file limit and the target checked, the protocol's header printed, the run executed with the progress line,
 * the interval log and the abort watch looking on, the protocol's report and the gates' lines printed, the files
 * written, and the exit code chosen. The main thread only.
 */
final class RunPipeline {
    private RunPipeline() {}

    /** Runs {@code runSpec} with {@code protocolRun}'s driver on {@code transport} and reports it; returns the exit code. */
    static int run(
            Protocol protocol,
            ProtocolRun protocolRun,
            RunSpec runSpec,
            Transport transport,
            ReportOptions report,
            Gates gates,
            DistributedOptions.WorkerPlan plan,
            PrintWriter out,
            PrintWriter err)
            throws InputException, StartException, InterruptedException, LateStartException {
        try (RunOutputs outputs = RunOutputs.open(report, runSpec, protocol, err);
                Gates judged = gates.open()) {
            Driver driver = protocolRun.createDriver(runSpec, transport);
            try (LoadRun run = LoadRun.prepare(runSpec, transport, driver)) {
                // After the event loops opened theirs, so that the open descriptors counted include them.
                FileLimit.check(runSpec.connections());
                preflight(run);
                PrintWriter text = outputs.text(out, err);
                text.print(protocolRun.textHeader(runSpec));
                text.print(workerLine(plan));
                text.flush();
                try (StopOnSignal signal = StopOnSignal.install(
                        run::stop, run::abandon, runSpec.timeoutNanos() + TimeUnit.SECONDS.toNanos(5))) {
                    IntervalKeeper intervals = new IntervalKeeper(outputs.observer());
                    RunObserver observer = plan.distributed() ? intervals : outputs.observer();
                    RunResult measured =
                            run.execute(judged.observer(run, observer), report.intervalNanos(), plan.start());
                    RunResult result = plan.distributed() ? asWorker(measured, plan, intervals, run) : measured;
                    if (signal.abandoned()) {
                        err.println("loadgen: interrupted again: the requests still in flight were abandoned and are "
                                + "not in the report");
                    }
                    outputs.clearProgress();
                    text.print(protocolRun.textResults(result, report.latency(), report.uncorrected()));
                    text.print(judged.report(result));
                    text.flush();
                    outputs.addJsonSection(json -> protocolRun.writeJson(result, json));
                    return finish(result, outputs, judged, out, err);
                }
            }
        }
    }

    /** A worker's result: its own row and its intervals' histograms, which loadgen merge adds up. */
    private static RunResult asWorker(
            RunResult measured, DistributedOptions.WorkerPlan plan, IntervalKeeper intervals, LoadRun run) {
        WorkerPart row = WorkerPart.of(measured, plan.split().index(), plan.host(), run.startSkewNanos());
        return measured.toBuilder()
                .intervalHistograms(intervals.kept())
                .distribution(new Distribution(plan.runId(), plan.split().count(), List.of(row), false))
                .build();
    }

    /** The line that says which worker of which run this is, and when it starts; empty for a run on one machine. */
    private static String workerLine(DistributedOptions.WorkerPlan plan) {
        StringBuilder line = new StringBuilder();
        if (plan.distributed()) {
            line.append("  worker ")
                    .append(plan.split().index())
                    .append(" of ")
                    .append(plan.split().count())
                    .append(", run ")
                    .append(plan.runId());
        }
        if (plan.start().instant() != null) {
            line.append(line.length() == 0 ? "  starting at " : ", starting at ")
                    .append(plan.start().instant());
        }
        return line.length() == 0 ? "" : line.append('\n').toString();
    }

    /**
     * Resolves and checks the target. What the server itself says is wrong with the input (a method it does not
     * have, say) is the user's input, not a failure to start.
     */
    private static void preflight(LoadRun run) throws InputException, StartException {
        try {
            run.preflight();
        } catch (StartException e) {
            if (e.getCause() instanceof InputException input) {
                throw input;
            }
            throw e;
        }
    }

    /**
     * Writes the files, says what went wrong, and picks the exit code. A file that could not be written wins over
     * a failed gate, which wins over an interruption.
     */
    private static int finish(RunResult result, RunOutputs outputs, Gates gates, PrintWriter out, PrintWriter err) {
        String failure = outputs.finish(result, gates.checks(), out);
        String gateFailure = gates.writeFiles(result);
        out.flush();
        boolean aborted = gates.abortedBy() != null;
        if (result.stopReason() == StopReason.INTERRUPTED && !aborted) {
            err.println("loadgen: interrupted; the report covers what was measured until then");
        } else if (result.stopReason() == StopReason.UNREACHABLE) {
            err.println("loadgen: stopped before " + result.spec().requestCount() + " requests: no connection to "
                    + "the target could be opened for longer than the timeout (--timeout)");
        }
        if (failure != null) {
            err.println("loadgen: " + failure);
        }
        if (gateFailure != null) {
            err.println("loadgen: " + gateFailure);
        }
        if (gates.failed()) {
            err.println("loadgen: " + gates.failureSummary() + (aborted ? "; the run was stopped early" : ""));
        }
        err.flush();
        if (failure != null || gateFailure != null) {
            return ExitCode.CANNOT_START;
        }
        return gates.failed() ? ExitCode.ASSERTION_FAILED : result.interrupted() ? ExitCode.INTERRUPTED : ExitCode.OK;
    }
}
