package dev.loadgen.cli;

import dev.loadgen.core.Distribution;
import dev.loadgen.core.Driver;
import dev.loadgen.core.FileLimit;
import dev.loadgen.core.InputException;
import dev.loadgen.core.LateStartException;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.MaskedUrl;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.RunObserver;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StartException;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.Transport;
import dev.loadgen.core.WorkerPart;
import dev.loadgen.core.metrics.LiveMetrics;
import dev.loadgen.core.metrics.MetricsServer;
import dev.loadgen.core.metrics.RunHealth;
import dev.loadgen.core.report.SlowestReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one way every run goes, whatever its protocol: outputs opened (bad paths fail before any load), gates opened,
 * the driver built, the file limit and the target checked, the protocol's header printed, the run executed with the
 * progress line, the interval log, the metrics endpoint and the abort watch looking on, the protocol's report and the
 * gates' lines printed, the files written, the metrics endpoint kept up for its linger, and the exit code chosen. The
 * main thread only.
 */
final class RunPipeline {
    private RunPipeline() {}

    /**
     * Runs {@code runSpec} with {@code protocolRun}'s driver on {@code transport} and reports it; returns the exit code.
     *
     * @param observe the metrics endpoint and the span export, each null for none
     */
    static int run(
            Protocol protocol,
            ProtocolRun protocolRun,
            RunSpec runSpec,
            Transport transport,
            ReportOptions report,
            ObserveOptions.Settings observe,
            Gates gates,
            DistributedOptions.WorkerPlan plan,
            PrintWriter out,
            PrintWriter err)
            throws InputException, StartException, InterruptedException, LateStartException {
        ObserveOptions.MetricsSettings metrics = observe.metrics();
        long windowNanos = runSpec.durationNanos() > 0 ? runSpec.durationNanos() - runSpec.warmupNanos() : 0;
        try (RunOutputs outputs = RunOutputs.open(report, runSpec, protocol, err);
                Captures captures =
                        observe.captures().isEmpty() ? null : Captures.open(observe.captures(), windowNanos);
                Gates judged = gates.open()) {
            Driver driver = protocolRun.createDriver(runSpec, transport);
            try (LoadRun run = LoadRun.prepare(runSpec, transport, driver)) {
                // After the event loops opened theirs, so that the open descriptors counted include them.
                FileLimit.check(runSpec.connections());
                LiveMetrics live = metrics == null
                        ? null
                        : new LiveMetrics(
                                protocol.name(),
                                protocol.statusNames(),
                                metrics.buckets(),
                                runSpec.schedule() instanceof Schedule.OpenLoop);
                try (MetricsServer server =
                        live == null ? null : MetricsServer.start(metrics.address(), live, RunHealth.of(run))) {
                    if (server != null) {
                        err.println("Metrics on " + server.url("/metrics"));
                        err.flush();
                    }
                    preflight(run);
                    PrintWriter text = outputs.text(out, err);
                    text.print(protocolRun.textHeader(runSpec));
                    text.print(workerLine(plan));
                    text.flush();
                    CountDownLatch lingerEnd = new CountDownLatch(1);
                    Runnable stop = () -> {
                        run.stop();
                        lingerEnd.countDown();
                    };
                    try (StopOnSignal signal = StopOnSignal.install(
                            stop, run::abandon, runSpec.timeoutNanos() + TimeUnit.SECONDS.toNanos(5))) {
                        RunResult result;
                        String spanLine = "";
                        try (OtlpSpans spans = observe.otlpEndpoint() == null
                                ? null
                                : OtlpSpans.start(
                                        observe.otlpEndpoint(),
                                        run.exportSpans(OtlpSpans.QUEUE_CAPACITY),
                                        protocolRun.clientSpan(),
                                        VersionProvider.version(),
                                        run.ticker().nanoTime())) {
                            if (captures != null) {
                                run.onStart(() -> captures.start(runSpec.warmupNanos()));
                            }
                            RunObserver base = outputs.observer(live);
                            IntervalKeeper intervals = new IntervalKeeper(base);
                            RunObserver observer = plan.distributed() ? intervals : base;
                            RunResult measured =
                                    run.execute(judged.observer(run, observer), report.intervalNanos(), plan.start());
                            result = plan.distributed() ? asWorker(measured, plan, intervals, run) : measured;
                            if (spans != null) {
                                spans.close();
                                long exported = spans.exported();
                                long dropped = spans.dropped();
                                spanLine = "Spans: " + exported + " exported to "
                                        + MaskedUrl.of(String.valueOf(observe.otlpEndpoint())) + ", "
                                        + dropped + " dropped\n";
                                outputs.addJsonSection(json -> {
                                    json.writeObjectFieldStart("spans");
                                    json.writeNumberField("exported", exported);
                                    json.writeNumberField("dropped", dropped);
                                    json.writeEndObject();
                                });
                            }
                        }
                        if (signal.abandoned()) {
                            err.println("loadgen: interrupted again: the requests still in flight were abandoned and "
                                    + "are not in the report");
                        }
                        String captureLines = "";
                        if (captures != null) {
                            captureLines = captures.finish();
                            outputs.addJsonSection(captures::writeJson);
                        }
                        outputs.clearProgress();
                        text.print(protocolRun.textResults(result, report.latency(), report.uncorrected()));
                        text.print(SlowestReport.text(result.slowest(), protocol.statusNames()));
                        text.print(spanLine);
                        text.print(captureLines);
                        text.print(judged.report(result));
                        text.flush();
                        outputs.addJsonSection(json -> protocolRun.writeJson(result, json));
                        int exitCode = finish(result, outputs, judged, out, err);
                        if (server != null && metrics.lingerNanos() > 0) {
                            // The final figures are published; scrapers get the linger to read them.
                            lingerEnd.await(metrics.lingerNanos(), TimeUnit.NANOSECONDS);
                        }
                        return exitCode;
                    }
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
