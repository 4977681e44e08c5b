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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The release and CI workflows and the container builds can only run on GitHub and a container engine; here what
 * they would do is worked out from the files: which platforms and JDKs the tests run on, the order the jobs run
 * in (the job graph), which steps run for a manual dispatch and for a tag, how actions and runners are pinned,
 * and every repository file, Maven module and profile their commands rely on.
 */
class ReleaseFilesTest {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.repo.root", ".."))
            .toAbsolutePath()
            .normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // A word of a shell command that names a path in the repository: ./x, or dir/... (resolved below).
    private static final Pattern PATH_WORD =
            Pattern.compile("(?<![\\w$./-])(\\./)?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.*-]+)+|\\./[A-Za-z0-9_.-]+");
    private static final List<String> WORKFLOWS = List.of(".github/workflows/ci.yml", ".github/workflows/release.yml");
    /** The platforms a release ships a binary for. */
    private static final Set<String> PLATFORMS =
            Set.of("linux-amd64", "linux-arm64", "macos-arm64", "macos-amd64", "windows-amd64");

    private static final Map<String, String> TAG_PUSH =
            Map.of("github.event_name", "push", "github.ref", "refs/tags/v1.2.3");
    private static final Map<String, String> DISPATCH =
            Map.of("github.event_name", "workflow_dispatch", "github.ref", "refs/heads/main");

    @Test
    void ciRunsTheTestSuiteOnEveryShippedPlatformOnJdk17And25() throws IOException {
        JsonNode workflow = yaml(".github/workflows/ci.yml");
        JsonNode job = workflow.path("jobs").path("verify");

        assertThat(names(workflow.path("on"))).contains("push", "pull_request", "workflow_call");
        assertThat(job.path("strategy").path("fail-fast").isBoolean()).isTrue();
        assertThat(job.path("strategy").path("fail-fast").asBoolean()).isFalse();
        Set<String> covered = new TreeSet<>();
        for (Map<String, String> combination : matrix(job)) {
            String runner = expand(job.path("runs-on").asText(), combination);
            String java = expand(
                    step(job, "actions/setup-java@")
                            .path("with")
                            .path("java-version")
                            .asText(),
                    combination);
            covered.add(platform(runner) + " JDK " + java);
        }
        Set<String> expected = new TreeSet<>();
        for (String platform : PLATFORMS) {
            expected.add(platform + " JDK 17");
            expected.add(platform + " JDK 25");
        }
        assertThat(covered).isEqualTo(expected);
        assertThat(runScripts(job)).contains("./mvnw -B verify");
    }

    @Test
    void ciBuildsAndSmokeTestsTheNativeBinaryOnLinux() throws IOException {
        JsonNode job = yaml(".github/workflows/ci.yml").path("jobs").path("native");

        Set<String> platforms = new TreeSet<>();
        for (Map<String, String> combination : matrix(job)) {
            platforms.add(platform(expand(job.path("runs-on").asText(), combination)));
        }
        assertThat(platforms).containsExactly("linux-amd64", "linux-arm64");
        assertThat(step(job, "graalvm/setup-graalvm@")
                        .path("with")
                        .path("java-version")
                        .asText())
                .isEqualTo("25");
        int build = runStepIndex(job, "./mvnw -B -Pnative -pl native -am package");
        int smoke = runStepIndex(job, "native/smoke-test.sh native/target/loadgen");
        assertThat(build).isLessThan(smoke);
    }

    /** Release jobs run in this order; none that builds or publishes starts before CI passed on the commit. */
    @Test
    void everyReleaseJobWaitsForTheCiWorkflowOnTheTaggedCommit() throws IOException {
        JsonNode jobs = yaml(".github/workflows/release.yml").path("jobs");

        assertThat(jobs.path("ci").path("uses").asText()).isEqualTo("./.github/workflows/ci.yml");
        Map<String, Set<String>> after = transitiveNeeds(jobs);
        for (String job : names(jobs)) {
            if (!job.equals("ci") && !job.equals("version")) {
                assertThat(after.get(job)).as("what %s runs after", job).contains("ci");
            }
        }
        assertThat(jobs.path("version").path("permissions").isMissingNode()).isTrue();
        assertThat(after.get("publish")).contains("native", "extras", "container");
        assertThat(after.get("container")).contains("native");
    }

