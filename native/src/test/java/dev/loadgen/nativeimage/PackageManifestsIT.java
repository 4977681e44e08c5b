package dev.loadgen.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * native/package-manifests.sh, as the release workflow runs it, on stand-in release files: the Homebrew formula
 * and the Scoop manifest download each platform's file with that file's SHA-256, and a missing file writes
 * neither.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "native/package-manifests.sh is a bash script, run on Linux")
class PackageManifestsIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.repo.root", ".."))
            .toAbsolutePath()
            .normalize();
    private static final String URL = "https://github.com/owner/loadgen/releases/download/v1.2.3";
    private static final List<String> FILES = List.of(
            "loadgen-macos-arm64",
            "loadgen-macos-amd64",
            "loadgen-linux-arm64",
            "loadgen-linux-amd64",
            "loadgen-windows-amd64.exe",
            "loadgen-shell-1.2.3.tar.gz");

    @TempDir
    Path dist;

    @Test
    void theFormulaAndTheManifestDownloadEachFileWithItsChecksum() throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String file : FILES) {
            byte[] content = ("stand-in for " + file).getBytes(StandardCharsets.UTF_8);
            Files.write(dist.resolve(file), content);
            sums.put(URL + "/" + file, sha256(content));
        }

        assertThat(run("1.2.3")).isZero();

        String formula = Files.readString(dist.resolve("loadgen.rb"));
        Matcher downloads =
                Pattern.compile("url \"([^\"]+)\"\\s+sha256 \"([0-9a-f]{64})\"").matcher(formula);
        Map<String, String> inFormula = new LinkedHashMap<>();
        while (downloads.find()) {
            inFormula.put(downloads.group(1), downloads.group(2));
        }
        Map<String, String> expected = new LinkedHashMap<>(sums);
        expected.remove(URL + "/loadgen-windows-amd64.exe");
        assertThat(inFormula).isEqualTo(expected);
        assertThat(formula).contains("version \"1.2.3\"", "class Loadgen < Formula");
        assertThat(section(formula, "on_macos")).contains("on_arm", "macos-arm64", "on_intel", "macos-amd64");
        assertThat(section(formula, "on_linux")).contains("on_arm", "linux-arm64", "on_intel", "linux-amd64");

        JsonNode manifest =
                new ObjectMapper().readTree(dist.resolve("loadgen.json").toFile());
        assertThat(manifest.path("version").asText()).isEqualTo("1.2.3");
        JsonNode windows = manifest.path("architecture").path("64bit");
        assertThat(windows.path("url").asText()).isEqualTo(URL + "/loadgen-windows-amd64.exe#/loadgen.exe");
        assertThat(windows.path("hash").asText()).isEqualTo(sums.get(URL + "/loadgen-windows-amd64.exe"));
        assertThat(manifest.path("bin").asText()).isEqualTo("loadgen.exe");
    }

    @Test
    void aMissingFileWritesNeither() throws Exception {
        for (String file : FILES.subList(1, FILES.size())) {
            Files.writeString(dist.resolve(file), file);
        }

        assertThat(run("1.2.3")).isEqualTo(1);
        assertThat(dist.resolve("loadgen.rb")).doesNotExist();
        assertThat(dist.resolve("loadgen.json")).doesNotExist();
    }

    @Test
    void aVersionThatCouldBreakTheFilesIsRefused() throws Exception {
        assertThat(run("1.2.3\"; system(\"x")).isEqualTo(2);
        assertThat(dist.resolve("loadgen.rb")).doesNotExist();
    }

    private int run(String version) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                ROOT.resolve("native/package-manifests.sh").toString(),
                version,
                "https://github.com/owner/loadgen",
                URL,
                dist.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dist.resolveSibling(dist.getFileName() + ".out").toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("package-manifests.sh ended")
                .isTrue();
        return process.exitValue();
    }

    /** The lines of a Ruby block from {@code name do} to its {@code end} at the same indentation. */
    private static String section(String ruby, String name) {
        Matcher start = Pattern.compile("(?m)^( *)" + name + " do$").matcher(ruby);
        assertThat(start.find()).as("%s block", name).isTrue();
        int end = ruby.indexOf("\n" + start.group(1) + "end\n", start.end());
        return ruby.substring(start.end(), end);
    }

    private static String sha256(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
