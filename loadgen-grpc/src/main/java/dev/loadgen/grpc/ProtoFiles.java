package dev.loadgen.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.InvalidProtocolBufferException;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.SchemaException;
import com.squareup.wire.schema.SchemaLoader;
import com.squareup.wire.schema.internal.SchemaEncoder;
import dev.loadgen.core.InputException;
import dev.loadgen.core.InputFiles;
import dev.loadgen.core.TargetSpec;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads schemas from files: .proto sources (parsed in process with Square's Wire) and protosets. Any thread. */
public final class ProtoFiles {
    private ProtoFiles() {}

    /** A serialized {@code FileDescriptorSet}, as {@code protoc --descriptor_set_out --include_imports} writes. */
    public static ProtoSchema protoset(Path file) throws InputException {
        byte[] bytes;
        try {
            bytes = InputFiles.readAllBytes(file, TargetSpec.DEFAULT_MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read protoset '" + file + "': no such file");
        } catch (IOException e) {
            throw new InputException("cannot read protoset '" + file + "': " + e.getMessage());
        }
        try {
            return ProtoSchema.of(FileDescriptorSet.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new InputException("'" + file + "' is not a protoset (a serialized FileDescriptorSet)");
        }
    }

    /**
     * A .proto file and what it imports, looked up in {@code importPaths}, then the file's own directory; the
     * well-known types (google/protobuf/*.proto) resolve without a path.
     */
    public static ProtoSchema proto(Path file, List<Path> importPaths) throws InputException {
        if (!Files.isRegularFile(file)) {
            throw new InputException("cannot read proto '" + file + "': no such file");
        }
        for (Path dir : importPaths) {
            if (!Files.isDirectory(dir)) {
                throw new InputException("import path '" + dir + "' is not a directory");
            }
        }
        Path absolute = file.toAbsolutePath().normalize();
        Set<Path> roots = new LinkedHashSet<>();
        for (Path dir : importPaths) {
            roots.add(dir.toAbsolutePath().normalize());
        }
        roots.add(absolute.getParent());
        // The file's import path is relative to the first root that holds it; the file's own directory always does.
        Path sourceRoot =
                roots.stream().filter(absolute::startsWith).findFirst().orElseThrow();
        String relative = sourceRoot.relativize(absolute).toString().replace('\\', '/');
        Schema schema;
        try (BundledProtos bundled = BundledProtos.copyMissing(roots)) {
            List<Location> protoPath = new ArrayList<>();
            for (Path root : roots) {
                protoPath.add(Location.get(root.toString()));
            }
            if (bundled.directory() != null) {
                protoPath.add(Location.get(bundled.directory().toString()));
            }
            SchemaLoader loader = new SchemaLoader(FileSystems.getDefault());
            loader.setLoadExhaustively(true);
            loader.initRoots(List.of(Location.get(sourceRoot.toString(), relative)), protoPath);
            schema = loader.loadSchema();
        } catch (SchemaException e) {
            throw new InputException(oneLine(e.getMessage()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InputException(oneLine(e.getMessage()));
        } catch (Exception e) {
            // Wire is Kotlin: file errors arrive as undeclared IOExceptions.
            throw new InputException("cannot read proto '" + file + "': " + oneLine(e.getMessage()));
        }
        SchemaEncoder encoder = new SchemaEncoder(schema);
        List<FileDescriptorProto> protos = new ArrayList<>();
        for (ProtoFile protoFile : schema.getProtoFiles()) {
            String name = protoFile.getLocation().getPath();
            if (name.startsWith("google/protobuf/") || name.startsWith("wire/")) {
                continue;
            }
            try {
                protos.add(
                        FileDescriptorProto.parseFrom(encoder.encode(protoFile).toByteArray()));
            } catch (InvalidProtocolBufferException e) {
                throw new InputException("cannot convert '" + name + "' to a descriptor: " + e.getMessage());
            }
        }
        return ProtoSchema.of(protos);
    }

    /** Wire reports several problems over several lines; the first line with the first location is enough. */
    static String oneLine(String message) {
        if (message == null) {
            return "invalid proto";
        }
        String[] lines = message.strip().split("\\R", -1);
        StringBuilder out = new StringBuilder(lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("for ") || line.startsWith("in ") || line.startsWith("file ")) {
                out.append(' ').append(line);
                break;
            }
        }
        return out.toString();
    }
}
