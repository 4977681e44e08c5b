package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.WorkerPart;
import dev.loadgen.core.report.HtmlReport;
import dev.loadgen.core.report.IntervalLog;
import dev.loadgen.core.report.JsonReport;
import dev.loadgen.core.report.ReportSection;
import dev.loadgen.core.report.WrkTextReport;
import dev.loadgen.core.report.WrkUnits;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen merge INPUT...}: adds up the results of the workers of one distributed run ({@code --workers})
 * into the result of the whole run, exactly (counts and histograms add), prints its report with a table of the
 * workers, writes its files and judges its gates once. Runs on the main thread.
 */
@Command(
        name = "merge",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Add up the results of the workers of one run (--workers) into one result, exactly, and judge "
                + "its gates once. Inputs are --json files or any text holding the lines --json - writes (pod logs), "
                + "'-' for stdin.%n",
        footer = {
            "%nExit codes: 0 merged, 1 an output file could not be written, 2 an input cannot be read or the results "
                    + "do not belong together (another run, another split, another precision, a worker twice or "
                    + "missing), 3 an assertion or regression limit failed.",
            "Examples:",
            "  loadgen merge worker-0.json worker-1.json worker-2.json --latency",
            "  kubectl logs -l job-name=load --tail=-1 | loadgen merge - --assert 'p99<25ms' --junit gate.xml"
        })
