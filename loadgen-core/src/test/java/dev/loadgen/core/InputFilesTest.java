package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileUpToTheBoundIsReadWhole() throws Exception {
        Path file = Files.write(dir.resolve("body"), new byte[1024]);

        assertThat(InputFiles.readAllBytes(file, 1024)).hasSize(1024);
    }

    @Test
    void aRegularFileBeyondTheBoundIsRefusedByItsSize() throws Exception {
        Path file = Files.write(dir.resolve("body"), new byte[1025]);

        assertThatThrownBy(() -> InputFiles.readAllBytes(file, 1024))
                .isInstanceOf(InputFiles.TooLargeException.class)
                .hasMessage("larger than 1 KiB; --max-file-size raises the limit");
    }

    @Test
    void aDeviceThatNeverEndsIsReadOnlyUpToTheBound() {
        assertThatThrownBy(() -> InputFiles.readAllBytes(Path.of("/dev/zero"), 4096))
                .isInstanceOf(InputFiles.TooLargeException.class)
                .hasMessage("larger than 4 KiB; --max-file-size raises the limit");
    }

    @Test
    void aStreamIsBoundedTheSameWay() throws Exception {
        assertThat(InputFiles.readAllBytes(new ByteArrayInputStream(new byte[10]), 10))
                .hasSize(10);
        assertThatThrownBy(() -> InputFiles.readAllBytes(new ByteArrayInputStream(new byte[11]), 10))
                .isInstanceOf(InputFiles.TooLargeException.class)
                .hasMessage("larger than 10 bytes; --max-file-size raises the limit");
    }
}
