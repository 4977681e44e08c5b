package dev.loadgen.grpc;

import com.google.protobuf.Timestamp;
import com.squareup.wire.schema.CoreLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The well-known .proto files (google/protobuf/*.proto) and Wire's extensions.proto, copied from the jars that
 * carry them into a temporary directory that joins the proto path, so that every well-known type resolves without
 * an import path. Wire itself knows only some of them and reads those through a resource file system that opens
 * and indexes every jar on the class path, about a second of CPU on the start of every --proto run; read from a
 * directory, they cost a few milliseconds. A file already on the user's proto path is not copied, so that Wire
 * does not find two copies and call the import ambiguous. One instance per schema load, on one thread.
 */
final class BundledProtos implements AutoCloseable {
    /** The bundled files by path, each with a class whose jar has it (Wire's copy where it has one). */
    static final Map<String, Class<?>> PATHS = bundled();

    private static Map<String, Class<?>> bundled() {
        Map<String, Class<?>> paths = new LinkedHashMap<>();
        for (String name : List.of("any", "descriptor", "duration", "empty", "struct", "timestamp", "wrappers")) {
            paths.put("google/protobuf/" + name + ".proto", CoreLoader.class);
        }
        for (String name : List.of("api", "field_mask", "source_context", "type")) {
            paths.put("google/protobuf/" + name + ".proto", Timestamp.class);
        }
        paths.put("wire/extensions.proto", CoreLoader.class);
        return Collections.unmodifiableMap(paths);
    }

    private final Path directory;

    private BundledProtos(Path directory) {
        this.directory = directory;
    }

    /**
     * Copies the bundled files that none of {@code roots} holds; {@link #directory()} is null when every one is
     * already there or when the copy cannot be made (then Wire reads the ones it has, only more slowly).
     */
    static BundledProtos copyMissing(Collection<Path> roots) {
        List<String> missing = new ArrayList<>();
        for (String path : PATHS.keySet()) {
            if (roots.stream().noneMatch(root -> Files.isRegularFile(root.resolve(path)))) {
                missing.add(path);
            }
        }
        if (missing.isEmpty()) {
            return new BundledProtos(null);
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("loadgen-protos");
            for (String path : missing) {
                try (InputStream in = PATHS.get(path).getResourceAsStream("/" + path)) {
                    if (in == null) {
                        throw new IOException("no bundled " + path);
                    }
                    Path target = directory.resolve(path);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
            return new BundledProtos(directory);
        } catch (IOException | UncheckedIOException e) {
            delete(directory);
            return new BundledProtos(null);
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
