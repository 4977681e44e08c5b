package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Interval;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.RunObserver;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.report.HtmlReport;
import dev.loadgen.core.report.IntervalLog;
import dev.loadgen.core.report.JsonReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of one run beyond the text report: the JSON result, the HdrHistogram interval log, the HTML report
 * and the live progress line. Opened before the run, so that an unwritable path fails as bad input before any load;
 * {@link #finish} writes and moves the files into place after the run; {@link #close} removes whatever was
 * not finished.
 *
 * <p>Threading: the main thread opens, finishes and closes; {@link #observer} is called on the reporter thread,
 * which is the main thread while {@code LoadRun.execute} runs.
 */
final class RunOutputs implements AutoCloseable {
    private final ReportOptions options;
    private final OutputFile json;
    private final OutputFile hlogFile;
    private final IntervalLog hlog;
    private final OutputFile html;
    private final Protocol protocol;
    private final ProgressLine progress;
    private final List<JsonReport.Section> jsonSections = new ArrayList<>();

    private RunOutputs(
            ReportOptions options,
            OutputFile json,
            OutputFile hlogFile,
            OutputFile html,
            Protocol protocol,
            ProgressLine progress) {
        this.options = options;
        this.json = json;
        this.hlogFile = hlogFile;
        this.hlog = hlogFile == null ? null : new IntervalLog(hlogFile.stream());
        this.html = html;
        this.protocol = protocol;
        this.progress = progress;
    }

    /**
     * @param protocol the run's protocol, whose status names and card the HTML report shows
     * @throws InputException when an output path cannot be written
     */
    static RunOutputs open(ReportOptions options, RunSpec spec, Protocol protocol, PrintWriter err)
            throws InputException {
        List<OutputFile> opened = new ArrayList<>(3);
        try {
            OutputFile json = options.json() == null || options.jsonToStdout()
                    ? null
                    : opened(opened, OutputFile.open(Path.of(options.json()), "--json"));
            OutputFile hlog = options.hlog() == null ? null : opened(opened, OutputFile.open(options.hlog(), "--hlog"));
            OutputFile html = options.html() == null ? null : opened(opened, OutputFile.open(options.html(), "--html"));
            ProgressLine progress = options.progress() ? new ProgressLine(err, spec.durationNanos()) : null;
            return new RunOutputs(options, json, hlog, html, protocol, progress);
        } catch (InputException | RuntimeException e) {
            for (OutputFile file : opened) {
                file.close();
            }
            throw e;
        }
    }

    private static OutputFile opened(List<OutputFile> opened, OutputFile file) {
        opened.add(file);
        return file;
    }

    /**
     * What the engine hands each interval to: the interval log, the progress line and {@code live} (the metrics
     * endpoint), when not null.
     */
    RunObserver observer(RunObserver live) {
        List<RunObserver> observers = new ArrayList<>(3);
        if (live != null) {
            observers.add(live);
        }
        if (hlog != null) {
            observers.add(hlog);
        }
        if (progress != null) {
            observers.add(progress);
        }
        return observers.isEmpty()
                ? RunObserver.NONE
                : (Interval interval) -> {
                    for (RunObserver observer : observers) {
                        observer.onInterval(interval);
                    }
                };
    }

    /** Where the text report goes: stderr when the JSON takes stdout. */
    PrintWriter text(PrintWriter out, PrintWriter err) {
        return options.jsonToStdout() ? err : out;
    }

    /** Blanks the progress line; call before printing the report. */
    void clearProgress() {
        if (progress != null) {
            progress.clear();
        }
    }

    /** Adds the driver's own figures to the JSON result; call before {@link #finish}. */
    void addJsonSection(JsonReport.Section section) {
        jsonSections.add(section);
    }

    /**
     * Writes the JSON (to {@code out} for {@code --json -}, as one line that a log collector keeps whole) and moves
     * the files into place.
     *
     * @param checks the gates as judged, for the HTML report; empty without gates
     * @return null, or the one line to print when a file could not be written
     */
    String finish(RunResult result, List<HtmlReport.Check> checks, PrintWriter out) {
        if (options.jsonToStdout()) {
            try {
                JsonReport.writeLine(result, VersionProvider.version(), jsonSections, out);
            } catch (IOException e) {
                return "cannot write the JSON result to stdout: " + e.getMessage();
            }
        }
        if (json != null) {
            try {
                Writer writer = new OutputStreamWriter(json.stream(), StandardCharsets.UTF_8);
                JsonReport.write(result, VersionProvider.version(), jsonSections, writer);
                json.commit();
            } catch (IOException e) {
                return json.failure(e);
            }
        }
        if (hlogFile != null) {
            try {
                if (!hlog.finish()) {
                    throw new IOException("write failed");
                }
                hlogFile.commit();
            } catch (IOException e) {
                return hlogFile.failure(e);
            }
        }
        if (html != null) {
            try {
                Writer writer = new BufferedWriter(new OutputStreamWriter(html.stream(), StandardCharsets.UTF_8));
                HtmlReport.write(
                        result,
                        VersionProvider.version(),
                        checks,
                        protocol.statusNames(),
                        protocol.reportSection(result),
                        jsonSections,
                        writer);
                html.commit();
            } catch (IOException e) {
                return html.failure(e);
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (json != null) {
            json.close();
        }
        if (hlogFile != null) {
            hlogFile.close();
        }
        if (html != null) {
            html.close();
        }
    }
}
