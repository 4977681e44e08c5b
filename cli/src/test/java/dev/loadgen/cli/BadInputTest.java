package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input ends in one line on stderr and exit code 2, before any connection is made. */
class BadInputTest {

    static void assertOneLineError(CliRun run, int code, String fragment) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("loadgen: ")
                .contains(fragment)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--frobnicate http://127.0.0.1:1/      | Unknown option",
                "-t 1 -c 1                              | missing URL",
                "http//127.0.0.1/                       | invalid URL",
                "http://bad^host/                       | invalid URL",
                "ftp://127.0.0.1/                       | unsupported URL scheme 'ftp'",
                "-t 4 -c 2 http://127.0.0.1:1/          | must be >= threads",
                "-d 0 http://127.0.0.1:1/               | duration",
                "-d -1 http://127.0.0.1:1/              | -1",
                "-d soon http://127.0.0.1:1/            | invalid duration 'soon'",
                "-n 0 http://127.0.0.1:1/               | requests",
                "-c lots http://127.0.0.1:1/            | invalid count 'lots'",
                "-t x http://127.0.0.1:1/               | --threads",
                "-t 0 http://127.0.0.1:1/               | threads (-t) must be between 1 and 1024",
                "-R 2G http://127.0.0.1:1/              | rate (-R) must be from 1 to 1G requests per second",
                "--stages 1s:5G http://127.0.0.1:1/     | stage '1s:5G' asks for more than 1G requests per second",
                "-t 100000 -c 100000 http://127.0.0.1:1/ | threads (-t) must be between 1 and 1024",
                "-t 2 -c 1 http://127.0.0.1:1/          | number of connections (1) must be >= threads (2)",
                "-t 3 --connections 2 -c 9 --call a.B/C grpc://127.0.0.1:1 | number of connections (2) must be >= threads (3)",
                "-H NoColon http://127.0.0.1:1/         | must look like 'Name: value'",
                "--timeout 0 http://127.0.0.1:1/        | timeout",
                "-s script.lua http://127.0.0.1:1/      | Lua scripts (-s) are not supported",
                "-X 'BAD METHOD' http://127.0.0.1:1/    | invalid HTTP method",
                "http://127.0.0.1:70000/                | port",
            })
    void rejectsWithExitCode2(String args, String fragment) {
        CliRun run = CliRun.of(Arguments.split(args));
        assertOneLineError(run, ExitCode.INVALID_INPUT, fragment);
    }

    @Test
    void aBodyFileBeyondTheFileLimitIsInvalidInput(@TempDir Path dir) throws IOException {
        Path big = Files.write(dir.resolve("big.bin"), new byte[2048]);

        assertOneLineError(
                CliRun.of("--max-file-size", "1KiB", "--body-file", big.toString(), "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "cannot read body file '" + big + "': larger than 1 KiB; --max-file-size raises the limit");
        assertOneLineError(
                CliRun.of("--body-file", "/dev/zero", "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "cannot read body file '/dev/zero': larger than 64 MiB; --max-file-size raises the limit");
        assertOneLineError(
                CliRun.of("--max-file-size", "lots", "http://127.0.0.1:1/"),
                ExitCode.INVALID_INPUT,
                "invalid value for option '--max-file-size': invalid size 'lots'");
    }

    @Test
    void grpcFilesBeyondTheFileLimitAreInvalidInput() {
        for (String[] option : new String[][] {{"-D", "@/dev/zero"}, {"--binary-file", "/dev/zero"}}) {
            assertOneLineError(
                    CliRun.of("--max-file-size", "4KiB", option[0], option[1], "--call", "a.B/C", "grpc://127.0.0.1:1"),
                    ExitCode.INVALID_INPUT,
                    "file '/dev/zero': larger than 4 KiB; --max-file-size raises the limit");
        }
    }

    @Test
    void aHeaderWithoutAColonIsNotEchoedForItMayBeASecret() {
        CliRun run = CliRun.of("-H", "Authorization Bearer s3cr3t-t0ken", "http://127.0.0.1:1/");

        assertOneLineError(run, ExitCode.INVALID_INPUT, "must look like 'Name: value'");
        assertThat(run.err())
                .contains("'Authorization ...'")
                .doesNotContain("s3cr3t")
                .doesNotContain("Bearer");
        CliRun token = CliRun.of("-H", "s3cr3t-t0ken", "http://127.0.0.1:1/");
        assertOneLineError(token, ExitCode.INVALID_INPUT, "must look like 'Name: value'");
        assertThat(token.err()).doesNotContain("s3cr3t");
    }

    @Test
    void aUrlThatDoesNotParseIsQuotedWithItsSecretsMasked() {
        CliRun run = CliRun.of("http://user:hunter2@bad^host/?token=t0ps3cret&x=1");

        assertOneLineError(run, ExitCode.INVALID_INPUT, "invalid URL 'http://user:****@bad^host/?token=****&x=1'");
        assertThat(run.err()).doesNotContain("hunter2").doesNotContain("t0ps3cret");
    }

    @Test
    void unreadableBodyFileIsInvalidInput(@TempDir Path dir) {
        CliRun run = CliRun.of("--body-file", dir.resolve("missing.json").toString(), "http://127.0.0.1:1/");
        assertOneLineError(run, ExitCode.INVALID_INPUT, "cannot read body file");
    }

    @Test
    void bodyAndBodyFileTogetherAreInvalid(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("b.txt"), "x");
        CliRun run = CliRun.of("--body", "y", "--body-file", file.toString(), "http://127.0.0.1:1/");
        assertOneLineError(run, ExitCode.INVALID_INPUT, "cannot be used together");
    }

    @Test
    void serveRefusesBadThreadsAndPortsAsInput() {
        assertOneLineError(CliRun.of("serve", "-t", "0"), ExitCode.INVALID_INPUT, "threads (-t) must be at least 1");
        assertOneLineError(
                CliRun.of("serve", "--port", "70000"), ExitCode.INVALID_INPUT, "--port must be between 0 and 65535");
        assertOneLineError(CliRun.of("serve", "--nope"), ExitCode.INVALID_INPUT, "(see loadgen serve --help)");
    }

    @Test
    void demoRefusesAPathForATargetThatTakesNone() {
        assertOneLineError(
                CliRun.of("demo", "--grpc", "--path", "/x"),
                ExitCode.INVALID_INPUT,
                "--path does not apply to the built-in gRPC target");
    }

    @Test
    void demoRefusesAVariantOfAnotherProtocolsTarget() {
        assertOneLineError(CliRun.of("demo", "--grpc", "--h2c"), ExitCode.INVALID_INPUT, "--h2c is for the HTTP demo");
    }

    @Test
    void helpOfAnUnknownTopicIsInvalidInput() {
        assertOneLineError(CliRun.of("help", "nope"), ExitCode.INVALID_INPUT, "unknown help topic 'nope'");
    }

    @Test
    void versionAndHelpExitZero() {
        CliRun version = CliRun.of("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).matches("loadgen \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        CliRun shortVersion = CliRun.of("-v");
        assertThat(shortVersion.out()).isEqualTo(version.out());
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--connections", "--duration", "--latency", "--timeout", "Exit codes");
    }
}
