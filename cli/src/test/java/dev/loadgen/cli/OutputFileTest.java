package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("result.json", "plain");
        }
    }

    @Test
    void closedWithoutCommitLeavesNothing() throws Exception {
        OutputFile file = OutputFile.open(dir.resolve("result.json"), "--json");
        file.stream().write('x');
        file.close();

        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
    }
}
