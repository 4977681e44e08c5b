package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.grpc.RecordingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC options of the wire, from the command line: compression (ghz's {@code -e} and {@code --compression})
 * reaches the server as gzip-compressed messages it decodes, the receive limit ends calls whose reply is larger,
 * and bad values are one line and exit code 2 before any call.
 */
class GrpcWireOptionsIT {
    private static final String CALL = "loadgen.target.Target/Unary";
    private RecordingServer server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA).start();
        url = server.uri().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void ghzsEnableCompressionFlagSendsGzip() {
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "25",
                "--call",
                CALL,
                "-e",
                "-D",
                "{\"name\":\"zipped\"}",
                url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("[OK]\t25 responses");
        assertThat(server.calls()).hasSize(25).allSatisfy(call -> {
            assertThat(call.names()).containsExactly("zipped");
            assertThat(call.header("grpc-encoding")).isEqualTo("gzip");
        });
    }

    @Test
    void identityCompressionSendsPlainMessages() {
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "1",
                "-c",
                "1",
                "-n",
                "5",
                "--call",
                CALL,
                "--compression",
                "identity",
                "-D",
                "{\"name\":\"plain\"}",
                url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.calls())
                .hasSize(5)
                .allSatisfy(call -> assertThat(call.header("grpc-encoding")).isNull());
    }

    @Test
    void badWireOptionsAreOneLineAndExitTwo() {
        assertBad("unknown --compression 'zstd' (use gzip or identity)", "--compression", "zstd");
        assertBad("contradicts --compression identity", "-e", "--compression", "identity");
        assertBad("invalid value for option '--max-recv-message-size': '4 GB'", "--max-recv-message-size", "4 GB");
        assertBad("invalid value for option '--max-recv-message-size': '0'", "--max-recv-message-size", "0");
        assertThat(server.calls()).isEmpty();
    }

    private void assertBad(String message, String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "-n";
        args[1] = "1";
        args[2] = "--call";
        args[3] = CALL;
        System.arraycopy(options, 0, args, 4, options.length);
        String[] withUrl = java.util.Arrays.copyOf(args, args.length + 1);
        withUrl[args.length] = url;
        CliRun run = CliRun.of(withUrl);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.err()).startsWith("loadgen: ").contains(message).doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }
}
