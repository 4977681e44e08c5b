package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HTTP/2 options that do not make a run end in one line and exit code 2 before any connection, with nothing
 * written to stdout. A server that does not speak what the options ask for: {@link CannotStartIT}.
 */
class Http2BadInputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--h2c --streams 0 http://127.0.0.1:1/          | --streams must be between 1 and 1000",
                "--h2c --streams 1001 http://127.0.0.1:1/       | --streams must be between 1 and 1000",
                "--h2c -c 2000 --streams 1000 http://127.0.0.1:1/ | connections x streams (2000 x 1000) must be at most",
                "--http2 --h2c https://127.0.0.1:1/             | --http2 and --h2c cannot be used together",
                "--h2c https://127.0.0.1:1/                     | --h2c is HTTP/2 over cleartext, for http:// URLs",
                "--http2 http://127.0.0.1:1/                    | --http2 negotiates HTTP/2 through TLS, for https:// URLs",
                "--streams 4 http://127.0.0.1:1/                | --streams 4 needs HTTP/2",
                "--streams 4 https://127.0.0.1:1/               | --streams 4 needs HTTP/2",
                "--streams many --h2c http://127.0.0.1:1/       | --streams",
                "--h2c grpc://127.0.0.1:1/                      | --h2c and the other HTTP options need a http://",
            })
    void rejectsWithExitCode2(String args, String fragment) {
        CliRun run = CliRun.of(Arguments.split(args));
        assertOneLineError(run, ExitCode.INVALID_INPUT, fragment);
    }
}
