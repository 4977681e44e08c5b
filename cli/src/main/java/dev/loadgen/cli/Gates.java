package dev.loadgen.cli;

import dev.loadgen.core.Distribution;
import dev.loadgen.core.InputException;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunObserver;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.gate.AbortWatch;
import dev.loadgen.core.gate.Assertion;
import dev.loadgen.core.gate.AssertionResult;
import dev.loadgen.core.gate.BaselineComparison;
import dev.loadgen.core.gate.JUnitReport;
import dev.loadgen.core.gate.MetricFormat;
import dev.loadgen.core.gate.RegressionLimit;
import dev.loadgen.core.gate.RegressionResult;
import dev.loadgen.core.gate.RunMetrics;
import dev.loadgen.core.gate.StatusNames;
import dev.loadgen.core.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * The pass/fail gates of one run: its assertions and baseline limits, checked before the run, watched during it
 * with {@code --abort-on-fail}, and judged, printed and written as JUnit XML after it.
 *
 * <p>Threading: the main thread calls everything; the observer from {@link #observer} runs on the reporter
 * thread, which is the main thread while the run executes.
 */
final class Gates implements AutoCloseable {
    private final List<Assertion> assertions;
    private final List<RegressionLimit> limits;
    private final RunMetrics baseline;
    private final Path baselineFile;
    private final Path junitPath;
    private final boolean abortOnFail;
    private final StatusNames statusNames;
    private OutputFile junit;
    private AbortWatch watch;
    private List<AssertionResult> results = List.of();
    private BaselineComparison comparison;

    /**
     * @param baseline     the baseline's figures, or null without {@code --baseline}
     * @param baselineFile where they came from, for the report
     * @param junitPath    the JUnit file to write, or null
     */
    Gates(
            List<Assertion> assertions,
            List<RegressionLimit> limits,
            RunMetrics baseline,
            Path baselineFile,
            Path junitPath,
            boolean abortOnFail,
            StatusNames statusNames) {
        this.assertions = List.copyOf(assertions);
        this.limits = List.copyOf(limits);
        this.baseline = baseline;
        this.baselineFile = baselineFile;
        this.junitPath = junitPath;
        this.abortOnFail = abortOnFail;
        this.statusNames = statusNames;
    }

    /**
     * Creates the JUnit file's temporary file, so that an unwritable path is bad input before any load.
     *
     * @return this, to be closed after the run
     */
    Gates open() throws InputException {
        if (junitPath != null) {
            junit = OutputFile.open(junitPath, "--junit");
        }
        return this;
    }

    /** {@code next}, watched by {@code --abort-on-fail} when it is given. */
    RunObserver observer(LoadRun run, RunObserver next) {
        if (!abortOnFail) {
            return next;
        }
        watch = new AbortWatch(assertions, run::countsSoFar, () -> run.stop(StopReason.ABORTED), next);
        return watch;
    }

    /** Judges {@code result}; returns the lines that end the text report (empty without gates). */
    String report(RunResult result) {
        RunMetrics metrics = RunMetrics.of(result);
        results = AssertionResult.evaluate(assertions, metrics);
        comparison = baseline == null ? null : BaselineComparison.of(baseline, metrics, limits, statusNames);
        StringBuilder out = new StringBuilder();
        AssertionResult abortedBy = abortedBy();
        if (abortedBy != null) {
            out.append("Stopped early by --abort-on-fail: ")
                    .append(abortedBy.assertion().text())
                    .append(" could no longer pass (")
                    .append(abortedBy.measuredText())
                    .append(" when stopped)\n");
        }
        if (!results.isEmpty()) {
            int width = results.stream()
                    .mapToInt(r -> r.assertion().text().length())
                    .max()
                    .orElse(0);
            out.append("Assertions:\n");
            for (AssertionResult r : results) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-" + width + "s  %10s  %s\n",
                        r.assertion().text(),
                        r.measuredText(),
                        r.passed() ? "PASS" : "FAIL (expected " + r.assertion().expected() + ")"));
            }
        }
        if (comparison != null) {
            out.append("Baseline ").append(baselineFile).append(":\n").append(comparison.table());
        }
        return out.toString();
    }

    /** The assertions and the checked regression limits as the HTML report lists them; call after {@link #report}. */
    List<HtmlReport.Check> checks() {
        List<HtmlReport.Check> checks = new ArrayList<>();
        AssertionResult abortedBy = abortedBy();
        for (AssertionResult r : results) {
            boolean stoppedTheRun = abortedBy != null && abortedBy.assertion().equals(r.assertion());
            checks.add(new HtmlReport.Check(
                    r.assertion().text(),
                    r.measuredText() + (stoppedTheRun ? " (stopped the run early)" : ""),
                    r.assertion().expected(),
                    r.passed()));
        }
        if (comparison != null) {
            for (RegressionResult row : comparison.checked()) {
                checks.add(new HtmlReport.Check(
                        row.limit().text(),
                        MetricFormat.change(row.changePercent())
                                + " (baseline " + MetricFormat.value(row.metric(), row.baseline(), false) + ", current "
                                + MetricFormat.value(row.metric(), row.current(), false) + ")",
                        row.limitText(),
                        !row.exceeded()));
            }
        }
        return checks;
    }

    /** The assertion that stopped the run early, or null. */
    AssertionResult abortedBy() {
        return watch == null ? null : watch.trippedBy();
    }

    /** Whether an assertion or a regression limit failed; call after {@link #report}. */
    boolean failed() {
        return results.stream().anyMatch(r -> !r.passed())
                || (comparison != null && comparison.exceeded())
                || abortedBy() != null;
    }

    /** How many gates failed out of how many, for the closing line on stderr. */
    String failureSummary() {
        long failedAssertions = results.stream().filter(r -> !r.passed()).count();
        long failedLimits = comparison == null ? 0 : comparison.exceededCount();
        int total =
                results.size() + (comparison == null ? 0 : comparison.checked().size());
        return (failedAssertions + failedLimits) + " of " + total + " gates failed";
    }

    /**
     * Writes the JUnit file and moves it into place; call after {@link #report}.
     *
     * @return null, or the one line to print when it could not be written
     */
    String writeFiles(RunResult result) {
        if (junit == null) {
            return null;
        }
        var suite = new JUnitReport.Suite(
                result.spec().target().displayUrl(),
                Instant.ofEpochMilli(result.startEpochMillis()),
                result.elapsedNanos(),
                result.stopReason(),
                results,
                comparison == null ? List.of() : comparison.checked(),
                abortedBy(),
                distributionProperties(result));
        try {
            JUnitReport.write(suite, junit.stream());
            junit.commit();
            return null;
        } catch (XMLStreamException e) {
            return junit.failure(new IOException(e.getMessage(), e));
        } catch (IOException e) {
            return junit.failure(e);
        }
    }

    /** A distributed run's id and workers as suite properties, partial saying whether any are missing. */
    private static Map<String, String> distributionProperties(RunResult result) {
        Distribution distribution = result.distribution();
        if (distribution == null) {
            return Map.of();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("run_id", distribution.runId());
        properties.put("workers", Integer.toString(distribution.workers()));
        properties.put("merged_workers", Integer.toString(distribution.parts().size()));
        properties.put("partial", Boolean.toString(distribution.partial()));
        return properties;
    }

    @Override
    public void close() {
        if (junit != null) {
            junit.close();
        }
    }
}
