package dev.loadgen.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Files read whole (a request body, request data, a schema), read with a bound: a device that never ends
 * ({@code /dev/zero}), a FIFO or a file larger than the bound fails with one line instead of filling the heap.
 * Pure; any thread.
 */
public final class InputFiles {
    /** The largest bound there can be: one array, and one buffer the size of a request. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /** A file beyond the bound: its message is the reason, to follow "cannot read ... file 'PATH': ". */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long maxBytes) {
            super("larger than " + Quantities.formatBytes(maxBytes) + "; --max-file-size raises the limit");
        }
    }

    private InputFiles() {}

    /**
     * The bytes of {@code file}, of any kind (a regular file is refused by its size before it is read).
     *
     * @throws TooLargeException when it holds more than {@code maxBytes}
     */
    public static byte[] readAllBytes(Path file, long maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isRegularFile() && attributes.size() > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readAllBytes(in, maxBytes);
        }
    }

    /**
     * What is left of {@code in}, up to {@code maxBytes}.
     *
     * @throws TooLargeException when there is more
     */
    public static byte[] readAllBytes(InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, MAX_BYTES));
        if (bytes.length > maxBytes || (bytes.length == MAX_BYTES && in.read() >= 0)) {
            throw new TooLargeException(maxBytes);
        }
        return bytes;
    }
}
