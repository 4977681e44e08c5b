package dev.loadgen.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The resource names on the test class path (every jar and class directory), for matching globs and packages. */
final class ClassPath {
    private static Map<Path, Set<String>> byRoot;
    private static Set<String> entries;

    private ClassPath() {}

    /** Every file name on the class path, '/'-separated as in a jar ("META-INF/native/libx.so", "a/b/C.class"). */
    static synchronized Set<String> entries() {
        if (entries == null) {
            Set<String> all = new TreeSet<>();
            roots().values().forEach(all::addAll);
            entries = Collections.unmodifiableSet(all);
        }
        return entries;
    }

    /** The file names of every jar and class directory on the class path, by jar or directory. */
    static synchronized Map<Path, Set<String>> roots() {
        if (byRoot == null) {
            Map<Path, Set<String>> scanned = new LinkedHashMap<>();
            for (Path root : rootPaths()) {
                scanned.put(root, Collections.unmodifiableSet(scan(root)));
            }
            byRoot = Collections.unmodifiableMap(scanned);
        }
        return byRoot;
    }

    /** Whether a file on the class path matches a native-image resource glob ("*" within a name, "**" across '/'). */
    static boolean anyMatches(String glob) {
        Pattern pattern = globPattern(glob);
        return entries().stream().anyMatch(e -> pattern.matcher(e).matches());
    }

    /** Whether the class path holds at least one class of package {@code name} ("a.b"). */
    static boolean hasPackage(String name) {
        String prefix = name.replace('.', '/') + '/';
        return entries().stream()
                .anyMatch(e -> e.startsWith(prefix) && e.endsWith(".class") && e.indexOf('/', prefix.length()) < 0);
    }

    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static Set<String> scan(Path root) {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> names.add(root.relativize(f).toString().replace('\\', '/')));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (Files.isRegularFile(root)) {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /**
     * The jars and directories of the class path. Surefire may hand the JVM a manifest-only jar, so they are found
     * through the class loader: every jar has a manifest, every class directory answers for "".
     */
    private static List<Path> rootPaths() {
        Set<Path> roots = new LinkedHashSet<>();
        ClassLoader loader = ClassPath.class.getClassLoader();
        try {
            for (URL url : list(loader.getResources("META-INF/MANIFEST.MF"))) {
                String spec = url.toString();
                if (spec.startsWith("jar:file:")) {
                    roots.add(Path.of(new URL(spec.substring(4, spec.indexOf("!/"))).toURI()));
                }
            }
            for (URL url : list(loader.getResources(""))) {
                if ("file".equals(url.getProtocol())) {
                    roots.add(Path.of(url.toURI()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new ArrayList<>(roots);
    }

    private static List<URL> list(Enumeration<URL> urls) {
        return Collections.list(urls);
    }
}
