package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.gate.BaselineComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad gate input ends in one line and exit code 2 before any load: the URLs point at a port nothing listens on,
 * so a run that started would exit 1 instead.
 */
class GateBadInputTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--assert 'p99 25ms' http://127.0.0.1:1/             | invalid assertion 'p99 25ms': no comparison",
                "--assert p99<25 http://127.0.0.1:1/                 | p99 is a latency and needs a unit",
                "--assert 'rps>=5ms' http://127.0.0.1:1/             | unit 'ms' does not fit rps",
                "--assert 'p99<1%' http://127.0.0.1:1/               | '%' does not fit p99",
                "--assert 'latency<1s' http://127.0.0.1:1/           | unknown metric 'latency' (known: p50",
                "--assert 'status:Unavailable<1' http://127.0.0.1:1/ | unknown status 'Unavailable'",
                "--assert 'status:Busy<1' grpc://127.0.0.1:1         | unknown status 'Busy'",
                "--abort-on-fail http://127.0.0.1:1/                 | --abort-on-fail needs at least one --assert",
                "--max-regression p99=10% http://127.0.0.1:1/        | --max-regression needs --baseline FILE",
                "compare --max-regression p99=5ms a.json b.json     | the limit must be a percentage",
            })
    void rejectsWithExitCode2(String args, String fragment) {
        assertOneLineError(CliRun.of(Arguments.split(args)), ExitCode.INVALID_INPUT, fragment);
    }

    @Test
    void missingBaselineFile() {
        Path missing = dir.resolve("missing.json");
        assertOneLineError(
                CliRun.of("--baseline", missing.toString(), "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "cannot read --baseline file '" + missing + "': no such file");
    }

    @Test
    void malformedBaselineFile() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schema\": \"something-else\"}");
        assertOneLineError(
                CliRun.of("--baseline", broken.toString(), "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "--baseline file '" + broken + "' is not a loadgen --json result");
    }

    @Test
    void unwritableJUnitPathLeavesNothingBehind() {
        Path nowhere = dir.resolve("no-such-dir").resolve("gate.xml");
        assertOneLineError(
                CliRun.of("--assert", "p99<1s", "--junit", nowhere.toString(), "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "cannot write --junit file");
        assertOneLineError(
                CliRun.of("--assert", "p99<1s", "--junit", dir.toString(), "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "it is a directory");
    }

    @Test
    void compareNamesTheMissingOrMalformedFile() throws Exception {
        Path missing = dir.resolve("missing.json");
        Path text = Files.writeString(dir.resolve("notes.json"), "not json at all");
        assertOneLineError(
                CliRun.of("compare", missing.toString(), text.toString()),
                ExitCode.INVALID_INPUT,
                "cannot read baseline '" + missing + "': no such file");
        CliRun malformed = CliRun.of("compare", text.toString(), text.toString());
        assertOneLineError(malformed, ExitCode.INVALID_INPUT, "baseline '" + text + "' is not a loadgen --json result");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("notes.json");
    }

    @Test
    void helpTextsStateTheDefaultLimitsAndExitCode3() {
        String help = CliRun.of("--help").out().replaceAll("\\s+", " ");
        String compareHelp = CliRun.of("compare", "--help").out().replaceAll("\\s+", " ");

        assertThat(help)
                .contains(
                        "--assert=EXPR",
                        "--abort-on-fail",
                        "--junit=FILE",
                        "--baseline=FILE",
                        "--max-regression=LIST",
                        "Default: " + BaselineComparison.DEFAULT_LIMITS + ".",
                        "3 an assertion or regression limit failed");
        assertThat(compareHelp).contains("Default: " + BaselineComparison.DEFAULT_LIMITS + ".", "3 a limit exceeded");
    }
}
