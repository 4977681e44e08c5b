package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every manifest under {@code deploy/kubernetes/} parsed with the Kubernetes model, failing on any field the model
 * does not know (a misspelled {@code completionMode} must not pass silently), and the semantics the distributed run
 * depends on: an Indexed Job with completions == parallelism == the workers the run is split over, no retries, the
 * pod failure policy mapping loadgen's exit codes (as the README lists them) and disruptions to a failed Job, one
 * worker per node, and a config file loadgen itself accepts. What only a cluster can show is in
 * docs/distributed.md.
 */
class KubernetesManifestsTest {
    private static final Path DIR =
            Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();
    private static final Path README =
            Path.of("..", "README.md").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new YAMLMapper();
    /** Strict about fields the model has no property for; the model's catch-all map is checked separately. */
    private static final ObjectMapper MODEL = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Map<String, Class<? extends HasMetadata>> KINDS =
            Map.of("Job", Job.class, "ConfigMap", ConfigMap.class);

    @TempDir
    Path temp;

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList();
        }
    }

    /** Every document of {@code yaml} as the model's object, refusing anything the model does not know. */
    static List<HasMetadata> parse(String yaml, String where) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (document == null || document.isNull()) {
                    continue;
                }
                String kind = document.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(kind);
                if (type == null) {
                    fail(where + ": a " + (kind.isEmpty() ? "document without a kind" : kind)
                            + ", which this test does not know");
                }
                HasMetadata object = MODEL.treeToValue(document, type);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, kind, unknown, new IdentityHashMap<>());
                if (!unknown.isEmpty()) {
                    throw new IllegalArgumentException(
                            where + ": fields the Kubernetes model does not know: " + unknown);
                }
                objects.add(object);
            }
        }
        return objects;
    }

    /**
     * The model keeps a field it has no property for in an {@code additionalProperties} map instead of failing; every
     * such map in the object tree must be empty.
     */
    private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class
                    || getter.getDeclaringClass().isInterface()) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue; // a derived value the object cannot compute (a quantity's number, say): no field of its own
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object key : extra.keySet()) {
                        unknown.add(path + "." + key);
                    }
                }
                continue;
            }
            String name = getter.getName().substring(3);
            unknownFields(
                    property, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown, seen);
        }
    }

    private static List<HasMetadata> all() throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (Path manifest : manifests()) {
            objects.addAll(
                    parse(Files.readString(manifest), DIR.relativize(manifest).toString()));
        }
        return objects;
    }

    private static <T> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = objects.stream()
                .filter(type::isInstance)
                .filter(o -> o.getMetadata().getName().equals(name))
                .map(type::cast)
                .toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyManifestParsesWithTheModelWithoutUnknownFields() throws IOException {
        assertThat(manifests()).extracting(p -> p.getFileName().toString()).contains("job.yaml", "configmap.yaml");
        assertThat(all()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aMisspelledFieldFailsTheParse() throws IOException {
        String job = Files.readString(DIR.resolve("job.yaml"));
        assertThat(job).contains("  completionMode: Indexed");

        assertThatThrownBy(() -> parse(job.replace("completionMode:", "completionMod:"), "misspelled"))
                .hasMessageContaining("completionMod");
        assertThatThrownBy(() -> parse(job.replace("restartPolicy:", "restartPolcy:"), "misspelled"))
                .hasMessageContaining("restartPolcy");
    }

    @Test
    void theJobIsIndexedWithOneCompletionPerWorkerAndNoRetry() throws IOException {
        List<HasMetadata> objects = all();
        Job job = one(objects, Job.class, "loadgen");
        ConfigMap run = one(objects, ConfigMap.class, "loadgen-run");
        JobSpec spec = job.getSpec();
        int workers = Integer.parseInt(run.getData().get("LOADGEN_WORKERS"));

        assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
        assertThat(spec.getCompletions()).isEqualTo(workers);
        assertThat(spec.getParallelism()).isEqualTo(workers);
        assertThat(spec.getBackoffLimit()).isZero();
        assertThat(spec.getActiveDeadlineSeconds()).isPositive();
        assertThat(spec.getTtlSecondsAfterFinished()).isPositive();
        PodSpec pod = spec.getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(run.getData()).containsOnlyKeys("LOADGEN_WORKERS", "LOADGEN_RUN_ID", "LOADGEN_START_AT");
        assertThat(new StartTimeConverter().convert(run.getData().get("LOADGEN_START_AT")))
                .isNotNull();
    }

    /** The exit codes of the pod failure policy are the README's, but 0 and 3 (a worker judges no gate). */
    @Test
    void thePodFailurePolicyFailsTheJobOnLoadgensExitCodesAndOnDisruption() throws IOException {
        Job job = one(all(), Job.class, "loadgen");
        List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
        Container container =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);

        PodFailurePolicyRule codes = rules.stream()
                .filter(r -> r.getOnExitCodes() != null)
                .findFirst()
                .orElseThrow();
        assertThat(codes.getAction()).isEqualTo("FailJob");
        assertThat(codes.getOnExitCodes().getOperator()).isEqualTo("In");
        assertThat(codes.getOnExitCodes().getContainerName()).isEqualTo(container.getName());
        // The API server wants them in order, without duplicates, and without 0 for In.
        assertThat(codes.getOnExitCodes().getValues())
                .isSorted()
                .doesNotHaveDuplicates()
                .doesNotContain(0);
        Set<Integer> readme = readmeExitCodes();
        readme.removeAll(Set.of(ExitCode.OK, ExitCode.ASSERTION_FAILED));
        assertThat(new TreeSet<>(codes.getOnExitCodes().getValues()))
                .isEqualTo(readme)
                .containsExactly(
                        ExitCode.CANNOT_START, ExitCode.INVALID_INPUT, ExitCode.LATE_START, ExitCode.INTERRUPTED);
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.getAction()).isEqualTo("FailJob");
            assertThat(rule.getOnPodConditions())
                    .anySatisfy(condition -> assertThat(condition.getType()).isEqualTo("DisruptionTarget"));
        });
    }

    private static Set<Integer> readmeExitCodes() throws IOException {
        String readme = Files.readString(README);
        String table = readme.substring(readme.indexOf("## Exit codes"));
        table = table.substring(0, table.indexOf("\n\n", table.indexOf("| code |")));
        Set<Integer> codes = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(table);
        while (row.find()) {
            codes.add(Integer.parseInt(row.group(1)));
        }
        return codes;
    }

    @Test
    void oneWorkerPerNode() throws IOException {
        Job job = one(all(), Job.class, "loadgen");
        PodSpec pod = job.getSpec().getTemplate().getSpec();

        assertThat(pod.getTopologySpreadConstraints()).hasSize(1);
        TopologySpreadConstraint spread = pod.getTopologySpreadConstraints().get(0);
        assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(spread.getMaxSkew()).isEqualTo(1);
        assertThat(spread.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(spread.getLabelSelector().getMatchLabels());
    }

    /** The pod prints its result line on stdout and reads the config file the ConfigMap mounts, which loadgen takes. */
    @Test
    void thePodReadsTheConfigMapsAsLoadgenOptions() throws Exception {
        List<HasMetadata> objects = all();
        Job job = one(objects, Job.class, "loadgen");
        ConfigMap config = one(objects, ConfigMap.class, "loadgen-config");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(container.getArgs()).containsSequence("--json", "-");
        assertThat(container.getEnvFrom())
                .anySatisfy(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo("loadgen-run"));
        String configPath = container.getEnv().stream()
                .filter(env -> env.getName().equals("LOADGEN_CONFIG"))
                .findFirst()
                .orElseThrow()
                .getValue();
        Volume volume = pod.getVolumes().stream()
                .filter(v -> v.getConfigMap() != null)
                .findFirst()
                .orElseThrow();
        assertThat(volume.getConfigMap().getName()).isEqualTo("loadgen-config");
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume.getName()))
                .findFirst()
                .orElseThrow();
        String key =
                Path.of(mount.getMountPath()).relativize(Path.of(configPath)).toString();
        assertThat(config.getData()).containsKey(key);

        Path file = Files.writeString(temp.resolve(key), config.getData().get(key));
        LoadCommand command = new LoadCommand();
        command.environment = Map.of("LOADGEN_CONFIG", file.toString(), "LOADGEN_WORKERS", "3");
        CommandLine commandLine = LoadCommand.commandLine(command);
        ConfigFileExecution.withConfig(
                commandLine, commandLine.parseArgs(container.getArgs().toArray(String[]::new)));
        assertThat(command.url).startsWith("http://");
        assertThat(command.json).isEqualTo("-");
        assertThat(command.distributedOptions.workers).isEqualTo(3);
    }

    /** run.sh sets N and the image by rewriting these lines; the kustomization lists every manifest. */
    @Test
    void theScriptAndTheKustomizationFitTheManifests() throws IOException {
        String job = Files.readString(DIR.resolve("job.yaml"));
        String script = Files.readString(DIR.resolve("run.sh"));
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());

        assertThat(job).containsPattern("(?m)^  completions: \\d+$").containsPattern("(?m)^  parallelism: \\d+$");
        assertThat(job).contains("image: loadgen:latest");
        assertThat(script).contains("s/^  completions: .*/", "s/^  parallelism: .*/", "image: loadgen:latest");
        assertThat(Files.isExecutable(DIR.resolve("run.sh"))).isTrue();
        List<String> resources = new ArrayList<>();
        kustomization.get("resources").forEach(node -> resources.add(node.asText()));
        assertThat(resources)
                .containsExactlyInAnyOrderElementsOf(manifests().stream()
                        .map(p -> p.getFileName().toString())
                        .toList());
        assertThat(kustomization.get("kind").asText()).isEqualTo("Kustomization");
        assertThat(kustomization.get("images").get(0).get("name").asText()).isEqualTo("loadgen");
    }
}
