package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real runs configured by {@code --config} and by an @argfile, against the built-in target on 127.0.0.1. */
class ConfigFileIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    private Path config(String extra) throws Exception {
        return Files.writeString(
                dir.resolve("loadtest.yaml"), """
                url: %s?size=64
                threads: 2
                concurrency: 4
                requests: 500
                timeout: 5s
                latency: true
                header:
                  - Accept: text/plain
                """.formatted(target.server().uri()) + extra);
    }

    @Test
    void aRunFromTheFileSendsExactlyTheRequestsItAsksFor() throws Exception {
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of("--config", config("json: " + json + "\n").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Running 500 requests test @ " + target.server().uri() + "?size=64\n")
                .contains("  2 threads and 4 connections\n", "  Latency Distribution\n", "  500 requests in ");
        assertThat(target.server().counts().responsesWritten()).isEqualTo(500);
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("requests").asLong()).isEqualTo(500);
        assertThat(result.at("/parameters/threads").asInt()).isEqualTo(2);
    }

    @Test
    void aFlagOnTheCommandLineOverridesTheFile() throws Exception {
        CliRun run = CliRun.of("--config", config("").toString(), "-n", "120", "-t", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Running 120 requests test @ ")
                .contains("  1 threads and 4 connections\n", "  120 requests in ");
        assertThat(target.server().counts().responsesWritten()).isEqualTo(120);
    }

    @Test
    void anArgumentFileRunsTheSameWay() throws Exception {
        Path arguments = Files.writeString(
                dir.resolve("ci.args"), """
                # the same run as a file of arguments
                -t 1 -c 2
                -n 75
                -H 'Accept: text/plain'
                %s
                """.formatted(target.server().uri()));

        CliRun run = CliRun.of("@" + arguments);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  1 threads and 2 connections\n", "  75 requests in ");
        assertThat(target.server().counts().responsesWritten()).isEqualTo(75);
    }
}
