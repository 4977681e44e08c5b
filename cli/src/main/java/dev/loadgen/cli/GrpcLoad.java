package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.StartException;
import dev.loadgen.core.Transport;
import dev.loadgen.grpc.GrpcDriver;
import dev.loadgen.grpc.GrpcJsonSection;
import dev.loadgen.grpc.GrpcOptions;
import dev.loadgen.grpc.GrpcReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Runs a gRPC load test: the options of {@link GrpcMixin} turned into a driver, run on the common engine. */
final class GrpcLoad {
    private GrpcLoad() {
    }

    /** Whether the URL is a gRPC target. */
    static boolean isGrpc(String scheme) {
        String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return lower.equals("grpc") || lower.equals("grpcs");
    }

    static GrpcOptions options(GrpcMixin grpc, int concurrentCalls, InputStream stdin) throws InputException {
        if (grpc.format != null && !grpc.format.equals("wrk") && !grpc.format.equals("ghz")) {
            throw new InputException("unknown --format '" + grpc.format + "' (use wrk or ghz)");
        }
        if (grpc.metadata != null && grpc.metadataFile != null) {
            throw new InputException("--metadata and --metadata-file cannot be used together");
        }
        String data = grpc.data == null ? null : textOrFile(grpc.data, "--data", stdin);
        byte[] binary = grpc.binaryFile == null ? null : read(grpc.binaryFile, "--binary-file");
        String metadata = grpc.metadataFile != null
                ? new String(read(grpc.metadataFile, "--metadata-file"), StandardCharsets.UTF_8)
                : grpc.metadata == null ? null : textOrFile(grpc.metadata, "--metadata", stdin);
        return new GrpcOptions(grpc.call, grpc.proto, grpc.importPaths, grpc.protoset, grpc.reflectMetadata, data,
                binary, metadata, concurrentCalls, orZero(grpc.streamIntervalNanos),
                orZero(grpc.streamCallDurationNanos), orZero(grpc.streamCallCount), grpc.caCert, grpc.cert, grpc.key,
                grpc.authority);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static String textOrFile(String value, String option, InputStream stdin) throws InputException {
        if (value.equals("@-")) {
            try {
                return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException("cannot read " + option + " from stdin: " + e.getMessage());
            }
        }
        if (value.startsWith("@")) {
            return new String(read(Path.of(value.substring(1)), option), StandardCharsets.UTF_8);
        }
        return value;
    }

    private static byte[] read(Path file, String option) throws InputException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read " + option + " file '" + file + "': no such file");
        } catch (IOException | SecurityException e) {
            throw new InputException("cannot read " + option + " file '" + file + "': " + e.getMessage());
        }
    }

    /** Runs, prints the report and writes the other outputs; the same exit codes as an HTTP run. */
    static int runAndReport(RunSpec runSpec, GrpcOptions options, boolean ghzFormat, ReportOptions report, Gates gates,
                            PrintWriter out, PrintWriter err) throws InputException, StartException, InterruptedException {
        try (RunOutputs outputs = RunOutputs.open(report, runSpec, err);
             Gates judged = gates.open()) {
            Transport transport = Transport.best();
            GrpcDriver driver = GrpcDriver.create(runSpec, transport, options);
            try (LoadRun run = LoadRun.prepare(runSpec, transport, driver)) {
                try {
                    run.preflight();
                } catch (StartException e) {
                    if (e.getCause() instanceof InputException input) {
                        throw input;
                    }
                    throw e;
                }
                PrintWriter text = outputs.text(out, err);
                if (!ghzFormat) {
                    text.print(GrpcReport.header(runSpec, options.concurrentCalls()));
                    text.flush();
                }
                try (StopOnSignal signal = StopOnSignal.install(run::stop,
                        runSpec.timeoutNanos() + TimeUnit.SECONDS.toNanos(5))) {
                    RunResult result = run.execute(judged.observer(run, outputs.observer()), report.intervalNanos());
                    outputs.clearProgress();
                    GrpcReport.Input input = new GrpcReport.Input(result, driver.summary(), driver.prepared());
                    text.print(ghzFormat ? GrpcReport.ghz(input)
                            : GrpcReport.wrk(input, report.latency(), report.uncorrected()));
                    text.print(judged.report(result));
                    text.flush();
                    outputs.addJsonSection(new GrpcJsonSection(input));
                    return LoadCommand.finish(result, outputs, judged, out, err);
                }
            }
        }
    }
}
