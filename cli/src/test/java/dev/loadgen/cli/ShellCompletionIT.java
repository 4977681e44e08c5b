package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated files as the shells and {@code man} use them: bash completes subcommands and options through the
 * completion script, and the man page renders without a troff warning.
 */
class ShellCompletionIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void write() throws IOException {
        ShellFiles.write(dir);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "needs bash, which Windows does not have on its own")
    void bashCompletesSubcommandsAndOptions() throws Exception {
        assertThat(complete("loadgen", "se")).contains("serve");
        assertThat(complete("loadgen", "--conn")).containsExactly("--connections");
        assertThat(complete("loadgen", "serve", "--gr")).contains("--grpc-port");
        assertThat(complete("loadgen", "--lat")).containsExactly("--latency");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "renders with groff, from Debian's groff-base")
    void theManPagesRenderWithoutWarnings() throws Exception {
        for (String page : List.of("loadgen.1", "loadgen-serve.1", "loadgen-demo.1", "loadgen-compare.1")) {
            Output rendered = run(List.of(
                    "groff",
                    "-man",
                    "-Tascii",
                    "-ww",
                    dir.resolve("man/man1").resolve(page).toString()));
            assertThat(rendered.exitCode()).as(rendered.err()).isZero();
            assertThat(rendered.err()).as(page).isEmpty();
            assertThat(plain(rendered.out())).contains("NAME", "SYNOPSIS", "OPTIONS");
        }
        String main = plain(run(List.of(
                        "groff",
                        "-man",
                        "-Tascii",
                        dir.resolve("man/man1/loadgen.1").toString()))
                .out());
        assertThat(main).contains("-c, --concurrency=N", "--connections=N", "Load options", "loadgen-serve(1)");
    }

    /** grotty's text without its marks for bold and underlined letters, which overstrike: "X\bX", "_\bX". */
    private static String plain(String rendered) {
        return rendered.replaceAll(".\b", "");
    }

    /** The words bash offers after {@code words}, the last of which is being completed. */
    private static List<String> complete(String... words) throws Exception {
        String script = "source '" + dir.resolve("completions/loadgen.bash") + "'\n"
                + "COMP_WORDS=("
                + String.join(" ", Arrays.stream(words).map(w -> "'" + w + "'").toList()) + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + String.join(" ", words) + "'\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_loadgen loadgen '" + words[words.length - 1] + "' '" + words[words.length - 2] + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Output output = run(List.of("bash", "-c", script));
        assertThat(output.exitCode()).as(output.err()).isZero();
        return output.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private record Output(int exitCode, String out, String err) {}

    private static Output run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 60 s");
        }
        return new Output(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
