package dev.loadgen.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.report.HtmlReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's own native-image metadata (src/main/resources/META-INF/native-image/dev.loadgen/loadgen-native)
 * names only things that exist, in the shape native-image 25 reads, and the repository metadata copied next to
 * it overrides nothing.
 */
class NativeMetadataTest {
    private static final String DIR = "META-INF/native-image/dev.loadgen/loadgen-native/";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // The attributes native-image 25's reachability-metadata parser accepts (it rejects unknown ones).
    private static final Set<String> TOP_LEVEL =
            Set.of("comment", "reflection", "jni", "resources", "bundles", "serialization", "foreign");
    private static final Set<String> TYPE_ENTRY = Set.of(
            "condition",
            "type",
            "jniAccessible",
            "serializable",
            "allDeclaredConstructors",
            "allPublicConstructors",
            "allDeclaredMethods",
            "allPublicMethods",
            "allDeclaredFields",
            "allPublicFields",
            "unsafeAllocated",
            "methods",
            "fields");
    private static final Set<String> METHOD_ENTRY = Set.of("name", "parameterTypes");
    private static final Set<String> FIELD_ENTRY = Set.of("name", "allowWrite", "allowUnsafeAccess");
    private static final Set<String> RESOURCE_ENTRY = Set.of("condition", "glob", "module");
    private static final Set<String> CONDITION = Set.of("typeReached");

    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "boolean",
            boolean.class,
            "byte",
            byte.class,
            "char",
            char.class,
            "short",
            short.class,
            "int",
            int.class,
            "long",
            long.class,
            "float",
            float.class,
            "double",
            double.class);

    @Test
    void metadataIsWellFormedAndUsesOnlyKnownAttributes() throws IOException {
        JsonNode root = projectMetadata();

        assertThat(root.isObject()).isTrue();
        assertThat(names(root)).isSubsetOf(TOP_LEVEL);
        assertThat(root.path("reflection").isArray()).isTrue();
        assertThat(root.path("resources").isArray()).isTrue();
        for (JsonNode entry : root.path("reflection")) {
            assertThat(names(entry)).as("%s", entry).isSubsetOf(TYPE_ENTRY).contains("type");
            assertThat(entry.get("type").isTextual()).as("%s", entry).isTrue();
            for (JsonNode method : entry.path("methods")) {
                assertThat(names(method))
                        .as("%s", method)
                        .isSubsetOf(METHOD_ENTRY)
                        .contains("name", "parameterTypes");
            }
            for (JsonNode field : entry.path("fields")) {
                assertThat(names(field)).as("%s", field).isSubsetOf(FIELD_ENTRY).contains("name");
            }
            checkCondition(entry);
        }
        for (JsonNode entry : root.path("resources")) {
            assertThat(names(entry)).as("%s", entry).isSubsetOf(RESOURCE_ENTRY).contains("glob");
            checkCondition(entry);
        }
    }

    @Test
    @SuppressWarnings("ReturnValueIgnored") // each member is looked up only to see that it exists
    void everyTypeMethodAndFieldNamedExists() throws Exception {
        List<String> missing = new ArrayList<>();
        for (JsonNode entry : projectMetadata().path("reflection")) {
            String typeName = entry.get("type").asText();
            Class<?> type;
            try {
                type = load(typeName);
            } catch (ClassNotFoundException e) {
                missing.add("type " + typeName);
                continue;
            }
            for (JsonNode method : entry.path("methods")) {
                String name = method.get("name").asText();
                try {
                    Class<?>[] parameters = parameterTypes(method.get("parameterTypes"));
                    if (name.equals("<init>")) {
                        type.getDeclaredConstructor(parameters);
                    } else {
                        type.getDeclaredMethod(name, parameters);
                    }
                } catch (NoSuchMethodException | ClassNotFoundException e) {
                    missing.add("method " + typeName + "." + name + method.get("parameterTypes"));
                }
            }
            for (JsonNode field : entry.path("fields")) {
                try {
                    type.getDeclaredField(field.get("name").asText());
                } catch (NoSuchFieldException e) {
                    missing.add("field " + typeName + "." + field.get("name").asText());
                }
            }
        }
        assertThat(missing)
                .as("named in %sreachability-metadata.json but not on the class path", DIR)
                .isEmpty();
    }

    @Test
    void everyResourceGlobMatchesAFileOnTheClassPath() throws IOException {
        List<String> globs = new ArrayList<>();
        projectMetadata().path("resources").forEach(r -> globs.add(r.get("glob").asText()));

        assertThat(globs)
                .isNotEmpty()
                .allSatisfy(glob -> assertThat(ClassPath.anyMatches(glob))
                        .as("a file on the class path matches the resource glob %s", glob)
                        .isTrue());
    }

    @Test
    void everyResourceTheHtmlReportInlinesIsIncluded() throws IOException {
        // --html reads uPlot and the page's own script and styles from the class path when it writes the page.
        List<String> globs = new ArrayList<>();
        projectMetadata().path("resources").forEach(r -> globs.add(r.get("glob").asText()));
        assertThat(HtmlReport.RESOURCES).isNotEmpty();
        for (String resource : HtmlReport.RESOURCES) {
            assertThat(ClassPath.entries()).contains(resource);
            assertThat(globs)
                    .as("a resource glob for %s", resource)
                    .anySatisfy(glob -> assertThat(ClassPath.globPattern(glob)
                                    .matcher(resource)
                                    .matches())
                            .isTrue());
        }
    }

    @Test
    void theKqueueLibrariesOfBothMacArchitecturesAreIncluded() throws IOException {
        // Transport.best() tries kqueue on macOS: its library is loaded from these resources at run time.
        List<String> globs = new ArrayList<>();
        projectMetadata().path("resources").forEach(r -> globs.add(r.get("glob").asText()));
        for (String lib : List.of(
                "META-INF/native/libnetty_transport_native_kqueue_x86_64.jnilib",
                "META-INF/native/libnetty_transport_native_kqueue_aarch_64.jnilib")) {
            assertThat(ClassPath.entries()).contains(lib);
            assertThat(globs)
                    .anySatisfy(glob -> assertThat(
                                    ClassPath.globPattern(glob).matcher(lib).matches())
                            .isTrue());
        }
    }

    @Test
    void everyLoadgenNettyHandlerIsRegistered() throws Exception {
        // Netty decides per handler class which events it may skip (@Skip) by looking its public methods up
        // reflectively; unregistered, a handler still works natively but receives every event. Channel
        // initializers are left out: they leave the pipeline as soon as the channel is set up.
        Set<String> registered = new java.util.TreeSet<>();
        for (JsonNode entry : projectMetadata().path("reflection")) {
            if (entry.path("allPublicMethods").asBoolean()) {
                registered.add(entry.get("type").asText());
            }
        }
        Class<?> handler = load("io.netty.channel.ChannelHandler");
        Class<?> initializer = load("io.netty.channel.ChannelInitializer");
        List<String> handlers = new ArrayList<>();
        for (String entry : ClassPath.entries()) {
            if (entry.startsWith("dev/loadgen/") && entry.endsWith(".class")) {
                Class<?> type = load(entry.substring(0, entry.length() - 6).replace('/', '.'));
                if (handler.isAssignableFrom(type)
                        && !initializer.isAssignableFrom(type)
                        && !type.isInterface()
                        && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                    handlers.add(type.getName());
                }
            }
        }

        assertThat(handlers).as("Netty handlers in loadgen").isNotEmpty();
        assertThat(registered)
                .as("types with allPublicMethods in %sreachability-metadata.json", DIR)
                .containsAll(handlers);
    }

    @Test
    void builderOptionsAreTheReleaseOnesAndNameExistingClasses() throws IOException {
        List<String> args = builderArgs();

        assertThat(args).contains("--install-exit-handlers", "-march=compatibility");
        List<String> initialized = args.stream()
                .filter(a -> a.startsWith("--initialize-at-run-time=") || a.startsWith("--initialize-at-build-time="))
                .flatMap(a -> Arrays.stream(a.substring(a.indexOf('=') + 1).split(",")))
                .collect(Collectors.toList());
        assertThat(initialized).contains("io.netty.channel.kqueue");
        assertThat(initialized)
                .allSatisfy(name -> assertThat(isClass(name) || ClassPath.hasPackage(name))
                        .as("%s is a class or a package on the class path", name)
                        .isTrue());
    }

    @Test
    void repositoryMetadataIsCopiedAndOverridesNoMetadataOfALibrary() throws IOException {
        // add-reachability-metadata copied what the GraalVM metadata repository has for our dependencies into
        // target/classes, where native/check.sh sees it. An entry marked "override" makes the native build drop
        // the metadata that library's jar ships itself, which native-check cannot reproduce: where a jar ships
        // some, exclude the library from the repository in native/pom.xml (as all of Netty is).
        Path copied = Path.of("target/classes/META-INF/native-image");
        List<Path> dirs;
        try (Stream<Path> files = Files.walk(copied)) {
            dirs = files.filter(p -> p.getFileName().toString().equals("reachability-metadata.json"))
                    .map(Path::getParent)
                    .filter(d -> !d.startsWith(copied.resolve("dev.loadgen")))
                    .collect(Collectors.toList());
        }
        assertThat(dirs).as("repository metadata in %s", copied).isNotEmpty();
        for (Path dir : dirs) {
            Path relative = copied.relativize(dir); // groupId/artifactId/version
            assertThat(relative.getName(0).toString())
                    .as("%s: Netty is excluded from the repository", dir)
                    .isNotEqualTo("io.netty");
            try (Reader in = Files.newBufferedReader(dir.resolve("reachability-metadata.json"))) {
                assertThat(JSON.readTree(in).isObject()).as("%s", dir).isTrue();
            }
            Path properties = dir.resolve("reachability-metadata.properties");
            if (Files.exists(properties) && Files.readString(properties).contains("override=true")) {
                String jarName = relative.getName(1) + "-" + relative.getName(2);
                List<Map.Entry<Path, Set<String>>> jars = ClassPath.roots().entrySet().stream()
                        .filter(e -> e.getKey().getFileName().toString().startsWith(jarName)
                                && e.getKey().getFileName().toString().endsWith(".jar"))
                        .collect(Collectors.toList());
                assertThat(jars).as("the jar of %s on the class path", relative).isNotEmpty();
                for (Map.Entry<Path, Set<String>> jar : jars) {
                    assertThat(jar.getValue())
                            .as("%s overrides the metadata in %s", dir, jar.getKey())
                            .noneMatch(name -> name.startsWith("META-INF/native-image/"));
                }
            }
        }
    }

    private static List<String> builderArgs() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = resource(DIR + "native-image.properties")) {
            properties.load(in);
        }
        String args = properties.getProperty("Args");
        assertThat(args).as("Args in %snative-image.properties", DIR).isNotBlank();
        return List.of(args.trim().split("\\s+"));
    }

    private static JsonNode projectMetadata() throws IOException {
        try (InputStream in = resource(DIR + "reachability-metadata.json")) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static InputStream resource(String name) {
        InputStream in = NativeMetadataTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as("resource %s", name).isNotNull();
        return in;
    }

    private static void checkCondition(JsonNode entry) {
        JsonNode condition = entry.get("condition");
        if (condition != null) {
            assertThat(names(condition)).as("%s", entry).isEqualTo(CONDITION);
            assertThat(isClass(condition.get("typeReached").asText()))
                    .as("%s", entry)
                    .isTrue();
        }
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean isClass(String name) {
        try {
            load(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Class<?>[] parameterTypes(JsonNode list) throws ClassNotFoundException {
        Class<?>[] types = new Class<?>[list.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = load(list.get(i).asText());
        }
        return types;
    }

    /** A class by its metadata name: "a.b.C", "a.b.C$D", "int", "byte[]". Not initialized. */
    private static Class<?> load(String name) throws ClassNotFoundException {
        if (name.endsWith("[]")) {
            return Array.newInstance(load(name.substring(0, name.length() - 2)), 0)
                    .getClass();
        }
        Class<?> primitive = PRIMITIVES.get(name);
        if (primitive != null) {
            return primitive;
        }
        return Class.forName(name, false, NativeMetadataTest.class.getClassLoader());
    }
}
