package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distributed run's options refuse what cannot make one worker of a run, with exit code 2 and one line, before
 * any connection is made: gates on a share, an index outside the split, a share without a connection or a request,
 * a start time that is not one.
 */
class DistributedBadInputTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--workers 3 --assert p99<1s http://127.0.0.1:1/            | --assert on one worker of --workers 3",
                "--workers 2 --baseline b.json http://127.0.0.1:1/          | --baseline on one worker of --workers 2",
                "--workers 2 --junit gate.xml http://127.0.0.1:1/           | --junit on one worker",
                "--workers 3 --worker-index 3 http://127.0.0.1:1/           | --worker-index 3 is outside 0 to 2",
                "--workers 3 --worker-index -1 http://127.0.0.1:1/          | --worker-index -1 is outside 0 to 2",
                "--workers 0 http://127.0.0.1:1/                            | --workers must be between 1 and",
                "--workers 3 -n 2 http://127.0.0.1:1/                       | -n 2 leaves a worker of --workers 3",
                "--workers 4 -c 3 http://127.0.0.1:1/                       | needs at least one connection per worker",
                "--start-at tomorrow http://127.0.0.1:1/                    | neither an RFC 3339 time",
                "--start-at 2026-05-04T12:00:00 http://127.0.0.1:1/         | neither an RFC 3339 time",
                "--start-at 1 --start-tolerance=-1s http://127.0.0.1:1/     | --start-tolerance",
                "--workers 2 --run-id '' http://127.0.0.1:1/                | --run-id must not be empty",
            })
    void rejectsWithExitCode2(String args, String fragment) {
        assertOneLineError(CliRun.of(Arguments.split(args)), ExitCode.INVALID_INPUT, fragment);
    }

    @Test
    void aRunIdMayBeASubcommandsName() {
        LoadCommand command = new LoadCommand();
        LoadCommand.commandLine(command).parseArgs("--workers", "3", "--run-id", "demo", "http://127.0.0.1:1/");

        assertThat(command.distributedOptions.runId).isEqualTo("demo");
        assertThat(command.url).isEqualTo("http://127.0.0.1:1/");
    }

    @ParameterizedTest(name = "JOB_COMPLETION_INDEX={0}")
    @CsvSource(
            delimiter = '|',
            value = {"3 | JOB_COMPLETION_INDEX 3 is outside 0 to 2", "x | JOB_COMPLETION_INDEX is not a number: 'x'"})
    void aBadJobCompletionIndexIsRefused(String index, String fragment) {
        CliRun run =
                CliRun.withEnvironment(Map.of("JOB_COMPLETION_INDEX", index), "--workers", "3", "http://127.0.0.1:1/");
        assertOneLineError(run, ExitCode.INVALID_INPUT, fragment);
    }
}
