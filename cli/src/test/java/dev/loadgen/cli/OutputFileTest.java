package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
    @TempDir
    Path dir;

    @Test
    @DisabledOnOs(
            value = OS.WINDOWS,
            disabledReason = "compares POSIX file permissions, which Windows file systems lack")
    void committedFileHasTheContentAndTheModeOfAnyNewFileHere() throws Exception {
        OutputFile file = OutputFile.open(dir.resolve("result.json"), "--json");
        file.stream().write("{}".getBytes(StandardCharsets.UTF_8));
        file.commit();
        Path plain = Files.createFile(dir.resolve("plain"));

        assertThat(dir.resolve("result.json")).hasContent("{}");
        assertThat(Files.getPosixFilePermissions(dir.resolve("result.json")))
                .isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(names()).containsExactlyInAnyOrder("result.json", "plain");
    }

    @Test
    void closedWithoutCommitLeavesNothing() throws Exception {
        OutputFile file = OutputFile.open(dir.resolve("result.json"), "--json");
        file.stream().write('x');
        file.close();

        assertThat(names()).isEmpty();
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsReplaced() throws Exception {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));

        OutputFile file = OutputFile.open(link, "--json");
        file.stream().write("{}".getBytes(StandardCharsets.UTF_8));
        file.commit();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("real.json"));
        assertThat(real).hasContent("{}");
        assertThat(names()).containsExactlyInAnyOrder("real.json", "link.json");
    }

    @Test
    void aLinkToALinkInAnotherDirectoryToANameNotYetThereCreatesTheFileThere() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.createSymbolicLink(other.resolve("second"), Path.of("result.json"));
        Path link = Files.createSymbolicLink(dir.resolve("first"), Path.of("other", "second"));

        OutputFile file = OutputFile.open(link, "--html");
        file.stream().write("<html>".getBytes(StandardCharsets.UTF_8));
        file.commit();

        assertThat(other.resolve("result.json")).isRegularFile().hasContent("<html>");
        assertThat(Files.isSymbolicLink(other.resolve("second"))).isTrue();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aLoopOfLinksIsBadInput() throws Exception {
        Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));

        assertThatThrownBy(() -> OutputFile.open(dir.resolve("a"), "--json"))
                .hasMessage("cannot write --json file '" + dir.resolve("a") + "': too many levels of symbolic links");
    }

    @Test
    void aFifoIsWrittenStraightAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("results.fifo");
        run("mkfifo", fifo.toString());
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        OutputFile file = OutputFile.open(fifo, "--hlog");
        file.stream().write("#[log]\n".getBytes(StandardCharsets.UTF_8));
        file.commit();

        assertThat(new String(read.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo("#[log]\n");
        assertThat(kind(fifo)).isEqualTo("fifo");
        assertThat(names()).containsExactly("results.fifo");
    }

    @Test
    void aCharacterDeviceIsWrittenStraightAndStaysADevice() throws Exception {
        Path devNull = makeDevice("null", 3);
        Path link = Files.createSymbolicLink(dir.resolve("to-null.json"), devNull);

        for (Path path : new Path[] {devNull, link}) {
            OutputFile file = OutputFile.open(path, "--junit");
            file.stream().write("<testsuite/>".getBytes(StandardCharsets.UTF_8));
            file.commit();
        }

        assertThat(kind(devNull)).isEqualTo("character special file");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(names()).containsExactlyInAnyOrder("null", "to-null.json");
    }

    @Test
    void aFullDeviceFailsTheWriteWithItsReason() throws Exception {
        Path full = makeDevice("full", 7);
        OutputFile file = OutputFile.open(full, "--json");

        assertThatThrownBy(() -> {
                    file.stream().write(new byte[] {'{', '}'});
                    file.commit();
                })
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(file.failure((IOException) e))
                        .isEqualTo("cannot write --json file '" + full + "': No space left on device"));
        file.close();
        assertThat(kind(full)).isEqualTo("character special file");
    }

    /** A character device node of Linux's memory devices (major 1): 3 is null, 7 is full. Needs root. */
    private Path makeDevice(String name, int minor) throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "making a device node needs root (the CI container runs the suite as root)");
        Path device = dir.resolve(name);
        run("mknod", device.toString(), "c", "1", Integer.toString(minor));
        return device;
    }

    /** What stat(1) calls the file: "regular file", "fifo", "character special file", ... */
    private static String kind(Path path) throws Exception {
        BasicFileAttributes attributes =
                Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(attributes.isOther()).isTrue();
        Process stat = new ProcessBuilder("stat", "-c", "%F", path.toString()).start();
        String kind = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(stat.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return kind;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private java.util.List<String> names() throws IOException {
        try (var listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString()).toList();
        }
    }
}
