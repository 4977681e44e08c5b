package dev.loadgen.cli;

import dev.loadgen.core.BuiltInTarget;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.StartException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's class-data archive: a JVM started with
 * {@code -XX:ArchiveClassesAtExit} runs this once per build, so that the classes a user's run loads are mapped
 * from the archive instead of being found, read and verified in the jars each time. It exercises the paths whose
 * classes matter at start: every protocol's training runs ({@link BuiltInTarget#trainingRuns}), each for a
 * fraction of a second against that protocol's built-in target on 127.0.0.1, with every report thrown away.
 * Single-threaded; the exit code is 0 whatever happened, since a failed training only makes a smaller archive
 * (Main.execute never throws; a protocol's own failures are caught).
 */
public final class ArchiveTraining {
    private static final List<String> SHORT_RUN = List.of("-t", "1", "-c", "1", "-d", "200ms");

    private ArchiveTraining() {}

    public static void main(String[] args) {
        Main.quietNettyDefaults();
        PrintWriter discard =
                new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8), true);
        for (Protocol protocol : Protocols.load().all()) {
            if (protocol.builtInTarget() != null) {
                try {
                    train(protocol.builtInTarget(), discard);
                } catch (IOException | StartException | RuntimeException e) {
                    // Only the archive is smaller for it; the launcher runs without what this part would have added.
                }
            }
        }
        System.exit(0);
    }

    private static void train(BuiltInTarget builtIn, PrintWriter discard) throws IOException, StartException {
        Path scratch = Files.createTempDirectory("loadgen-training");
        try (BuiltInTarget.Running target = builtIn.start("127.0.0.1", 0, 1)) {
            for (List<String> run : builtIn.trainingRuns(target.uri(), scratch)) {
                List<String> args = new ArrayList<>(SHORT_RUN);
                args.addAll(run);
                Main.execute(args.toArray(String[]::new), discard, discard);
            }
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // A leftover file in the temporary directory costs nothing; the archive is what matters.
        }
    }
}
