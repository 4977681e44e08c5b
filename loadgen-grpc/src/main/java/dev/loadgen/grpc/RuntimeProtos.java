package dev.loadgen.grpc;

import com.squareup.wire.schema.CoreLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The .proto files Wire bundles (descriptor.proto, the common well-known types, its own extensions), copied into
 * a temporary directory that joins the proto path. Wire reads its bundled copies through a resource file system
 * that opens and indexes every jar on the class path, about a second of CPU on the start of every --proto run;
 * read from a directory, the same files cost a few milliseconds. A file already on the user's proto path is not
 * copied, so the user's copy wins and Wire sees no ambiguity. One instance per schema load, on one thread.
 */
final class RuntimeProtos implements AutoCloseable {
    /** The paths for which Wire falls back to its bundled copy. */
    static final List<String> PATHS = List.of(
            "google/protobuf/any.proto",
            "google/protobuf/descriptor.proto",
            "google/protobuf/duration.proto",
            "google/protobuf/empty.proto",
            "google/protobuf/struct.proto",
            "google/protobuf/timestamp.proto",
            "google/protobuf/wrappers.proto",
            "wire/extensions.proto");

    private final Path directory;

    private RuntimeProtos(Path directory) {
        this.directory = directory;
    }

    /**
     * Copies the bundled files that none of {@code roots} holds; {@link #directory()} is null when every one is
     * already there or when the copy cannot be made (then Wire reads its own, only more slowly).
     */
    static RuntimeProtos copyMissing(Collection<Path> roots) {
        List<String> missing = new ArrayList<>();
        for (String path : PATHS) {
            if (roots.stream().noneMatch(root -> Files.isRegularFile(root.resolve(path)))) {
                missing.add(path);
            }
        }
        if (missing.isEmpty()) {
            return new RuntimeProtos(null);
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("loadgen-protos");
            for (String path : missing) {
                try (InputStream in = CoreLoader.class.getResourceAsStream("/" + path)) {
                    if (in == null) {
                        throw new IOException("no bundled " + path);
                    }
                    Path target = directory.resolve(path);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
            return new RuntimeProtos(directory);
        } catch (IOException | UncheckedIOException e) {
            delete(directory);
            return new RuntimeProtos(null);
        }
    }

    /** The directory to add to the proto path, or null. */
    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        delete(directory);
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is harmless; the schema is already loaded.
        }
    }
}
