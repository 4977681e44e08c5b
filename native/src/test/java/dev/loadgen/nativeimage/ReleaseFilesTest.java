package dev.loadgen.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The release and CI workflows and the container build can only run on GitHub and a container engine; here they
 * are checked for shape and for every repository file or Maven module/profile they rely on.
 */
class ReleaseFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.repo.root", ".."))
            .toAbsolutePath()
            .normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // A word of a shell command that names a path in the repository: ./x, or dir/... (resolved below).
    private static final Pattern PATH_WORD =
            Pattern.compile("(?<![\\w$./-])(\\./)?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.*-]+)+|\\./[A-Za-z0-9_.-]+");

    @Test
    void releaseWorkflowBuildsAndTestsAllFiveTargetsWithGraalVm25() throws IOException {
        JsonNode workflow = yaml(".github/workflows/release.yml");
        JsonNode job = workflow.path("jobs").path("native");
        JsonNode strategy = job.path("strategy");

        assertThat(workflow.path("on").path("push").path("tags").toString()).contains("v*");
        assertThat(strategy.path("fail-fast").isBoolean()).isTrue();
        assertThat(strategy.path("fail-fast").asBoolean()).isFalse();
        Map<String, String> runners = new LinkedHashMap<>();
        for (JsonNode target : strategy.path("matrix").path("include")) {
            runners.put(target.path("target").asText(), target.path("runner").asText());
            assertThat(target.path("graalvm").asText()).as("%s", target).startsWith("25");
        }
        assertThat(runners)
                .containsOnlyKeys("linux-amd64", "linux-arm64", "macos-arm64", "macos-amd64", "windows-amd64");
        assertThat(runners.get("linux-amd64")).startsWith("ubuntu-").doesNotEndWith("-arm");
        assertThat(runners.get("linux-arm64")).startsWith("ubuntu-").endsWith("-arm");
        assertThat(runners.get("macos-arm64")).matches("macos-(14|15|latest)");
        assertThat(runners.get("macos-amd64")).matches("macos-13|macos-\\d+-intel");
        assertThat(runners.get("windows-amd64")).startsWith("windows-");
        assertThat(job.path("runs-on").asText()).isEqualTo("${{ matrix.runner }}");
        assertThat(job.path("defaults").path("run").path("shell").asText()).isEqualTo("bash");

        JsonNode setup = step(job, "graalvm/setup-graalvm@");
        assertThat(setup.path("with").path("distribution").asText()).isEqualTo("graalvm");
        assertThat(setup.path("with").path("java-version").asText()).isEqualTo("${{ matrix.graalvm }}");

        String runs = runScripts(job);
        assertThat(runs).contains("./mvnw -B -Pnative -pl native -am package -DskipTests");
        assertThat(runs).contains("native/smoke-test.sh \"native/target/loadgen${{ matrix.exe }}\"");
        assertThat(runs).contains("sha256sum").contains("shasum -a 256");
        assertThat(step(job, "actions/upload-artifact@")
                        .path("with")
                        .path("name")
                        .asText())
                .isEqualTo("loadgen-${{ matrix.target }}");
        assertThat(job.path("env").path("BINARY").asText()).isEqualTo("loadgen-${{ matrix.target }}${{ matrix.exe }}");
    }

    @Test
    void releaseIsPublishedOnlyForVersionTagsWithAllBinaries() throws IOException {
        JsonNode publish = yaml(".github/workflows/release.yml").path("jobs").path("publish");

        assertThat(publish.path("needs").asText()).isEqualTo("native");
        assertThat(publish.path("if").asText()).isEqualTo("startsWith(github.ref, 'refs/tags/v')");
        assertThat(publish.path("permissions").path("contents").asText()).isEqualTo("write");
        assertThat(step(publish, "actions/download-artifact@")
                        .path("with")
                        .path("pattern")
                        .asText())
                .isEqualTo("loadgen-*");
        assertThat(runScripts(publish)).contains("sha256sum -c");
        assertThat(step(publish, "softprops/action-gh-release@")
                        .path("with")
                        .path("files")
                        .asText())
                .isEqualTo("dist/*");
    }

    @Test
    void ciWorkflowRunsTheTestSuiteOnJdk17OnPushesAndPullRequests() throws IOException {
        JsonNode workflow = yaml(".github/workflows/ci.yml");
        JsonNode job = workflow.path("jobs").path("verify");

        assertThat(names(workflow.path("on"))).contains("push", "pull_request");
        JsonNode java = step(job, "actions/setup-java@").path("with");
        assertThat(java.path("distribution").asText()).isEqualTo("temurin");
        assertThat(java.path("java-version").asText()).isEqualTo("17");
        assertThat(runScripts(job)).contains("./mvnw -B verify");
    }

    @Test
    void everyRepositoryPathModuleAndProfileTheWorkflowsUseExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String file : List.of(".github/workflows/release.yml", ".github/workflows/ci.yml")) {
            JsonNode workflow = yaml(file);
            for (JsonNode job : iterable(workflow.path("jobs"))) {
                problems.addAll(checkScript(file, runScripts(job)));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void thePathCheckFindsMissingFilesModulesAndProfiles() {
        // the lookups used above, on a script that names a missing script, file, profile and module
        assertThat(checkScript("test", "./no-such-script --x && native/no-such.sh && ./mvnw -Pnone -pl nope"))
                .hasSize(4);
        assertThat(checkScript("test", "./mvnw -B -Pnative -pl native -am package && native/smoke-test.sh x"))
                .isEmpty();
    }

    @Test
    void dockerfileBuildsInOneStageAndRunsTheBinaryAsNonRootInAMinimalOne() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("native/Dockerfile")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
        List<Integer> froms = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                froms.add(i);
            }
        }
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        String build = String.join("\n", lines.subList(froms.get(0), froms.get(froms.size() - 1)));
        List<String> last = lines.subList(froms.get(froms.size() - 1), lines.size());

        assertThat(lines.get(froms.get(0)))
                .containsIgnoringCase("graalvm")
                .containsPattern(":25\\b")
                .endsWith(" AS build");
        assertThat(build).contains("./mvnw -B -Pnative -pl native -am package -DskipTests");
        assertThat(checkScript("native/Dockerfile", build)).isEmpty();
        assertThat(last.get(0)).startsWith("FROM gcr.io/distroless/");
        assertThat(last).contains("COPY --from=build /loadgen /loadgen", "ENTRYPOINT [\"/loadgen\"]");
        List<String> users = last.stream().filter(l -> l.startsWith("USER ")).collect(Collectors.toList());
        assertThat(users).hasSize(1);
        String user = users.get(0).substring(5).split(":", -1)[0];
        assertThat(user).matches("[1-9][0-9]*");
        assertThat(Files.readString(ROOT.resolve("native/Dockerfile.dockerignore")))
                .contains("**/target");
    }

    /** Problems with the paths, Maven modules (-pl) and profiles (-P) that a shell script refers to. */
    private static List<String> checkScript(String origin, String script) {
        List<String> problems = new ArrayList<>();
        Matcher words = PATH_WORD.matcher(script);
        while (words.find()) {
            String word = words.group();
            String relative = word.startsWith("./") ? word.substring(2) : word;
            String first = relative.split("/", -1)[0];
            boolean ours = word.startsWith("./") || Files.isDirectory(ROOT.resolve(first));
            if (!ours || relative.contains("/target/") || relative.contains("*") || word.contains("${")) {
                continue; // not a repository path, a build output, or a pattern
            }
            Path path = ROOT.resolve(relative);
            if (!Files.exists(path)) {
                problems.add(origin + ": " + word + " does not exist");
            } else if (word.startsWith("./") || word.endsWith(".sh")) {
                if (!Files.isExecutable(path)) {
                    problems.add(origin + ": " + word + " is not executable");
                }
            }
        }
        Matcher modules = Pattern.compile("\\s-pl\\s+(\\S+)").matcher(script);
        while (modules.find()) {
            for (String module : modules.group(1).split(",", -1)) {
                if (!pom("pom.xml").contains("<module>" + module + "</module>")) {
                    problems.add(origin + ": -pl " + module + " is not a module of pom.xml");
                }
            }
        }
        Matcher profiles = Pattern.compile("\\s-P\\s*([\\w,-]+)").matcher(script);
        while (profiles.find()) {
            for (String profile : profiles.group(1).split(",", -1)) {
                if (!pom("native/pom.xml").contains("<id>" + profile + "</id>")
                        && !pom("pom.xml").contains("<id>" + profile + "</id>")) {
                    problems.add(origin + ": -P" + profile + " is not a profile");
                }
            }
        }
        return problems;
    }

    private static String pom(String name) {
        try {
            return Files.readString(ROOT.resolve(name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode yaml(String name) throws IOException {
        Path file = ROOT.resolve(name);
        assertThat(file).exists();
        JsonNode root = YAML.readTree(file.toFile());
        assertThat(root.path("jobs").isObject()).as("%s has jobs", name).isTrue();
        return root;
    }

    private static JsonNode step(JsonNode job, String uses) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("uses").asText().startsWith(uses)) {
                return step;
            }
        }
        throw new AssertionError("no step uses " + uses + " in " + job);
    }

    private static String runScripts(JsonNode job) {
        StringBuilder all = new StringBuilder();
        for (JsonNode step : job.path("steps")) {
            if (step.has("run")) {
                all.append(step.get("run").asText()).append('\n');
            }
        }
        return all.toString();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Iterable<JsonNode> iterable(JsonNode object) {
        List<JsonNode> values = new ArrayList<>();
        object.elements().forEachRemaining(values::add);
        return values;
    }
}
