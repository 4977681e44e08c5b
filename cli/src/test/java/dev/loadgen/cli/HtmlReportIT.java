package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --html and loadgen report --html, end to end against the built-in target on 127.0.0.1. */
class HtmlReportIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    @Test
    void thePageOfARealRunHoldsExactlyTheFiguresOfItsJsonResult() throws Exception {
        Path json = dir.resolve("result.json");
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of(
                "-t",
                "2",
                "-c",
                "4",
                "-d",
                "1500ms",
                "-R",
                "300",
                "--hlog-interval",
                "250ms",
                "--json",
                json.toString(),
                "--html",
                html.toString(),
                target.server().uri() + "?status=503&delay=1ms");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = HtmlPage.json(json);
        JsonNode page = HtmlPage.data(html);
        long requests = result.get("requests").asLong();
        assertThat(requests).isPositive().isEqualTo(target.server().counts().responsesWritten());
        assertThat(page.get("requests").asLong()).isEqualTo(requests);
        assertThat(page.get("errors")).isEqualTo(result.get("errors"));
        assertThat(page.at("/errors/status").asLong()).isEqualTo(requests);
        assertThat(page.get("status_codes")).isEqualTo(result.get("status_codes"));
        assertThat(page.at("/status_codes/503").asLong()).isEqualTo(requests);
        assertThat(page.get("bytes")).isEqualTo(result.get("bytes"));
        assertThat(page.get("pacing")).isEqualTo(result.get("pacing"));
        assertThat(page.get("elapsed_us")).isEqualTo(result.get("elapsed_us"));
        assertThat(page.get("start_time")).isEqualTo(result.get("start_time"));
        for (String kind : List.of("corrected", "uncorrected")) {
            JsonNode fromPage = page.at("/latency/" + kind);
            JsonNode fromResult = result.at("/latency/" + kind);
            for (String field :
                    List.of("count", "min_us", "mean_us", "max_us", "p50_us", "p90_us", "p99_us", "p99_9_us")) {
                assertThat(fromPage.get(field)).as("%s %s", kind, field).isEqualTo(fromResult.get(field));
            }
            JsonNode counts = fromPage.at("/spectrum/total_count");
            assertThat(counts.get(counts.size() - 1).asLong()).isEqualTo(requests);
        }
        JsonNode intervals = result.get("intervals");
        assertThat(intervals.size()).isGreaterThanOrEqualTo(6);
        for (int i = 0; i < intervals.size(); i++) {
            assertThat(page.at("/interval_series/requests").get(i).asLong())
                    .isEqualTo(intervals.get(i).get("requests").asLong());
            assertThat(page.at("/interval_series/errors").get(i).asLong())
                    .isEqualTo(intervals.get(i).get("errors").asLong());
            assertThat(page.at("/interval_series/p99_us").get(i))
                    .isEqualTo(intervals.get(i).get("p99_us"));
        }
        assertThat(page.at("/interval_series/requests").size()).isEqualTo(intervals.size());
        assertThat(page.get("stop_reason")).isEqualTo(result.get("stop_reason"));
        assertThat(page.get("thread_requests_per_second")).isEqualTo(result.get("thread_requests_per_second"));
        assertThat(Files.readString(html)).contains("<tr><th>503</th><td>" + requests + "</td></tr>");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(json, html);
        }
    }

    @Test
    void reportRendersASavedResultAsThePageTheRunWrote() throws Exception {
        Path json = dir.resolve("result.json");
        Path fromRun = dir.resolve("run.html");
        Path fromReport = dir.resolve("report.html");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-d",
                "1s",
                "-R",
                "200",
                "--json",
                json.toString(),
                "--html",
                fromRun.toString(),
                target.server().uri().toString());
        CliRun report = CliRun.of("report", json.toString(), "--html", fromReport.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).isEmpty();
        assertThat(report.err()).isEmpty();
        // A saved result keeps every figure but not the shape of the schedule, from which the page plans.
        ObjectNode expected = (ObjectNode) HtmlPage.data(fromRun);
        ObjectNode actual = (ObjectNode) HtmlPage.data(fromReport);
        ((ObjectNode) expected.get("interval_series")).remove("planned_requests");
        ((ObjectNode) actual.get("interval_series")).remove("planned_requests");
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get("requests").asLong()).isPositive();
    }

    @Test
    void anUnwritableHtmlPathIsBadInputBeforeAnyLoad() {
        CliRun run = CliRun.of(
                "-n",
                "10",
                "--html",
                "/nonexistent/dir/r.html",
                target.server().uri().toString());
        CliRun directory = CliRun.of(
                "-n", "10", "--html", dir.toString(), target.server().uri().toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.err())
                .isEqualTo("loadgen: cannot write --html file '/nonexistent/dir/r.html': no such directory\n");
        assertThat(run.out()).isEmpty();
        assertThat(directory.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(directory.err()).endsWith("': it is a directory\n");
        assertThat(target.server().counts().responsesWritten()).isZero();
    }

    @Test
    void reportHtmlNeedsAJsonResult() throws Exception {
        Path hlog = dir.resolve("run.hlog");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "1",
                "-n",
                "20",
                "--hlog",
                hlog.toString(),
                target.server().uri().toString());
        Path html = dir.resolve("r.html");

        CliRun fromLog = CliRun.of("report", hlog.toString(), "--html", html.toString());
        CliRun missing = CliRun.of("report", dir.resolve("missing.json").toString(), "--html", html.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fromLog.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(fromLog.err()).isEqualTo("loadgen: --html needs a --json result; '" + hlog + "' is not one\n");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(missing.err()).contains("no such file").hasLineCount(1);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(hlog);
        }
    }
}
