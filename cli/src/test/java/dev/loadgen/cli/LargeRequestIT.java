package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A large request body is encoded once and shared by every connection, over HTTP/1.1 and HTTP/2 alike. */
class LargeRequestIT {
    private static final Path LAUNCHER =
            Path.of("..", "loadgen").toAbsolutePath().normalize();

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    @TempDir
    Path dir;

    @Test
    void aLargeBodyGoesOutWholeOnEveryConnection() throws Exception {
        Path body = Files.write(dir.resolve("body.bin"), new byte[2 << 20]);

        for (String[] protocol : new String[][] {{"--quiet"}, {"--h2c"}}) {
            long before = target.server().counts().responsesWritten();
            CliRun run = CliRun.of(
                    "-t",
                    "2",
                    "-c",
                    "8",
                    "-n",
                    "40",
                    "--body-file",
                    body.toString(),
                    protocol[0],
                    target.server().uri().toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("  40 requests in ");
            assertThat(target.server().counts().responsesWritten() - before).isEqualTo(40);
        }
    }

    @Test
    @Timeout(120)
    void aRequestBeyondTheDirectMemoryAllowedIsRefusedWithOneLine() throws Exception {
        Path body = Files.write(dir.resolve("body.bin"), new byte[4 << 20]);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(
                        LAUNCHER.toString(),
                        "-n",
                        "10",
                        "--body-file",
                        body.toString(),
                        target.server().uri().toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("LOADGEN_JAVA_OPTS", "-XX:MaxDirectMemorySize=2m");
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }

        assertThat(exited).isTrue();
        assertThat(process.exitValue()).as(Files.readString(err)).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(out).isEmptyFile();
        assertThat(Files.readString(err))
                .hasLineCount(1)
                .startsWith("loadgen: the request (")
                .contains("does not fit in the direct memory this JVM allows");
        assertThat(target.server().counts().requestsReceived()).isZero();
    }
}
