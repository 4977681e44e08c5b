package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file the run writes, created as a temporary file beside its final path before the run starts (so that an
 * unwritable path is bad input, reported before any load) and moved into place only once complete, so that a
 * failed or killed run never leaves a half-written file under the final name.
 *
 * <p>Threading: opened on the main thread; the stream may be written by one other thread at a time (the reporter);
 * {@link #commit} and {@link #close} on the main thread after the run.
 */
final class OutputFile implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final OutputStream stream;
    private final String option;
    private boolean committed;

    private OutputFile(Path target, Path temporary, OutputStream stream, String option) {
        this.target = target;
        this.temporary = temporary;
        this.stream = stream;
        this.option = option;
    }

    /** @throws InputException when {@code path} cannot be written: no such directory, no permission, a directory */
    static OutputFile open(Path path, String option) throws InputException {
        Path target = path.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new InputException("cannot write " + option + " file '" + path + "': it is a directory");
        }
        // Not Files.createTempFile: its files are private to the owner, and a result is usually shared.
        Path temporary = target.getParent()
                .resolve("." + target.getFileName() + "."
                        + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            OutputStream stream =
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new OutputFile(target, temporary, stream, option);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot write " + option + " file '" + path + "': no such directory");
        } catch (AccessDeniedException e) {
            throw new InputException("cannot write " + option + " file '" + path + "': permission denied");
        } catch (IOException | SecurityException e) {
            throw new InputException("cannot write " + option + " file '" + path + "': " + e.getMessage());
        }
    }

    OutputStream stream() {
        return stream;
    }

    /** Closes the stream and moves the complete file to its final name, replacing what was there. */
    void commit() throws IOException {
        stream.close();
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** What to say when {@link #commit} or a write failed. */
    String failure(IOException e) {
        return "cannot write " + option + " file '" + target + "': " + e.getMessage();
    }

    /** Without a {@link #commit}, removes the temporary file: nothing is left behind. */
    @Override
    public void close() {
        if (!committed) {
            try {
                stream.close();
            } catch (IOException e) {
                // The file is deleted next; a failed close changes nothing.
            }
            deleteQuietly(temporary);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file that cannot be deleted is left; there is nothing better to do.
            }
        }
    }
}
