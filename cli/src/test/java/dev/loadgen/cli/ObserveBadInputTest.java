package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad values of the observability options: one line and exit 2 before any load; a metrics port in use is exit 1,
 * before any request.
 */
class ObserveBadInputTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--metrics-addr abc                              | --metrics-addr 'abc': expected [HOST:]PORT",
                "--metrics-addr 70000                            | the port must be between 0 and 65535",
                "--metrics-addr no-such-host.invalid:9464        | unknown host 'no-such-host.invalid'",
                "--metrics-addr 0 --metrics-buckets 10ms,5ms     | --metrics-buckets: the bounds must increase",
                "--metrics-addr 0 --metrics-buckets fast         | --metrics-buckets: invalid duration 'fast'",
                "--metrics-buckets 1ms                           | --metrics-buckets needs --metrics-addr",
                "--metrics-linger 5s                             | --metrics-linger needs --metrics-addr",
                "--metrics-addr 0 --metrics-linger soon          | invalid duration 'soon'",
                "--trace-sample 1.5                              | --trace-sample must be between 0 and 1",
                "--trace-sample -0.1                             | --trace-sample must be between 0 and 1",
                "--trace-sample half                             | --trace-sample",
                "--trace-sample 0.1 --slowest -1                 | --slowest must be between 0 and 1000",
                "--slowest 5                                     | --slowest needs --trace-sample",
                "-H 'traceparent: x' --trace-sample 1            | -H traceparent and --trace-sample cannot be used together",
                "--otlp-endpoint http://127.0.0.1:4318           | --otlp-endpoint needs --trace-sample",
                "--trace-sample 1 --otlp-endpoint grpc://127.0.0.1:4317 | unsupported scheme 'grpc' (OTLP over HTTP",
                "--trace-sample 1 --otlp-endpoint localhost:4318  | unsupported scheme 'localhost'",
                "--capture profile.out                           | --capture 'profile.out': expected FILE=URL",
                "--capture =http://127.0.0.1:1/                  | expected FILE=URL",
                "--capture p.out=ftp://127.0.0.1/x               | the URL must be http:// or https://",
                "-n 5 --capture p.out=http://127.0.0.1:1/?s={seconds} | {seconds} needs a run with a duration (-d)",
                "--capture /no/such/dir/p.out=http://127.0.0.1:1/ | cannot write --capture file",
            })
    void rejectsWithExitCode2(String args, String fragment) {
        CliRun run = CliRun.of(Arguments.split(args + " http://127.0.0.1:1/"));
        assertOneLineError(run, ExitCode.INVALID_INPUT, fragment);
    }

    @Test
    void aMetricsPortInUseIsExit1BeforeAnyRequest() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of(
                    "-n", "1", "--metrics-addr", Integer.toString(taken.getLocalPort()), "http://127.0.0.1:1/");
            assertOneLineError(
                    run,
                    ExitCode.CANNOT_START,
                    "cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for --metrics-addr");
        }
    }
}
