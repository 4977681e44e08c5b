package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file the run writes, opened before the run starts so that an unwritable path is bad input, reported before any
 * load.
 *
 * <p>A regular file (or a name that does not exist yet) is written to a temporary file beside it and moved into
 * place only once complete, so that a failed or killed run never leaves a half-written file under the final name.
 * A symbolic link is followed first: the file it points to is replaced, and the link stays a link. Anything else (a
 * character device such as {@code /dev/null}, a FIFO, a socket, or a descriptor such as {@code /dev/stdout} or
 * {@code /proc/self/fd/N}) is written straight, since renaming a file over it would replace the device or the
 * descriptor's file instead of writing to it; there a write error such as ENOSPC is the run's failure to write.
 *
 * <p>Threading: opened on the main thread; the stream may be written by one other thread at a time (the reporter);
 * {@link #commit} and {@link #close} on the main thread after the run.
 */
final class OutputFile implements AutoCloseable {
    /** As Linux's limit on symbolic links followed in one lookup (MAXSYMLINKS). */
    private static final int MAX_LINKS = 40;

    private final Path target;
    /** The temporary file renamed to {@link #target} on commit; null when the target is written straight. */
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
        String prefix = "cannot write " + option + " file '" + path + "': ";
        Path target;
        try {
            target = followLinks(path.toAbsolutePath());
        } catch (IOException e) {
            throw new InputException(prefix + reason(e));
        }
        if (target == null) {
            // A descriptor (/dev/stdout, /proc/self/fd/1): the kernel resolves it to the file, pipe or terminal.
            return straight(path, path, option, prefix);
        }
        BasicFileAttributes attributes = attributesOrNull(target);
        if (attributes != null && attributes.isDirectory()) {
            throw new InputException(prefix + "it is a directory");
        }
        if (attributes != null && !attributes.isRegularFile()) {
            return straight(path, target, option, prefix);
        }
        // Not Files.createTempFile: its files are private to the owner, and a result is usually shared.
        Path temporary = target.resolveSibling(
                "." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            OutputStream stream =
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new OutputFile(target, temporary, stream, option);
        } catch (NoSuchFileException e) {
            throw new InputException(prefix + "no such directory");
        } catch (IOException | SecurityException e) {
            throw new InputException(prefix + reason(e));
        }
    }

    /** Appends to {@code opened}, which exists and is no regular file: nothing is created, truncated or renamed. */
    private static OutputFile straight(Path path, Path opened, String option, String prefix) throws InputException {
        try {
            OutputStream stream = Files.newOutputStream(opened, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new OutputFile(path, null, stream, option);
        } catch (IOException | SecurityException e) {
            throw new InputException(prefix + reason(e));
        }
    }

    /**
     * The file {@code path} names once its symbolic links are followed, or null when the chain reaches a
     * descriptor directory ({@code /proc}, {@code /dev/fd}), whose links name no path a file could be renamed to.
     */
    private static Path followLinks(Path path) throws IOException {
        Path current = path;
        for (int followed = 0; ; followed++) {
            if (isDescriptor(current)) {
                return null;
            }
            if (!Files.isSymbolicLink(current)) {
                return current;
            }
            if (followed == MAX_LINKS) {
                throw new IOException("too many levels of symbolic links");
            }
            current = current.resolveSibling(Files.readSymbolicLink(current));
        }
    }

    private static boolean isDescriptor(Path path) {
        Path normal = path.normalize();
        return normal.startsWith("/proc") || normal.startsWith("/dev/fd");
    }

    private static BasicFileAttributes attributesOrNull(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    OutputStream stream() {
        return stream;
    }

    /**
     * Closes the stream and, for a regular file, moves the complete file to its final name, replacing what was
     * there. A write that failed (a full device, say) throws here if it did not before.
     */
    void commit() throws IOException {
        stream.close();
        committed = true;
        if (temporary == null) {
            return;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    /** What to say when {@link #commit} or a write failed. */
    String failure(IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "cannot write " + option + " file '" + target + "': " + reason;
    }

    /** Without a {@link #commit}, removes the temporary file: nothing is left behind. */
    @Override
    public void close() {
        if (!committed) {
            try {
                stream.close();
            } catch (IOException e) {
                // The file is deleted next (or is a device, where nothing is left to tidy).
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