    @Test
    void eachTargetIsBuiltAndTestedOnItsOwnPlatformBeforeItIsPackaged() throws IOException {
        JsonNode job = yaml(".github/workflows/release.yml").path("jobs").path("native");

        Map<String, String> runners = new LinkedHashMap<>();
        for (Map<String, String> combination : matrix(job)) {
            runners.put(combination.get("target"), expand(job.path("runs-on").asText(), combination));
            assertThat(combination.get("graalvm")).as("%s", combination).startsWith("25");
        }
        assertThat(runners.keySet()).containsExactlyInAnyOrderElementsOf(PLATFORMS);
        runners.forEach(
                (target, runner) -> assertThat(platform(runner)).as(runner).isEqualTo(target));
        assertThat(job.path("strategy").path("fail-fast").asBoolean(true)).isFalse();
        assertThat(step(job, "graalvm/setup-graalvm@")
                        .path("with")
                        .path("distribution")
                        .asText())
                .isEqualTo("graalvm");

        int build = runStepIndex(job, "./mvnw -B -Pnative -pl native -am package -DskipTests");
        int smoke = runStepIndex(job, "native/smoke-test.sh \"native/target/loadgen${{ matrix.exe }}\"");
        int version = runStepIndex(job, "--version");
        int packaged = runStepIndex(job, "sha256sum");
        assertThat(build).isLessThan(smoke);
        assertThat(smoke).isLessThan(packaged);
        assertThat(version).isLessThan(packaged);
        assertThat(step(job, "actions/upload-artifact@")
                        .path("with")
                        .path("name")
                        .asText())
                .isEqualTo("loadgen-${{ matrix.target }}");
    }

    /**
     * A manual dispatch builds and tests, and publishes nothing: every step that publishes (a release, an image
     * push, a registry login, an attestation) is skipped for it, and runs for a version tag.
     */
    @Test
    void aManualDispatchPublishesNothingAndAVersionTagPublishesEverything() throws IOException {
        JsonNode workflow = yaml(".github/workflows/release.yml");

        assertThat(names(workflow.path("on"))).containsExactlyInAnyOrder("push", "workflow_dispatch");
        assertThat(workflow.path("on").path("push").path("tags").toString()).contains("v*");
        Map<String, WorkflowCondition.Result> onDispatch = publishingSteps(workflow, DISPATCH);
        Map<String, WorkflowCondition.Result> onTag = publishingSteps(workflow, TAG_PUSH);

        assertThat(onDispatch.keySet())
                .as("the publishing steps")
                .anyMatch(s -> s.contains("softprops/action-gh-release"))
                .anyMatch(s -> s.contains("--push"))
                .anyMatch(s -> s.contains("actions/attest-build-provenance"));
        assertThat(onDispatch)
                .allSatisfy((s, result) -> assertThat(result).as(s).isEqualTo(WorkflowCondition.Result.FALSE));
        assertThat(onTag).allSatisfy((s, result) -> assertThat(result).as(s).isEqualTo(WorkflowCondition.Result.TRUE));
    }

    @Test
    void theDispatchCheckFindsAPublishingStepThatIsNotGated() throws IOException {
        JsonNode workflow = YAML.readTree("jobs:\n  publish:\n    runs-on: ubuntu-24.04\n    steps:\n"
                + "      - uses: softprops/action-gh-release@0123456789012345678901234567890123456789 # v3.0.0\n"
                + "      - if: github.event_name == 'push'\n        run: docker buildx build --push .\n");

        assertThat(publishingSteps(workflow, DISPATCH))
                .containsValues(WorkflowCondition.Result.TRUE, WorkflowCondition.Result.FALSE);
    }

    @Test
    void aReleaseShipsShellFilesAnSbomManifestsAndProvenance() throws IOException {
        JsonNode jobs = yaml(".github/workflows/release.yml").path("jobs");

        String extras = runScripts(jobs.path("extras"));
        assertThat(extras)
                .contains(
                        "package org.cyclonedx:cyclonedx-maven-plugin:makeAggregateBom",
                        "cli/target/shell",
                        "completions man");
        String publish = runScripts(jobs.path("publish"));
        assertThat(publish).contains("native/package-manifests.sh", "sha256sum -c");
        assertThat(step(jobs.path("publish"), "actions/attest-build-provenance@")
                        .path("with")
                        .path("subject-path")
                        .asText())
                .contains("dist/loadgen-*", "dist/loadgen.rb", "dist/loadgen.json");
        assertThat(jobs.path("publish").path("permissions").path("attestations").asText())
                .isEqualTo("write");
        assertThat(jobs.path("publish").path("permissions").path("id-token").asText())
                .isEqualTo("write");
        assertThat(step(jobs.path("publish"), "softprops/action-gh-release@")
                        .path("with")
                        .path("files")
                        .asText())
                .isEqualTo("dist/*");

        String container = runScripts(jobs.path("container"));
        assertThat(container)
                .contains("--platform linux/amd64,linux/arm64 --push", "ghcr.io/", "-f native/Dockerfile.release .");
        assertThat(step(jobs.path("container"), "actions/attest-build-provenance@")
                        .path("with")
                        .path("push-to-registry")
                        .asBoolean())
                .isTrue();
        assertThat(jobs.path("container").path("permissions").path("packages").asText())
                .isEqualTo("write");
    }

