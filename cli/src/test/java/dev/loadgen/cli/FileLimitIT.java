package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged command under a low {@code ulimit -n}: refused before it connects, never hung. */
class FileLimitIT {
    private static final Path LAUNCHER =
            Path.of("..", "loadgen").toAbsolutePath().normalize();

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    @Test
    void moreConnectionsThanTheFileLimitAllowsAreRefusedWithOneLine() throws Exception {
        Process process = new ProcessBuilder(
                        "bash",
                        "-c",
                        "ulimit -n 256 && exec \"$0\" -c 1000 -d 2s \"$1\"",
                        LAUNCHER.toString(),
                        target.server().uri().toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(err).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(out).isEmpty();
        assertThat(err)
                .hasLineCount(1)
                .startsWith("loadgen: 1000 connections need about ")
                .contains("but this process may open 256 (ulimit -n)");
        assertThat(target.server().counts().requestsReceived()).isZero();
    }
}
