package dev.loadgen.cli;

import static dev.loadgen.cli.ParsedOptions.listOption;
import static dev.loadgen.cli.ParsedOptions.option;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.Header;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;

/** {@code --config FILE}: YAML keys to options through picocli's model and converters, and merging with flags. */
class ConfigFileTest {
    @TempDir
    Path dir;

    /** Parses the command line with {@code --config} pointing at {@code yaml}, as a run would, without running. */
    private LoadCommand parse(String yaml, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve("loadtest.yaml"), yaml);
        List<String> all = new ArrayList<>(List.of("--config", file.toString()));
        all.addAll(List.of(args));
        LoadCommand command = new LoadCommand();
        CommandLine commandLine = LoadCommand.commandLine(command);
        ParseResult parsed = commandLine.parseArgs(all.toArray(String[]::new));
        ConfigFileExecution.withConfig(commandLine, parsed);
        return command;
    }

    private CliRun run(String yaml, String... args) throws IOException {
        Path file = Files.writeString(dir.resolve("loadtest.yaml"), yaml);
        List<String> all = new ArrayList<>(List.of("--config", file.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static long seconds(long count) {
        return TimeUnit.SECONDS.toNanos(count);
    }

    private static long millis(long count) {
        return TimeUnit.MILLISECONDS.toNanos(count);
    }

    @Test
    void everyKindOfHttpOptionGoesThroughItsConverter() throws Exception {
        LoadCommand command = parse("""
                url: http://127.0.0.1:8080/api
                threads: 4
                concurrency: 64
                duration: 30s
                requests: 10k
                rate: 2k
                backlog: 1M
                latency: true
                u_latency: true
                insecure: false
                timeout: 500ms
                header:
                  - 'Content-Type: application/json'
                  - "Accept: */*"
                method: post
                body-file: payloads/order.json
                hlog: out/run.hlog
                hlog-interval: 250ms
                json: '-'
                """);

        assertThat(command.url).isEqualTo("http://127.0.0.1:8080/api");
        assertThat(command.threads).isEqualTo(4);
        assertThat(command.concurrency).isEqualTo(64);
        assertThat(command.durationNanos).isEqualTo(seconds(30));
        assertThat(command.requests).isEqualTo(10_000);
        assertThat(command.rate).isEqualTo(2_000);
        assertThat(command.backlog).isEqualTo(1_000_000);
        assertThat(command.latency).isTrue();
        assertThat(command.uncorrectedLatency).isTrue();
        assertThat(command.insecure).isFalse();
        assertThat(command.timeoutNanos).isEqualTo(millis(500));
        assertThat(command.headers)
                .containsExactly(new Header("Content-Type", "application/json"), new Header("Accept", "*/*"));
        assertThat(command.method).isEqualTo("post");
        assertThat(command.bodyFile).isEqualTo(Path.of("payloads/order.json"));
        assertThat(command.hlog).isEqualTo(Path.of("out/run.hlog"));
        assertThat(command.intervalNanos).isEqualTo(millis(250));
        assertThat(command.json).isEqualTo("-");
    }

    @Test
    void aBareNumberForADurationIsSecondsAndNumbersKeepTheirWrittenForm() throws Exception {
        LoadCommand command = parse("duration: 30\nthreads: 010\nbody: 1.50\nurl: http://127.0.0.1:1/\n");

        assertThat(command.durationNanos).isEqualTo(seconds(30));
        assertThat(command.threads).isEqualTo(10);
        assertThat(command.body).isEqualTo("1.50");
    }

    @Test
    void grpcOptionsOfTheArgGroupAreKeysToo() throws Exception {
        LoadCommand command = parse("""
                url: grpc://127.0.0.1:50051
                call: loadgen.target.Target/Unary
                proto: protos/target.proto
                import-paths: [protos, vendor/protos]
                data: {name: x, size: 16}
                metadata:
                  delay: 5ms
                stream-interval: 10ms
                stream-call-count: 1k
                format: ghz
                connections: 2
                """);

        assertThat(command.url).isEqualTo("grpc://127.0.0.1:50051");
        assertThat(option(command, "--call")).isEqualTo("loadgen.target.Target/Unary");
        assertThat(option(command, "--proto")).isEqualTo(Path.of("protos/target.proto"));
        assertThat(listOption(command, "--import-paths")).containsExactly(Path.of("protos"), Path.of("vendor/protos"));
        assertThat(option(command, "--data")).isEqualTo("{\"name\":\"x\",\"size\":16}");
        assertThat(option(command, "--metadata")).isEqualTo("{\"delay\":\"5ms\"}");
        assertThat(option(command, "--stream-interval")).isEqualTo("10ms");
        assertThat(option(command, "--stream-call-count")).isEqualTo("1k");
        assertThat(option(command, "--format")).isEqualTo("ghz");
        assertThat(command.connectionsOption).isEqualTo(2);
    }

    @Test
    void aListGivenToAnOptionThatTakesJsonIsItsJsonText() throws Exception {
        LoadCommand command = parse(
                "url: grpc://127.0.0.1:1\ndata:\n  - {name: a}\n  - {name: b}\n" + "reflect-metadata: {token: abc}\n");

        assertThat(option(command, "--data")).isEqualTo("[{\"name\":\"a\"},{\"name\":\"b\"}]");
        assertThat(option(command, "--reflect-metadata")).isEqualTo("{\"token\":\"abc\"}");
    }

    @Test
    void aRepeatableOptionTakesOneValueAListOrItsPluralName() throws Exception {
        assertThat(parse("header: 'X-One: 1'\n").headers).containsExactly(new Header("X-One", "1"));
        assertThat(parse("headers: ['X-One: 1', 'X-Two: 2']\n").headers)
                .containsExactly(new Header("X-One", "1"), new Header("X-Two", "2"));
        assertThat(listOption(parse("import-paths: a,b\n"), "--import-paths"))
                .containsExactly(Path.of("a"), Path.of("b"));
    }

    @Test
    void unquotedNameValueTextThatYamlReadsAsAMappingIsTextAgain() throws Exception {
        assertThat(parse("header:\n  - Accept: text/plain\n  - 'X-Quoted: 1'\n  - X-Json: '{\"a\":1}'\n").headers)
                .containsExactly(
                        new Header("Accept", "text/plain"),
                        new Header("X-Quoted", "1"),
                        new Header("X-Json", "{\"a\":1}"));
        assertThat(parse("headers:\n  Accept: text/plain\n  X-Two: 2\n").headers)
                .containsExactly(new Header("Accept", "text/plain"), new Header("X-Two", "2"));
    }

    @Test
    void valuesStartingWithAtOrDashStayValues() throws Exception {
        LoadCommand command = parse("body: '@not-an-argument-file'\nmethod: '-1'\n");

        assertThat(command.body).isEqualTo("@not-an-argument-file");
        assertThat(command.method).isEqualTo("-1");
    }

    @Test
    void anEmptyStringIsAnEmptyValue() throws Exception {
        assertThat(parse("body: ''\n").body).isEmpty();
    }

    @Test
    void anEmptyFileSetsNothing() throws Exception {
        LoadCommand command = parse("", "-t", "3");

        assertThat(command.threads).isEqualTo(3);
        assertThat(command.url).isNull();
    }

    @Test
    void commandLineOverridesSingleValuedOptionsFlagsAndTheUrl() throws Exception {
        LoadCommand command = parse(
                """
                url: http://127.0.0.1:8080/from-file
                threads: 4
                duration: 30s
                requests: 500
                call: from.File/Method
                """, "-t", "1", "--duration=2s", "--call", "from.Command/Line", "http://127.0.0.1:9090/from-flags");

        assertThat(command.threads).isEqualTo(1);
        assertThat(command.durationNanos).isEqualTo(seconds(2));
        assertThat(command.requests)
                .as("not given on the command line: the file's")
                .isEqualTo(500);
        assertThat(option(command, "--call")).isEqualTo("from.Command/Line");
        assertThat(command.url).isEqualTo("http://127.0.0.1:9090/from-flags");
    }

    @Test
    void aFlagOnTheCommandLineSetsWhatTheFileLeftOff() throws Exception {
        assertThat(parse("latency: false\n", "--latency").latency).isTrue();
        assertThat(parse("latency: false\n").latency).isFalse();
        assertThat(parse("latency: true\n").latency).isTrue();
    }

    @Test
    void aFlagSetInTheFileIsTurnedOffWithAnExplicitFalse() throws Exception {
        assertThat(parse("latency: true\n", "--latency=false").latency).isFalse();
    }

    @Test
    void repeatableOptionsOnTheCommandLineAddToTheFilesList() throws Exception {
        LoadCommand command = parse("""
                header: ['Content-Type: application/json', 'X-From: file']
                import-paths: [protos]
                """, "-H", "Authorization: Bearer secret", "--import-paths", "more");

        assertThat(command.headers)
                .containsExactly(
                        new Header("Content-Type", "application/json"),
                        new Header("X-From", "file"),
                        new Header("Authorization", "Bearer secret"));
        assertThat(listOption(command, "--import-paths")).containsExactly(Path.of("protos"), Path.of("more"));
    }

    @Test
    void theCommandLinesOwnListsAreNotCountedTwice() throws Exception {
        LoadCommand command = parse("threads: 2\n", "-H", "A: 1", "--import-paths", "p", "http://127.0.0.1:1/");

        assertThat(command.headers).containsExactly(new Header("A", "1"));
        assertThat(listOption(command, "--import-paths")).containsExactly(Path.of("p"));
    }

    @Test
    void argumentFilesWorkAndCanNameTheConfigFile() throws Exception {
        Path config = Files.writeString(dir.resolve("loadtest.yaml"), "threads: 4\nrequests: 300\n");
        Path arguments = Files.writeString(
                dir.resolve("ci.args"),
                "--config " + config + "\n-t 3\n--latency\n-H 'Accept: text/plain'\nhttp://127.0.0.1:1/\n");
        LoadCommand command = new LoadCommand();
        CommandLine commandLine = LoadCommand.commandLine(command);
        ParseResult parsed = commandLine.parseArgs("@" + arguments);
        ConfigFileExecution.withConfig(commandLine, parsed);

        assertThat(command.threads).isEqualTo(3);
        assertThat(command.requests).isEqualTo(300);
        assertThat(command.latency).isTrue();
        assertThat(command.headers).containsExactly(new Header("Accept", "text/plain"));
        assertThat(command.url).isEqualTo("http://127.0.0.1:1/");
    }

    @Test
    void anArgumentFileAloneIsExpandedByTheRealCommandLine() throws IOException {
        Path arguments = Files.writeString(dir.resolve("bad.args"), "-t 4\n-c 2\nhttp://127.0.0.1:1/\n");

        CliRun run = CliRun.of("@" + arguments);

        BadInputTest.assertOneLineError(
                run, ExitCode.INVALID_INPUT, "number of connections (2) must be >= threads (4)");
    }

    @Test
    void helpNamesTheConfigFileAndArgumentFiles() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains(
                        "--config=FILE Read options from a YAML file. Every " + "long option is a key",
                        "[@<filename>...] One or more argument files containing options.");
    }

    /** Options of kinds the main command does not have yet, to show that keys follow picocli's model. */
    @Command(name = "later")
    static final class LaterCommand {
        @Option(names = ConfigFile.OPTION)
        Path config;

        @Option(names = "--assert")
        List<String> assertions = new ArrayList<>();

        @Option(names = "--max-regression", split = ",")
        Map<String, String> maxRegression;

        @Option(names = "--keep-alive", negatable = true, defaultValue = "true")
        boolean keepAlive;

        @Option(names = "-q")
        int quietness;

        @Parameters(paramLabel = "FILES")
        List<Path> files;
    }

    @Test
    void optionsAddedLaterAreKeysWithoutChangesToTheReader() throws Exception {
        Path file = Files.writeString(dir.resolve("later.yaml"), """
                assert: ['p99<25ms', 'errors<0.1%']
                max-regression: {p99: 10%, rps: 5%}
                keep-alive: false
                q: 3
                files: [a.json, b.json]
                """);
        LaterCommand command = new LaterCommand();
        CommandLine commandLine = new CommandLine(command);
        ParseResult parsed = commandLine.parseArgs(
                "--config", file.toString(), "--assert", "rps>=5000", "--max-regression", "rps=1%");
        ConfigFileExecution.withConfig(commandLine, parsed);

        assertThat(command.assertions).containsExactly("p99<25ms", "errors<0.1%", "rps>=5000");
        assertThat(command.maxRegression).containsExactly(Map.entry("p99", "10%"), Map.entry("rps", "1%"));
        assertThat(command.keepAlive).isFalse();
        assertThat(command.quietness).isEqualTo(3);
        assertThat(command.files).containsExactly(Path.of("a.json"), Path.of("b.json"));
    }

    @Test
    void aBadValueNamesTheKeyAndTheLine() throws IOException {
        CliRun run = run("url: http://127.0.0.1:1/\nthreads: lots\n");

        BadInputTest.assertOneLineError(run, ExitCode.INVALID_INPUT, "loadtest.yaml:2: 'threads': ");
        assertThat(run.err()).contains("'lots'");
    }

    @Test
    void aBadValueOfAConvertedOptionNamesTheKey() throws IOException {
        CliRun run = run("duration: soon\n");

        BadInputTest.assertOneLineError(run, ExitCode.INVALID_INPUT, "loadtest.yaml:1: 'duration': ");
        assertThat(run.err()).contains("invalid duration 'soon'");
    }

    @Test
    void aBadValueInAListNamesTheKey() throws IOException {
        CliRun run = run("headers:\n  - 'A: 1'\n  - NoColon\n");

        BadInputTest.assertOneLineError(run, ExitCode.INVALID_INPUT, "loadtest.yaml:1: 'headers': ");
        assertThat(run.err()).contains("a header must look like 'Name: value'").doesNotContain("NoColon");
    }

    @Test
    void aBadValueOnTheCommandLineIsStillTheCommandLines() throws IOException {
        CliRun run = run("header: ['A: 1']\n", "-H", "Broken");

        BadInputTest.assertOneLineError(run, ExitCode.INVALID_INPUT, "a header must look like 'Name: value'");
        assertThat(run.err()).doesNotContain("loadtest.yaml");
    }

    @Test
    void anUnknownKeySuggestsTheNearestOne() throws IOException {
        CliRun run = run("url: http://127.0.0.1:1/\nthread: 4\n");

        BadInputTest.assertOneLineError(
                run, ExitCode.INVALID_INPUT, "loadtest.yaml:2: unknown key 'thread' (did you mean 'threads'?)");
    }

    @Test
    void anUnknownKeyWithNothingCloseSaysWhatKeysAre() throws IOException {
        CliRun run = run("frobnicate: 1\n");

        BadInputTest.assertOneLineError(
                run,
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:1: unknown key 'frobnicate' "
                        + "(keys are the long options of loadgen --help, without the dashes, and url)");
    }

    @Test
    void keysAreNotShortOptionsOrDashed() throws IOException {
        BadInputTest.assertOneLineError(run("t: 4\n"), ExitCode.INVALID_INPUT, "unknown key 't'");
        BadInputTest.assertOneLineError(
                run("--threads: 4\n"), ExitCode.INVALID_INPUT, "unknown key '--threads' (did you mean 'threads'?)");
    }

    @Test
    void aFlagMustBeTrueOrFalse() throws IOException {
        BadInputTest.assertOneLineError(
                run("latency: maybe\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:1: 'latency' must be true or false, not 'maybe'");
        BadInputTest.assertOneLineError(
                run("insecure: [true]\n"), ExitCode.INVALID_INPUT, "'insecure' must be true or false, not a list");
    }

    @Test
    void wrongShapesNameTheKey() throws IOException {
        BadInputTest.assertOneLineError(
                run("threads:\n"), ExitCode.INVALID_INPUT, "loadtest.yaml:1: 'threads' has no value");
        BadInputTest.assertOneLineError(
                run("header: ['A: 1', ~]\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:1: 'header' list items must be single values, not nothing");
        BadInputTest.assertOneLineError(
                run("header: [[a, b]]\n"),
                ExitCode.INVALID_INPUT,
                "'header' list items must be single values, not a list");
        BadInputTest.assertOneLineError(
                run("header:\n  - Accept:\n"),
                ExitCode.INVALID_INPUT,
                "'header' entry 'Accept' must have a single value, not nothing");
        BadInputTest.assertOneLineError(
                run("url: [http://127.0.0.1:1/]\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:1: 'url' takes a single value, not a list");
        BadInputTest.assertOneLineError(
                run("threads: {count: 4}\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:1: 'threads' takes a single value, not a mapping");
        BadInputTest.assertOneLineError(
                run("url: '-t'\n"), ExitCode.INVALID_INPUT, "loadtest.yaml:1: 'url' cannot start with '-' or '@'");
    }

    @Test
    void theSameOptionTwiceIsAnError() throws IOException {
        BadInputTest.assertOneLineError(
                run("header: 'A: 1'\nthreads: 2\nheaders: ['B: 2']\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:3: 'headers' sets the same option as 'header' on line 1");
        BadInputTest.assertOneLineError(
                run("threads: 2\nthreads: 3\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:2: 'threads' sets the same option as 'threads' on line 1");
    }

    @Test
    void theFileMustBeAMapping() throws IOException {
        BadInputTest.assertOneLineError(
                run("- threads: 4\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:1: expected option names as keys, such as 'threads: 4', not a list");
        BadInputTest.assertOneLineError(
                run("threads: 4\n---\nthreads: 5\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:3: only one YAML document is read");
    }

    @Test
    void anchorsAndAliasesAreRefusedNotTakenAsTheirNames() throws IOException {
        BadInputTest.assertOneLineError(
                run("url: http://127.0.0.1:1/\nmethod: &m POST\nbody: *m\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:3: YAML anchors and aliases are not supported ('*m'); write the value out");
        BadInputTest.assertOneLineError(
                run("url: http://127.0.0.1:1/\nbody: *m\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:2: YAML anchors and aliases are not supported ('*m'); write the value out");
        BadInputTest.assertOneLineError(
                run("url: http://127.0.0.1:1/\nheader: &h\n  - 'A: 1'\nheaders2: *h\n"),
                ExitCode.INVALID_INPUT,
                "YAML anchors and aliases are not supported ('");
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileAndLine() throws IOException {
        CliRun run = run("threads: 4\nheader:\n  - 'A: 1'\n - 'B: 2'\n");

        BadInputTest.assertOneLineError(
                run,
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:4:2: invalid YAML: expected " + "<block end>, but found '<block sequence start>'");
    }

    @Test
    void snakeYamlsSeveralLinesBecomeOne() throws IOException {
        BadInputTest.assertOneLineError(
                run("rate: 1k\nthreads:\t4\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:2:8: invalid YAML: found character '\\t(TAB)' that cannot start any token.");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nowhere.yaml");

        BadInputTest.assertOneLineError(
                CliRun.of("--config", missing.toString(), "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "cannot read config file '" + missing + "': no such file");
        BadInputTest.assertOneLineError(
                CliRun.of("--config", dir.toString()),
                ExitCode.INVALID_INPUT,
                "cannot read config file '" + dir + "': it is a directory");
    }

    @Test
    void optionsThatAreNotSettingsAreRefused() throws IOException {
        BadInputTest.assertOneLineError(
                run("config: other.yaml\n"),
                ExitCode.INVALID_INPUT,
                "loadtest.yaml:1: a config file cannot name another one ('config')");
        BadInputTest.assertOneLineError(
                run("help: true\n"), ExitCode.INVALID_INPUT, "loadtest.yaml:1: 'help' cannot be set in a config file");
        BadInputTest.assertOneLineError(
                run("version: true\n"), ExitCode.INVALID_INPUT, "'version' cannot be set in a config file");
    }

    @Test
    void theConfigFileIsForLoadRunsOnly() throws IOException {
        BadInputTest.assertOneLineError(
                run("threads: 2\n", "report", "result.json"),
                ExitCode.INVALID_INPUT,
                "--config is for load runs; it cannot be used with 'report'");
    }

    @Test
    void theCommandsOwnChecksStillApplyToWhatTheFileSets() throws IOException {
        BadInputTest.assertOneLineError(
                run("threads: 4\nconcurrency: 2\nurl: http://127.0.0.1:1/\n"),
                ExitCode.INVALID_INPUT,
                "number of connections (2) must be >= threads (4)");
        BadInputTest.assertOneLineError(run("threads: 1\n"), ExitCode.INVALID_INPUT, "missing URL");
    }
}
