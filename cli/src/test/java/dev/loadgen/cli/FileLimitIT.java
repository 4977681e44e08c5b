package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command under a low {@code ulimit -n}: refused before it connects, never hung. */
class FileLimitIT {
    private static final Path LAUNCHER =
            Path.of("..", "loadgen").toAbsolutePath().normalize();

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    @Test
    @Timeout(120)
    void moreConnectionsThanTheFileLimitAllowsAreRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(
                        "bash",
                        "-c",
                        "ulimit -n 256 && exec \"$0\" -c 1000 -d 2s \"$1\"",
                        LAUNCHER.toString(),
                        target.server().uri().toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }

        assertThat(exited)
                .as("exited within 60 s (it hung when connections ran out of descriptors)")
                .isTrue();
        assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(out).isEmptyFile();
        assertThat(Files.readString(err))
                .hasLineCount(1)
                .startsWith("loadgen: 1000 connections need about ")
                .contains("but this process may open 256 (ulimit -n)");
        assertThat(target.server().counts().requestsReceived()).isZero();
    }
}
