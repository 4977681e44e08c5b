package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.report.HtmlReport;
import dev.loadgen.core.report.JsonReport;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.io.Writer;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** Pass/fail gates end to end: real runs against the built-in targets on 127.0.0.1, and saved results compared. */
class GatesIT {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    private String url(String query) {
        return target.server().uri().resolve("/" + query).toString();
    }

    /** Validates {@code file} against the JUnit XML schema and returns its root element. */
    private static Element validJUnit(Path file) throws Exception {
        URL xsd = GatesIT.class.getResource("/junit/junit-report.xsd");
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(xsd)
                .newValidator()
                .validate(new StreamSource(file.toFile()));
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(file.toFile())
                .getDocumentElement();
    }

    @Test
    void passingRunExitsZeroAndReportsEveryAssertion() throws Exception {
        Path junit = dir.resolve("gate.xml");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "50",
                "--timeout",
                "10s",
                "--assert",
                "p50<5s",
                "--assert",
                "errors==0",
                "--assert",
                "status:200 == 50",
                "--assert",
                "rps>0",
                "--junit",
                junit.toString(),
                url(""));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .containsPattern("\nAssertions:\n  p50<5s +\\d+\\.\\d\\d(us|ms)  PASS\n"
                        + "  errors==0 +0  PASS\n  status:200 == 50 +50  PASS\n  rps>0 +\\d+\\.\\d\\d  PASS\n$");
        Element suite = validJUnit(junit);
        assertThat(suite.getAttribute("tests")).isEqualTo("4");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void failingRunExitsThreeWithTheMeasuredValuesInTheReportAndTheJUnitFile() throws Exception {
        Path junit = dir.resolve("gate.xml");
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "20",
                "--timeout",
                "10s",
                "--assert",
                "p50<10ms",
                "--assert",
                "status:503<1",
                "--assert",
                "non2xx<=20",
                "--junit",
                junit.toString(),
                "--html",
                html.toString(),
                url("?delay=50ms&status=503"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.ASSERTION_FAILED);
        assertThat(run.err()).isEqualTo("loadgen: 2 of 3 gates failed\n");
        Matcher p50 = Pattern.compile("\n  p50<10ms +(\\d+\\.\\d\\d)ms  FAIL \\(expected < 10\\.00ms\\)\n")
                .matcher(run.out());
        assertThat(p50.find()).as(run.out()).isTrue();
        assertThat(Double.parseDouble(p50.group(1))).isGreaterThanOrEqualTo(50);
        assertThat(run.out())
                .containsPattern("\n  status:503<1 +20  FAIL \\(expected < 1\\)\n")
                .containsPattern("\n  non2xx<=20 +20  PASS\n");

        Element suite = validJUnit(junit);
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        var failures = suite.getElementsByTagName("failure");
        assertThat(((Element) failures.item(0)).getAttribute("message"))
                .matches("measured " + p50.group(1) + "ms, expected < 10\\.00ms");
        assertThat(((Element) failures.item(1)).getAttribute("message")).isEqualTo("measured 20, expected < 1");

        Matcher data = Pattern.compile(
                        "<script type=\"application/json\" id=\"" + HtmlReport.DATA_ELEMENT_ID + "\">(.*?)</script>",
                        Pattern.DOTALL)
                .matcher(Files.readString(html));
        assertThat(data.find()).as("the HTML report's data").isTrue();
        JsonNode checks = new ObjectMapper().readTree(data.group(1)).get("checks");
        assertThat(checks).hasSize(3);
        assertThat(checks.get(0).get("expression").asText()).isEqualTo("p50<10ms");
        assertThat(checks.get(0).get("measured").asText()).isEqualTo(p50.group(1) + "ms");
        assertThat(checks.get(0).get("expected").asText()).isEqualTo("< 10.00ms");
        assertThat(checks.get(0).get("passed").asBoolean()).isFalse();
        assertThat(checks.get(2).get("passed").asBoolean()).isTrue();
    }