    /** Third-party actions by the commit of a release, with its version beside it; runners by image version. */
    @Test
    void actionsArePinnedByCommitAndRunnersByImage() throws IOException {
        Pattern uses = Pattern.compile("^\\s*(?:- )?uses:\\s*(\\S+)\\s*(#.*)?$");
        Map<String, String> versionOfCommit = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String file : WORKFLOWS) {
            for (String line : Files.readAllLines(ROOT.resolve(file))) {
                Matcher matcher = uses.matcher(line);
                if (!matcher.matches() || matcher.group(1).startsWith("./")) {
                    continue;
                }
                String action = matcher.group(1);
                String comment = matcher.group(2) == null ? "" : matcher.group(2);
                if (!action.matches("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}") || !comment.matches("# v\\d+\\.\\d+\\.\\d+")) {
                    problems.add(file + ": " + line.strip());
                } else if (!comment.equals(versionOfCommit.computeIfAbsent(action, a -> comment))) {
                    problems.add(file + ": " + action + " is " + comment + " here, " + versionOfCommit.get(action)
                            + " elsewhere");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(versionOfCommit).isNotEmpty();

        Set<String> declared = new TreeSet<>();
        YAML.readTree(ROOT.resolve(".github/actionlint.yaml").toFile())
                .path("self-hosted-runner")
                .path("labels")
                .forEach(label -> declared.add(label.asText()));
        Set<String> runners = new TreeSet<>();
        for (String file : WORKFLOWS) {
            for (JsonNode job : iterable(yaml(file).path("jobs"))) {
                if (job.has("runs-on")) {
                    for (Map<String, String> combination : matrix(job)) {
                        runners.add(expand(job.path("runs-on").asText(), combination));
                    }
                }
            }
        }
        assertThat(runners)
                .allSatisfy(runner -> assertThat(runner)
                        .matches("(ubuntu|macos|windows)-[\\d.]+(-arm|-intel)?")
                        .doesNotContain("latest"));
        assertThat(declared).containsAll(runners);
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

    /**
     * The released image holds the tested binary of its platform and nothing else: for each of linux/amd64 and
     * linux/arm64 the file it copies is one the container job downloads, and the only one of the context it sees.
     */
    @Test
    void theReleaseImageCopiesTheTestedBinaryOfEachPlatform() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("native/Dockerfile.release")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
        List<String> kept = Files.readAllLines(ROOT.resolve("native/Dockerfile.release.dockerignore")).stream()
                .filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1))
                .collect(Collectors.toList());
        String download = step(
                        yaml(".github/workflows/release.yml").path("jobs").path("container"),
                        "actions/download-artifact@")
                .path("with")
                .path("pattern")
                .asText();

        assertThat(lines).noneMatch(l -> l.startsWith("RUN "));
        assertThat(lines.stream().filter(l -> l.startsWith("FROM ")))
                .singleElement()
                .asString()
                .startsWith("FROM gcr.io/distroless/");
        assertThat(lines).contains("ARG TARGETARCH", "USER 65532:65532", "ENTRYPOINT [\"/loadgen\"]");
        String copy =
                lines.stream().filter(l -> l.startsWith("COPY ")).findFirst().orElseThrow();
        for (String arch : List.of("amd64", "arm64")) {
            String source = copy.split("\\s+", -1)[2].replace("${TARGETARCH}", arch);
            assertThat(source).isEqualTo("dist/loadgen-linux-" + arch);
            assertThat(kept).contains(source);
            assertThat(source.substring("dist/".length())).startsWith(download.replace("*", ""));
        }
        assertThat(Files.readAllLines(ROOT.resolve("native/Dockerfile.release.dockerignore")))
                .contains("*");
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
            if (!ours
                    || relative.contains("/target/")
                    || first.equals("target")
                    || relative.contains("*")
                    || word.contains("${")) {
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

    /** Every step that would publish something, named by its job and what it does, and whether it runs. */
    private static Map<String, WorkflowCondition.Result> publishingSteps(JsonNode workflow, Map<String, String> event) {
        Map<String, WorkflowCondition.Result> steps = new LinkedHashMap<>();
        for (String name : names(workflow.path("jobs"))) {
            JsonNode job = workflow.path("jobs").path(name);
            WorkflowCondition.Result jobRuns =
                    WorkflowCondition.evaluate(job.path("if").asText(null), event);
            for (JsonNode step : job.path("steps")) {
                String what = step.has("uses")
                        ? step.path("uses").asText()
                        : step.path("run").asText();
                boolean publishes = what.startsWith("softprops/action-gh-release@")
                        || what.startsWith("actions/attest-build-provenance@")
                        || what.contains("docker login")
                        || what.contains("--push")
                        || what.contains("gh release");
                if (publishes) {
                    steps.put(
                            name + ": " + what,
                            jobRuns.and(
                                    WorkflowCondition.evaluate(step.path("if").asText(null), event)));
                }
            }
        }
        return steps;
    }

    /** For each job, every job it runs after (its needs, and theirs). */
    private static Map<String, Set<String>> transitiveNeeds(JsonNode jobs) {
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        for (String name : names(jobs)) {
            Set<String> direct = new TreeSet<>();
            JsonNode node = jobs.path(name).path("needs");
            if (node.isTextual()) {
                direct.add(node.asText());
            }
            node.forEach(n -> direct.add(n.asText()));
            assertThat(names(jobs)).as("the jobs %s needs", name).containsAll(direct);
            needs.put(name, direct);
        }
        Map<String, Set<String>> closure = new LinkedHashMap<>();
        for (String name : needs.keySet()) {
            Set<String> all = new TreeSet<>();
            List<String> todo = new ArrayList<>(needs.get(name));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (all.add(next)) {
                    todo.addAll(needs.get(next));
                }
            }
            assertThat(all).as("%s does not need itself", name).doesNotContain(name);
            closure.put(name, all);
        }
        return closure;
    }

    /** The combinations of a job's matrix (its lists crossed, then its includes), or one empty one. */
    private static List<Map<String, String>> matrix(JsonNode job) {
        JsonNode matrix = job.path("strategy").path("matrix");
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (String key : names(matrix)) {
            if (key.equals("include") || key.equals("exclude")) {
                continue;
            }
            List<Map<String, String>> crossed = new ArrayList<>();
            for (Map<String, String> combination : combinations) {
                for (JsonNode value : matrix.path(key)) {
                    Map<String, String> more = new LinkedHashMap<>(combination);
                    more.put(key, value.asText());
                    crossed.add(more);
                }
            }
            combinations = crossed;
        }
        if (matrix.has("include")) {
            if (combinations.size() == 1 && combinations.get(0).isEmpty()) {
                combinations.clear();
            }
            for (JsonNode include : matrix.path("include")) {
                Map<String, String> combination = new LinkedHashMap<>();
                include.fields()
                        .forEachRemaining(
                                e -> combination.put(e.getKey(), e.getValue().asText()));
                combinations.add(combination);
            }
        }
        return combinations;
    }

    /** {@code text} with its {@code ${{ matrix.X }}} replaced by the combination's values. */
    private static String expand(String text, Map<String, String> combination) {
        Matcher matcher =
                Pattern.compile("\\$\\{\\{\\s*matrix\\.([\\w-]+)\\s*}}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = combination.get(matcher.group(1));
            assertThat(value).as("matrix.%s in %s", matcher.group(1), text).isNotNull();
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The platform a GitHub-hosted runner image runs on. */
    private static String platform(String runner) {
        if (runner.startsWith("ubuntu-")) {
            return runner.endsWith("-arm") ? "linux-arm64" : "linux-amd64";
        }
        if (runner.startsWith("macos-")) {
            return runner.endsWith("-intel") || runner.equals("macos-13") ? "macos-amd64" : "macos-arm64";
        }
        if (runner.startsWith("windows-")) {
            return runner.endsWith("-arm") ? "windows-arm64" : "windows-amd64";
        }
        throw new AssertionError("not a GitHub-hosted runner image: " + runner);
    }

    /** The position of the first step whose run script contains {@code text}. */
    private static int runStepIndex(JsonNode job, String text) {
        int index = 0;
        for (JsonNode step : job.path("steps")) {
            if (step.path("run").asText().contains(text)) {
                return index;
            }
            index++;
        }
        throw new AssertionError("no step of " + job.path("name").asText() + " runs " + text);
    }
}
