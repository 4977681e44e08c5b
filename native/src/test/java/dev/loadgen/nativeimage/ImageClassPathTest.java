package dev.loadgen.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The native image is built from this module's runtime class path (target/image-classpath.txt, also what
 * native/check.sh checks). It must hold the command line exactly as the JVM build runs it: the CLI jar and the
 * jars its manifest puts on the class path, at the same versions. (A test-scoped declaration in this module, or
 * a version that Maven's nearest-wins picks differently one module further down, would make them differ.)
 */
class ImageClassPathTest {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.repo.root", ".."))
            .toAbsolutePath()
            .normalize();

    @Test
    void theImageClassPathIsTheJvmBuildsClassPath() throws IOException {
        Path written = Path.of("target/image-classpath.txt");
        assertThat(written).exists();
        List<Path> entries = Stream.of(Files.readString(written).trim().split(File.pathSeparator))
                .map(Path::of)
                .collect(Collectors.toList());
        assertThat(entries).allSatisfy(entry -> assertThat(entry).exists());
        Set<String> image = entries.stream()
                .map(p -> p.getFileName().toString())
                .filter(name -> !name.startsWith("loadgen-cli"))
                .collect(Collectors.toSet());

        Path cliJar = ROOT.resolve("cli/target/loadgen-cli.jar");
        assertThat(cliJar).as("the CLI jar (./mvnw package)").exists();
        Set<String> jvm;
        try (JarFile jar = new JarFile(cliJar.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            assertThat(classPath).as("Class-Path of %s", cliJar).isNotBlank();
            jvm = Stream.of(classPath.trim().split("\\s+"))
                    .map(entry -> entry.substring(entry.lastIndexOf('/') + 1))
                    .collect(Collectors.toSet());
        }

        assertThat(jvm).anyMatch(name -> name.startsWith("picocli-")).anyMatch(name -> name.startsWith("netty-"));
        assertThat(entries)
                .anySatisfy(entry -> assertThat(entry.getFileName().toString()).startsWith("loadgen-cli"));
        assertThat(image)
                .as("jars of the native image's class path (besides the CLI's own)")
                .isEqualTo(jvm);
    }
}
