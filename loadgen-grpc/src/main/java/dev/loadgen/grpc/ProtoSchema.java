package dev.loadgen.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.util.JsonFormat;
import dev.loadgen.core.InputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Services and messages known to a run, as protobuf descriptors, whichever way they were obtained (.proto,
 * protoset or server reflection). Immutable; any thread.
 */
public final class ProtoSchema {
    /** Well-known types compiled into protobuf-java; a schema naming one of these files gets this copy. */
    private static final Map<String, FileDescriptor> WELL_KNOWN = new HashMap<>();

    static {
        for (FileDescriptor file : List.of(
                com.google.protobuf.AnyProto.getDescriptor(),
                com.google.protobuf.ApiProto.getDescriptor(),
                com.google.protobuf.DescriptorProtos.getDescriptor(),
                com.google.protobuf.DurationProto.getDescriptor(),
                com.google.protobuf.EmptyProto.getDescriptor(),
                com.google.protobuf.FieldMaskProto.getDescriptor(),
                com.google.protobuf.SourceContextProto.getDescriptor(),
                com.google.protobuf.StructProto.getDescriptor(),
                com.google.protobuf.TimestampProto.getDescriptor(),
                com.google.protobuf.TypeProto.getDescriptor(),
                com.google.protobuf.WrappersProto.getDescriptor())) {
            WELL_KNOWN.put(file.getName(), file);
        }
    }

    private final Map<String, FileDescriptor> files;

    private ProtoSchema(Map<String, FileDescriptor> files) {
        this.files = Map.copyOf(files);
    }

    /** Builds descriptors from file descriptor protos, in any order; dependencies must be among them or well known. */
    public static ProtoSchema of(Collection<FileDescriptorProto> protos) throws InputException {
        Map<String, FileDescriptorProto> byName = new LinkedHashMap<>();
        for (FileDescriptorProto proto : protos) {
            byName.putIfAbsent(proto.getName(), proto);
        }
        Map<String, FileDescriptor> built = new LinkedHashMap<>();
        for (String name : byName.keySet()) {
            build(name, byName, built, new ArrayList<>());
        }
        return new ProtoSchema(built);
    }

    public static ProtoSchema of(FileDescriptorSet set) throws InputException {
        return of(set.getFileList());
    }

    /** Wraps descriptors that exist already (a service implemented in this process). */
    public static ProtoSchema of(FileDescriptor... roots) {
        Map<String, FileDescriptor> files = new LinkedHashMap<>();
        for (FileDescriptor root : roots) {
            collect(root, files);
        }
        return new ProtoSchema(files);
    }

    private static void collect(FileDescriptor file, Map<String, FileDescriptor> into) {
        if (into.putIfAbsent(file.getName(), file) == null) {
            for (FileDescriptor dependency : file.getDependencies()) {
                collect(dependency, into);
            }
        }
    }

    private static FileDescriptor build(
            String name, Map<String, FileDescriptorProto> byName, Map<String, FileDescriptor> built, List<String> path)
            throws InputException {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = byName.get(name);
        if (proto == null) {
            FileDescriptor known = WELL_KNOWN.get(name);
            if (known != null) {
                built.put(name, known);
                return known;
            }
            throw new InputException("schema is incomplete: '" + (path.isEmpty() ? "?" : path.get(path.size() - 1))
                    + "' imports '" + name + "', which is not in it");
        }
        if (path.contains(name)) {
            throw new InputException("schema has an import cycle: " + String.join(" -> ", path) + " -> " + name);
        }
        path.add(name);
        List<FileDescriptor> dependencies = new ArrayList<>();
        for (String dependency : proto.getDependencyList()) {
            dependencies.add(build(dependency, byName, built, path));
        }
        path.remove(path.size() - 1);
        try {
            FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies.toArray(new FileDescriptor[0]));
            built.put(name, file);
            return file;
        } catch (DescriptorValidationException e) {
            throw new InputException("invalid schema in '" + name + "': " + e.getMessage());
        }
    }

    public Collection<FileDescriptor> files() {
        return files.values();
    }

    /** Every file, dependencies first, as a protoset. */
    public FileDescriptorSet toFileDescriptorSet() {
        Map<String, FileDescriptorProto> ordered = new LinkedHashMap<>();
        for (FileDescriptor file : files.values()) {
            addInOrder(file, ordered);
        }
        return FileDescriptorSet.newBuilder().addAllFile(ordered.values()).build();
    }

    private static void addInOrder(FileDescriptor file, Map<String, FileDescriptorProto> ordered) {
        if (ordered.containsKey(file.getName())) {
            return;
        }
        for (FileDescriptor dependency : file.getDependencies()) {
            addInOrder(dependency, ordered);
        }
        ordered.put(file.getName(), file.toProto());
    }

    /** Full names of every service, sorted. */
    public SortedSet<String> serviceNames() {
        TreeSet<String> names = new TreeSet<>();
        for (FileDescriptor file : files.values()) {
            for (ServiceDescriptor service : file.getServices()) {
                names.add(service.getFullName());
            }
        }
        return names;
    }

    /**
     * The method named by {@code call}: {@code package.Service/Method} or ghz's {@code package.Service.Method}.
     *
     * @throws InputException naming the services, or the service's methods, that exist
     */
    public MethodDescriptor method(String call) throws InputException {
        String[] parts = CallName.split(call);
        ServiceDescriptor service = null;
        for (FileDescriptor file : files.values()) {
            for (ServiceDescriptor candidate : file.getServices()) {
                if (candidate.getFullName().equals(parts[0])) {
                    service = candidate;
                }
            }
        }
        if (service == null) {
            SortedSet<String> names = serviceNames();
            throw new InputException("service '" + parts[0] + "' not found in the schema (it has: "
                    + (names.isEmpty() ? "no services" : String.join(", ", names)) + ")");
        }
        MethodDescriptor method = service.findMethodByName(parts[1]);
        if (method == null) {
            TreeSet<String> names = new TreeSet<>();
            for (MethodDescriptor candidate : service.getMethods()) {
                names.add(candidate.getName());
            }
            throw new InputException("method '" + parts[1] + "' not found in service " + service.getFullName()
                    + " (it has: " + String.join(", ", names) + ")");
        }
        return method;
    }

    /** Every message type, so that JSON can carry {@code google.protobuf.Any} of them. */
    public JsonFormat.TypeRegistry typeRegistry() {
        JsonFormat.TypeRegistry.Builder builder = JsonFormat.TypeRegistry.newBuilder();
        for (FileDescriptor file : files.values()) {
            builder.add(file.getMessageTypes());
        }
        return builder.build();
    }
}