final class MergeCommand implements Callable<Integer> {
    /** Standard input; tests replace it. */
    static InputStream stdin = System.in;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "INPUT",
            description = "A --json result file, a log holding --json - lines, or '-' for stdin.")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--allow-partial",
            description = "Merge the results given even when workers are missing, or a result line is cut short; "
                    + "the report, JSON, HTML and JUnit XML say the result is partial.")
    boolean allowPartial;

    @Option(names = "--latency", description = "Print the latency distribution, as a run with --latency does.")
    boolean latency;

    @Option(
            names = {"-U", "--u_latency"},
            description = "Also print the uncorrected latency, as a run with -U does.")
    boolean uncorrected;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Write the merged result as JSON to FILE; '-' writes it as one line to stdout and the text "
                    + "report to stderr.")
    String json;

    @Option(
            names = "--hlog",
            paramLabel = "FILE",
            description = "Write the merged HdrHistogram interval log: interval k of every worker added up.")
    Path hlog;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Write the merged report as one self-contained HTML page.")
    Path html;

    @Mixin
    GateOptions gateOptions = new GateOptions();

    @Override
    public Integer call() throws InputException {
        if (gateOptions.abortOnFail) {
            throw new InputException("--abort-on-fail stops a run while it lasts; merge judges runs that are over");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean jsonToStdout = ReportOptions.STDOUT.equals(json);
        List<OutputFile> files = new ArrayList<>();
        try {
            OutputFile jsonFile =
                    json == null || jsonToStdout ? null : add(files, OutputFile.open(Path.of(json), "--json"));
            OutputFile hlogFile = hlog == null ? null : add(files, OutputFile.open(hlog, "--hlog"));
            OutputFile htmlFile = html == null ? null : add(files, OutputFile.open(html, "--html"));
            WorkerResults.Merged merged =
                    WorkerResults.merge(MergeInputs.read(inputs, stdin, allowPartial, err), allowPartial);
            RunResult result = merged.result();
            Protocol protocol = SavedResult.protocol(result, protocols());
            var statusNames = SavedResult.statusNames(result, protocols());
            try (Gates gates = gateOptions.gates(statusNames).open()) {
                PrintWriter text = jsonToStdout ? err : out;
                text.print(heading(result, merged.missing()));
                text.print(WrkTextReport.render(result, latency || uncorrected, uncorrected, statusNames));
                text.print(workerTable(result));
                text.print(gates.report(result));
                text.flush();
                String failure = null;
                if (jsonToStdout) {
                    failure = writeJsonLine(result, merged.sections(), out);
                }
                if (failure == null && jsonFile != null) {
                    failure = writeJson(jsonFile, result, merged.sections());
                }
                if (failure == null && hlogFile != null) {
                    failure = writeHlog(hlogFile, result);
                }
                if (failure == null && htmlFile != null) {
                    failure = writeHtml(htmlFile, result, merged.sections(), gates.checks(), protocol, statusNames);
                }
                String gateFailure = failure == null ? gates.writeFiles(result) : null;
                if (failure != null || gateFailure != null) {
                    err.println("loadgen: " + (failure != null ? failure : gateFailure));
                    err.flush();
                    return ExitCode.CANNOT_START;
                }
                if (gates.failed()) {
                    err.println("loadgen: " + gates.failureSummary());
                    err.flush();
                    return ExitCode.ASSERTION_FAILED;
                }
                return ExitCode.OK;
            }
        } finally {
            for (OutputFile file : files) {
                file.close();
            }
        }
    }

    private static OutputFile add(List<OutputFile> files, OutputFile file) {
        files.add(file);
        return file;
    }

    private Protocols protocols() {
        return ((LoadCommand) spec.parent().userObject()).protocols();
    }

    private static String heading(RunResult result, List<Integer> missing) {
        var distribution = result.distribution();
        String line = "Merged " + distribution.parts().size() + " of " + distribution.workers() + " workers of run "
                + distribution.runId() + "\n";
        if (!missing.isEmpty()) {
            line += "PARTIAL: worker" + (missing.size() == 1 ? " " : "s ") + WorkerResults.indexes(missing)
                    + " missing; the figures cover the others only\n";
        }
        return line;
    }

    /**
     * One row per worker: a worker that could not keep its share of the schedule (late or dropped sends), that
     * started late or that failed more stands out against the others.
     */
    static String workerTable(RunResult result) {
        StringBuilder table = new StringBuilder("Workers:\n");
        table.append(String.format(
                Locale.ROOT,
                "  %6s  %-24s %10s %12s %12s %10s %8s %10s\n",
                "worker",
                "host",
                "start skew",
                "requests",
                "req/sec",
                "late",
                "dropped",
                "errors"));
        for (WorkerPart part : result.distribution().parts()) {
            boolean behind = part.dropped() > 0 || part.lateSends() * 100 > Math.max(1, part.requests());
            table.append(String.format(
                    Locale.ROOT,
                    "  %6d  %-24s %10s %12d %12s %10d %8d %10d%s\n",
                    part.index(),
                    part.host(),
                    WrkUnits.formatMicros(part.startSkewNanos() / 1e3),
                    part.requests(),
                    String.format(Locale.ROOT, "%.2f", part.requestsPerSecond()),
                    part.lateSends(),
                    part.dropped(),
                    part.errors(),
                    behind ? "  behind its schedule" : ""));
        }
        return table.toString();
    }

    private static String writeJsonLine(RunResult result, List<JsonReport.Section> sections, PrintWriter out) {
        try {
            JsonReport.writeLine(result, VersionProvider.version(), sections, out);
            return null;
        } catch (IOException e) {
            return "cannot write the JSON result to stdout: " + e.getMessage();
        }
    }

    private static String writeJson(OutputFile file, RunResult result, List<JsonReport.Section> sections) {
        try {
            Writer writer = new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8);
            JsonReport.write(result, VersionProvider.version(), sections, writer);
            file.commit();
            return null;
        } catch (IOException e) {
            return file.failure(e);
        }
    }

    private static String writeHlog(OutputFile file, RunResult result) {
        try {
            IntervalLog log = new IntervalLog(file.stream());
            log.writeAll(result.startEpochMillis(), result.intervalHistograms());
            if (!log.finish()) {
                throw new IOException("write failed");
            }
            file.commit();
            return null;
        } catch (IOException e) {
            return file.failure(e);
        }
    }

    private static String writeHtml(
            OutputFile file,
            RunResult result,
            List<JsonReport.Section> sections,
            List<HtmlReport.Check> checks,
            Protocol protocol,
            dev.loadgen.core.gate.StatusNames statusNames) {
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8));
            HtmlReport.write(
                    result,
                    VersionProvider.version(),
                    checks,
                    statusNames,
                    protocol == null ? ReportSection.NONE : protocol.reportSection(result),
                    sections,
                    writer);
            file.commit();
            return null;
        } catch (IOException e) {
            return file.failure(e);
        }
    }
}
