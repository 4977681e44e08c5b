package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.Header;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Options from {@code LOADGEN_} environment variables: every long option has one, the command line wins over the
 * environment, which wins over the config file, and {@code --show-config} says where each value came from.
 */
class EnvironmentConfigTest {
    @TempDir
    Path dir;

    /** Parses {@code args} in {@code environment} as a run would, without running. */
    private static LoadCommand parse(Map<String, String> environment, String... args) throws Exception {
        LoadCommand command = new LoadCommand();
        command.environment = environment;
        CommandLine commandLine = LoadCommand.commandLine(command);
        ParseResult parsed = commandLine.parseArgs(args);
        ConfigFileExecution.withConfig(commandLine, parsed);
        return command;
    }

    @Test
    void everyLongOptionHasAVariable() throws Exception {
        LoadCommand command = parse(Map.of(
                "LOADGEN_RATE", "5k",
                "LOADGEN_THREADS", "3",
                "LOADGEN_HLOG_INTERVAL", "5s",
                "LOADGEN_U_LATENCY", "true",
                "LOADGEN_WORKER_INDEX", "2",
                "LOADGEN_URL", "http://127.0.0.1:9/",
                "LOADGEN_JAVA_OPTS", "-Xmx1g",
                "LOADGEN_DEBUG", "1"));

        assertThat(command.rate).isEqualTo(5000L);
        assertThat(command.threads).isEqualTo(3);
        assertThat(command.intervalNanos).isEqualTo(5_000_000_000L);
        assertThat(command.uncorrectedLatency).isTrue();
        assertThat(command.distributedOptions.workerIndex).isEqualTo(2);
        assertThat(command.url).isEqualTo("http://127.0.0.1:9/");
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
        Path config = Files.writeString(
                dir.resolve("run.yaml"), "threads: 4\nduration: 30s\nrate: 100\nheader: ['X-From: file']\n");
        LoadCommand command = parse(
                Map.of("LOADGEN_THREADS", "3", "LOADGEN_DURATION", "20s", "LOADGEN_HEADER", "X-From: environment"),
                "--config",
                config.toString(),
                "-t",
                "2",
                "-H",
                "X-From: command line",
                "http://127.0.0.1:9/");

        assertThat(command.threads).isEqualTo(2);
        assertThat(command.durationNanos).isEqualTo(20_000_000_000L);
        assertThat(command.rate).isEqualTo(100L);
        assertThat(command.headers)
                .containsExactly(
                        new Header("X-From", "file"),
                        new Header("X-From", "environment"),
                        new Header("X-From", "command line"));
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws Exception {
        Path config = Files.writeString(dir.resolve("run.yaml"), "threads: 4\nurl: http://127.0.0.1:9/\n");

        LoadCommand command = parse(Map.of("LOADGEN_CONFIG", config.toString()));

        assertThat(command.threads).isEqualTo(4);
        assertThat(command.url).isEqualTo("http://127.0.0.1:9/");
    }

    @Test
    void showConfigSaysWhereEachValueCameFromAndHidesSecrets() throws Exception {
        Path config = Files.writeString(dir.resolve("run.yaml"), "duration: 30s\nrequests: 5\n");
        LoadCommand command = parse(
                Map.of("LOADGEN_RATE", "50", "LOADGEN_HEADER", "Authorization: Bearer s3cret"),
                "--config",
                config.toString(),
                "--show-config",
                "-n",
                "7",
                "http://user:pa55@127.0.0.1:9/");

        String shown = command.configSources.render();

        assertThat(shown)
                .contains("--duration=30s", "config file " + config + ":1")
                .contains("--rate=50", "environment LOADGEN_RATE")
                .contains("--header=Authorization: ****", "environment LOADGEN_HEADER")
                .contains("--requests=7", "url http://user:****@127.0.0.1:9/", "command line")
                .doesNotContain("s3cret", "pa55", "--requests=5");
        List<String> lines = new ArrayList<>(shown.lines().toList());
        assertThat(lines.get(0)).startsWith("Configuration (command line over environment over config file)");
    }

    @Test
    void aBadValueInAVariableNamesTheVariable() {
        CliRun run = CliRun.withEnvironment(Map.of("LOADGEN_RATE", "fast"), "http://127.0.0.1:1/");

        assertOneLineError(run, ExitCode.INVALID_INPUT, "environment variable LOADGEN_RATE: ");
    }

    @Test
    void showConfigPrintsOnStderrBeforeTheRun() {
        CliRun run = CliRun.withEnvironment(
                Map.of("LOADGEN_THREADS", "1"),
                "--show-config",
                "--json",
                dir.resolve("no/such/dir.json").toString(),
                "http://127.0.0.1:1/");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.err()).contains("--threads=1", "environment LOADGEN_THREADS", "cannot write --json file");
    }
}