    @Test
    void abortOnFailStopsALongRunAtTheFirstError() throws Exception {
        Path json = dir.resolve("r.json");
        Path junit = dir.resolve("gate.xml");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "1",
                "-d",
                "60s",
                "--abort-on-fail",
                "--assert",
                "p99<10s",
                "--assert",
                "errors<1",
                "--json",
                json.toString(),
                "--junit",
                junit.toString(),
                url("?status=500"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.ASSERTION_FAILED);
        assertThat(run.out())
                .containsPattern("\nStopped early by --abort-on-fail: errors<1 could no longer pass "
                        + "\\(\\d+ when stopped\\)\n");
        assertThat(run.err()).isEqualTo("loadgen: 1 of 2 gates failed; the run was stopped early\n");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("interrupted").asBoolean()).isTrue();
        assertThat(result.get("elapsed_us").asDouble())
                .as("stopped well before -d 60s")
                .isLessThan(30e6);
        assertThat(result.at("/errors/status").asLong()).isPositive();
        assertThat(validJUnit(junit).getElementsByTagName("failure").item(0).getTextContent())
                .endsWith("(the run was stopped early)");
    }

    @Test
    void grpcStatusNamesInAssertions() {
        try (GrpcTargetServer grpc = new GrpcTargetServer("127.0.0.1", 0)) {
            grpc.start();
            CliRun run = CliRun.of(
                    "-c",
                    "2",
                    "-n",
                    "20",
                    "--call",
                    "loadgen.target.Target/Unary",
                    "-D",
                    "{\"name\":\"x\"}",
                    "-m",
                    "{\"status\":\"UNAVAILABLE\"}",
                    "--assert",
                    "status:Unavailable<1",
                    "--assert",
                    "status:OK==0",
                    "--assert",
                    "non2xx==20",
                    grpc.uri().toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.ASSERTION_FAILED);
            assertThat(run.out())
                    .containsPattern("\n  status:Unavailable<1 +20  FAIL \\(expected < 1\\)\n")
                    .containsPattern("\n  status:OK==0 +0  PASS\n")
                    .containsPattern("\n  non2xx==20 +20  PASS\n");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A saved result of 1000 responses over one second whose latencies are all {@code latencyMs}. */
    private Path saved(String name, long responses, long latencyMs, long errors) throws Exception {
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        latency.recordValueWithCount(latencyMs * MS, responses);
        TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:8080/"), "GET", List.of(), new byte[0], false);
        RunSpec spec = new RunSpec(target, 1, 1, SECOND, 0, 2 * SECOND, Schedule.closedLoop(), 1, 0);
        RunResult result = RunResult.builder(spec)
                .elapsedNanos(SECOND)
                .requests(responses)
                .errors(Map.of(ErrorKind.STATUS, errors))
                .statuses(Map.of(200, responses - errors))
                .latencyNanos(latency)
                .uncorrectedLatencyNanos(latency)
                .build();
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file)) {
            JsonReport.write(result, "test", out);
        }
        return file;
    }

    @Test
    void compareExitsThreeOnAKnownRegressionAndZeroWithinTheLimits() throws Exception {
        String baseline = saved("base.json", 1000, 100, 0).toString();
        String slower = saved("slower.json", 1000, 150, 0).toString();

        CliRun regressed = CliRun.of("compare", baseline, slower);
        assertThat(regressed.exitCode()).as(regressed.err()).isEqualTo(ExitCode.ASSERTION_FAILED);
        assertThat(regressed.out())
                .containsPattern(
                        "\n  p99 +100\\.\\d\\dms +150\\.\\d\\dms +\\+50\\.\\d\\d%  FAIL " + "\\(limit \\+20%\\)\n");
        assertThat(regressed.out())
                .containsPattern("\n  rps +1000\\.00 +1000\\.00 +\\+0\\.00%  PASS \\(limit -10%\\)\n");
        assertThat(regressed.err()).isEqualTo("loadgen: 1 of 2 regression limits exceeded\n");

        CliRun tolerated = CliRun.of("compare", "--max-regression", "p99=60%,rps=5%", baseline, slower);
        assertThat(tolerated.exitCode()).as(tolerated.err()).isZero();
        assertThat(tolerated.out()).contains("PASS (limit +60%)");

        CliRun same = CliRun.of("compare", baseline, baseline);
        assertThat(same.exitCode()).isZero();
        assertThat(same.err()).isEmpty();
    }

    @Test
    void baselineAtTheEndOfARun() throws Exception {
        // A baseline no real run can match: 1 ms latency at a million requests per second.
        String baseline = saved("fast.json", 1_000_000, 1, 0).toString();
        Path junit = dir.resolve("gate.xml");

        CliRun regressed = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "30",
                "--timeout",
                "10s",
                "--baseline",
                baseline,
                "--max-regression",
                "p50=10%,rps=50%",
                "--junit",
                junit.toString(),
                url("?delay=20ms"));

        assertThat(regressed.exitCode()).as(regressed.err()).isEqualTo(ExitCode.ASSERTION_FAILED);
        assertThat(regressed.out())
                .contains("\nBaseline " + baseline + ":\n")
                .containsPattern("\n  p50 .*  FAIL " + "\\(limit \\+10%\\)\n")
                .containsPattern("\n  rps .*  FAIL \\(limit -50%\\)\n");
        Element suite = validJUnit(junit);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");

        CliRun tolerated = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "30",
                "--timeout",
                "10s",
                "--baseline",
                baseline,
                "--max-regression",
                "mean=1000000%,rps=100%",
                url("?delay=20ms"));
        assertThat(tolerated.exitCode()).as(tolerated.err()).isZero();
    }
}
