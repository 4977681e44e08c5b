package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A distributed run end to end: N = 3 worker processes started the way a Kubernetes Indexed Job starts its pods
 * ({@code env -i} with only {@code JOB_COMPLETION_INDEX} set, the same arguments for every worker, the result as one
 * line on stdout among the text report on stderr), a common {@code --start-at}, against nginx with an access log;
 * their logs merged with {@code loadgen merge}. Also a worker that is ready too late and one killed with SIGKILL.
 */
class DistributedRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WORKERS = 3;
    private static final int RATE = 300;
    /**
     * How long after the test launches the workers they all start: long enough for three JVMs to start and connect
     * on a loaded two-core machine, where each takes one to four seconds, and up to ten with a load average of 16.
     */
    private static final long START_DELAY_MILLIS = 20_000;
    /** The packaged command line, as the container image holds it (built before the integration tests run). */
    private static final Path JAR = Path.of("target", "loadgen-cli.jar").toAbsolutePath();

    @TempDir
    static Path dir;

    private static NginxServer nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = NginxServer.start(dir);
    }

    @AfterAll
    static void stopNginx() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    /** The Job's arguments: every worker gets the same. */
    private static List<String> jobArguments(String runId, Instant startAt, String duration, String path) {
        return List.of(
                "--workers",
                Integer.toString(WORKERS),
                "--run-id",
                runId,
                "--start-at",
                startAt.toString(),
                "-t",
                "1",
                "-c",
                "6",
                // Three JVMs starting at once on a loaded machine can take seconds to open their first connection.
                "--timeout",
                "10s",
                "-R",
                Integer.toString(RATE),
                "-d",
                duration,
                "--json",
                "-",
                nginx.url(path));
    }

    private record Worker(Process process, Path log) {}

    /**
     * Worker {@code index} as a pod runs it: an empty environment but for JOB_COMPLETION_INDEX, stdout and stderr
     * into one log, as {@code kubectl logs} shows them.
     */
    private static Worker launch(int index, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "env",
                "-i",
                DistributedOptions.JOB_COMPLETION_INDEX + "=" + index,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-jar",
                JAR.toString()));
        command.addAll(arguments);
        Path log = Files.createTempFile(dir, "worker-" + index + "-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Worker(process, log);
    }

    private static int awaitExit(Worker worker) throws Exception {
        assertThat(worker.process().waitFor(90, TimeUnit.SECONDS))
                .as("worker still running: " + Files.readString(worker.log()))
                .isTrue();
        return worker.process().exitValue();
    }

    @Test
    void threeWorkersMergeToExactlyWhatTheServerLoggedAtAFlatRate() throws Exception {
        Instant startAt = Instant.now().plusMillis(START_DELAY_MILLIS);
        List<String> arguments = jobArguments("flat", startAt, "4s", "/flat");
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(launch(i, arguments));
        }
        List<String> logs = new ArrayList<>();
        for (Worker worker : workers) {
            assertThat(awaitExit(worker)).as(Files.readString(worker.log())).isZero();
            logs.add(worker.log().toString());
        }
        Path merged = dir.resolve("flat.json");
        List<String> mergeArgs = new ArrayList<>(List.of("merge"));
        mergeArgs.addAll(logs);
        mergeArgs.addAll(List.of("--json", merged.toString()));

        CliRun merge = CliRun.of(mergeArgs.toArray(String[]::new));

        assertThat(merge.exitCode()).as(merge.err()).isZero();
        assertThat(merge.out()).startsWith("Merged 3 of 3 workers of run flat\n");
        JsonNode result = JSON.readTree(merged.toFile());
        long requests = result.get("requests").asLong();
        List<String> logged = nginx.logged("/flat", requests);
        assertThat(logged).hasSize((int) requests);
        // Every request of the one-machine schedule was answered, dropped or failed: 300/s for 4 s.
        assertThat(requests
                        + result.at("/pacing/dropped").asLong()
                        + result.at("/errors/total").asLong())
                .isEqualTo(RATE * 4);
        assertThat(result.at("/distributed/parts")).hasSize(WORKERS);
        for (JsonNode part : result.at("/distributed/parts")) {
            assertThat(part.get("start_skew_us").asDouble()).isLessThan(1_000_000);
        }
        assertFlat(logged, startAt, 4);
    }

    /**
     * The requests nginx logged per 100 ms from the common start are flat: the median 100 ms holds 30 (300/s)
     * within 3, and no request came ahead of the one-machine schedule: by the end of every 100 ms, at most the 30 per
     * 100 ms due by then had arrived, plus 3 (10 ms of the schedule, for the log's millisecond times and the time a
     * request takes). Together the workers send at the rate, and never ahead of it, as a wrong split (a worker at
     * the whole rate, or at another worker's times) or a wrong start (a worker starting before the others) would.
     * What a loaded two-core machine does is allowed: a worker's JVM, or nginx, stalls for a few hundred
     * milliseconds and then what fell due meanwhile arrives at once (seen with a load average of 18: nothing for
     * 300 ms, then 111 in one 100 ms), which stays behind the schedule; the median 100 ms still holds the rate.
     */
    private static void assertFlat(List<String> logged, Instant startAt, int seconds) {
        long startMillis = startAt.toEpochMilli();
        Map<Long, Integer> buckets = new TreeMap<>();
        for (String line : logged) {
            long millis = Math.round(Double.parseDouble(line.substring(0, line.indexOf(' '))) * 1000);
            buckets.merge(Math.floorDiv(millis - startMillis, 100), 1, Integer::sum);
        }
        int expected = RATE / 10;
        assertThat(buckets.keySet())
                .as("requests before the start (all: %s)", buckets)
                .allMatch(bucket -> bucket >= 0);
        List<Integer> counts = new ArrayList<>();
        long arrived = 0;
        for (long bucket = 0; bucket < seconds * 10L; bucket++) {
            int count = buckets.getOrDefault(bucket, 0);
            counts.add(count);
            arrived += count;
            assertThat(arrived)
                    .as("requests arrived in the first %d ms (all: %s)", (bucket + 1) * 100, buckets)
                    .isLessThanOrEqualTo(expected * (bucket + 1) + 3);
        }
        counts.sort(null);
        assertThat(counts.get(counts.size() / 2))
                .as("the median requests per 100 ms (all: %s)", buckets)
                .isBetween(expected - 3, expected + 3);
    }

    @Test
    void aWorkerReadyTooLateRefusesAndTheMergeSaysItIsMissing() throws Exception {
        Instant startAt = Instant.now().plusMillis(START_DELAY_MILLIS);
        List<String> arguments = jobArguments("late", startAt, "2s", "/late");
        Worker first = launch(0, arguments);
        Worker second = launch(1, arguments);
        Thread.sleep(Math.max(0, startAt.toEpochMilli() + 1500 - System.currentTimeMillis()));
        Worker late = launch(2, arguments);

        assertThat(awaitExit(late)).isEqualTo(ExitCode.LATE_START);
        assertThat(Files.readString(late.log())).contains("loadgen: ready ", "more than the start tolerance");
        assertThat(awaitExit(first)).as(Files.readString(first.log())).isZero();
        assertThat(awaitExit(second)).as(Files.readString(second.log())).isZero();
        String[] logs = {
            first.log().toString(), second.log().toString(), late.log().toString()
        };

        CliRun refused = CliRun.of("merge", logs[0], logs[1]);
        CliRun partial = CliRun.of("merge", logs[0], logs[1], "--allow-partial", "--json", "-");

        assertThat(refused.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(refused.err()).contains("worker 2 of 3 missing from run 'late'");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.err()).contains("PARTIAL: worker 2 missing");
        JsonNode result = JSON.readTree(partial.out());
        assertThat(result.at("/distributed/partial").asBoolean()).isTrue();
        long requests = result.get("requests").asLong();
        assertThat(nginx.logged("/late", requests)).hasSize((int) requests);
    }

    @Test
    void aWorkerKilledWithSigkillLeavesNoResultAndTheMergeIsPartial() throws Exception {
        Instant startAt = Instant.now().plusMillis(START_DELAY_MILLIS);
        List<String> arguments = jobArguments("killed", startAt, "4s", "/killed");
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(launch(i, arguments));
        }
        Thread.sleep(Math.max(0, startAt.toEpochMilli() + 1000 - System.currentTimeMillis()));
        Process killed = workers.get(1).process();
        // destroyForcibly is SIGKILL on Unix: no shutdown hook, no report, no result line.
        killed.destroyForcibly();
        assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(128 + 9);
        assertThat(awaitExit(workers.get(0))).isZero();
        assertThat(awaitExit(workers.get(2))).isZero();
        String[] logs = workers.stream().map(w -> w.log().toString()).toArray(String[]::new);

        CliRun refused = CliRun.of("merge", logs[0], logs[1], logs[2]);
        CliRun partial = CliRun.of("merge", logs[0], logs[1], logs[2], "--allow-partial");

        assertThat(refused.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(refused.err()).contains(logs[1] + ": no loadgen result in it");
        assertThat(partial.exitCode()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("Merged 2 of 3 workers of run killed", "PARTIAL: worker 1 missing");
        long merged = Long.parseLong(partial.out().replaceAll("(?s).*\\n  (\\d+) requests in .*", "$1"));
        // The killed worker's requests reached the server but are in no result.
        assertThat(nginx.logged("/killed", RATE * 4L).size()).isGreaterThan((int) merged);
    }
}
