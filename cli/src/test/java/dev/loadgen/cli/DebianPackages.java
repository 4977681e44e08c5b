package dev.loadgen.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian package a test runs as a real component: used where installed, installed with apt-get where the tests
 * run as root (a fresh machine, CI), and otherwise the test fails, saying what to install, rather than skipping.
 */
final class DebianPackages {
    private DebianPackages() {}

    /** {@code binary}, installing {@code pkg} first when it is missing and this process may. */
    static Path require(Path binary, String pkg, Path logDir) throws IOException, InterruptedException {
        if (Files.isExecutable(binary)) {
            return binary;
        }
        if ("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            Path log = logDir.resolve("apt-get-" + pkg + ".out");
            for (List<String> command :
                    List.of(List.of("apt-get", "update"), List.of("apt-get", "install", "-y", pkg))) {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " failed: " + Files.readString(log));
                }
            }
        }
        if (!Files.isExecutable(binary)) {
            fail(binary + " is not installed and could not be installed here (it takes root and apt-get): "
                    + "apt-get install -y " + pkg);
        }
        return binary;
    }
}
