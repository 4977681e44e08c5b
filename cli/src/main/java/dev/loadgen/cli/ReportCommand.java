package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.report.HistogramLogSummary;
import dev.loadgen.core.report.HtmlReport;
import dev.loadgen.core.report.IntervalLog;
import dev.loadgen.core.report.JsonResultReader;
import dev.loadgen.core.report.ReportSection;
import dev.loadgen.core.report.WrkTextReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PushbackInputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen report FILE}: prints the report of a saved run again, from a {@code --json} result (the whole
 * wrk report) or from an {@code --hlog} interval log (the latency section of one tag); with {@code --html}, writes
 * a {@code --json} result as an HTML report instead. Runs on the main thread.
 */
@Command(
        name = "report",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Print the report of a saved run: a --json result (the full report) or an --hlog interval "
                + "log (the latency of one tag, all intervals merged).%n",
        footer = {
            "%nExit codes: 0 printed, 1 the HTML file could not be written, 2 the file cannot be read or is "
                    + "neither format.",
            "Examples:",
            "  loadgen report --latency result.json",
            "  loadgen report --tag uncorrected run.hlog",
            "  loadgen report result.json --html report.html"
        })
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A file written by --json or --hlog.")
    Path file;

    @Option(names = "--latency", description = "Print the latency distribution, as a run with --latency does.")
    boolean latency;

    @Option(
            names = {"-U", "--u_latency"},
            description = "JSON: also the uncorrected latency, as a run with -U does.")
    boolean uncorrected;

    @Option(
            names = "--tag",
            paramLabel = "TAG",
            defaultValue = IntervalLog.CORRECTED,
            description = "Interval log: the tag whose histograms to merge. Default: ${DEFAULT-VALUE}.")
    String tag;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "JSON: write the result as a self-contained HTML report to FILE instead of printing it.")
    Path html;

    @Override
    public Integer call() throws InputException {
        try (OutputFile page = html == null ? null : OutputFile.open(html, "--html");
                PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file))) {
            if (page != null) {
                return writeHtml(in, page);
            }
            String text = startsWithBrace(in) ? json(in) : hlog(in);
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read '" + file + "': no such file");
        } catch (AccessDeniedException e) {
            throw new InputException("cannot read '" + file + "': permission denied");
        } catch (IOException e) {
            throw new InputException("cannot read '" + file + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InputException("'" + file + "': " + e.getMessage());
        }
    }

    private Protocols protocols() {
        return ((LoadCommand) spec.parent().userObject()).protocols();
    }

    private String json(InputStream in) throws IOException {
        RunResult result = JsonResultReader.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        return WrkTextReport.render(
                result, latency || uncorrected, uncorrected, SavedResult.statusNames(result, protocols()));
    }

    private int writeHtml(PushbackInputStream in, OutputFile page) throws IOException, InputException {
        if (!startsWithBrace(in)) {
            throw new InputException("--html needs a --json result; '" + file + "' is not one");
        }
        JsonResultReader.Document saved =
                JsonResultReader.readDocument(new InputStreamReader(in, StandardCharsets.UTF_8));
        RunResult result = saved.result();
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(page.stream(), StandardCharsets.UTF_8));
            Protocol protocol = SavedResult.protocol(result, protocols());
            HtmlReport.write(
                    result,
                    VersionProvider.version(),
                    List.of(),
                    SavedResult.statusNames(result, protocols()),
                    protocol == null ? ReportSection.NONE : protocol.reportSection(result),
                    saved.protocolSections(),
                    writer);
            page.commit();
            return ExitCode.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("loadgen: " + page.failure(e));
            spec.commandLine().getErr().flush();
            return ExitCode.CANNOT_START;
        }
    }

    private String hlog(InputStream in) {
        return HistogramLogSummary.read(in, tag).render(latency);
    }

    /** A JSON result starts with '{' after white space; an interval log with '#' or a histogram line. */
    private static boolean startsWithBrace(PushbackInputStream in) throws IOException {
        int c;
        do {
            c = in.read();
        } while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
        if (c >= 0) {
            in.unread(c);
        }
        return c == '{';
    }
}
