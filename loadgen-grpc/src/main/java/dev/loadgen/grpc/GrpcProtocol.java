package dev.loadgen.grpc;

import dev.loadgen.core.BuiltInTarget;
import dev.loadgen.core.Concurrency;
import dev.loadgen.core.InputException;
import dev.loadgen.core.InputFiles;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.Quantities;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.gate.StatusNames;
import dev.loadgen.core.report.ReportSection;
import dev.loadgen.core.report.WrkUnits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * gRPC for {@code grpc://} (plaintext HTTP/2) and {@code grpcs://} (TLS) targets, with ghz's options: the method
 * from a .proto, a protoset or server reflection, JSON request data and metadata with templates, streams. Found
 * through {@link java.util.ServiceLoader}; holds the values of its options ({@link GrpcFlags}) for one command
 * line. {@code -c} is the calls in flight, {@code --connections} the HTTP/2 connections they share.
 */
public final class GrpcProtocol implements Protocol {
    private static final long MAX_CALLS = 1_000_000;
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d{1,12})\\s*(b|k|kb|kib|m|mb|mib)?");
    /** Error messages the HTML report lists, most frequent first. */
    private static final int REPORTED_ERRORS = 5;

    private final GrpcFlags flags = new GrpcFlags();
    private final InputStream stdin;

    public GrpcProtocol() {
        this(System.in);
    }

    /** @param stdin where {@code -D @-} and {@code -m @-} read from */
    GrpcProtocol(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public String displayName() {
        return "gRPC";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("grpc", "grpcs");
    }

    @Override
    public GrpcFlags options() {
        return flags;
    }

    @Override
    public String helpTopic() {
        return String.join(
                "\n",
                "gRPC targets: grpc:// (plaintext HTTP/2) and grpcs:// (TLS) URLs, with ghz's options.",
                "The method comes from a .proto file (--proto, --import-paths), a protoset (--protoset) or, with",
                "neither, the server's reflection service. -c is the calls in flight at once; --connections the",
                "HTTP/2 connections they share (default: one per thread). -D gives the request as JSON (a JSON array",
                "is the messages of a client stream), -m the metadata; both take templates such as",
                "{{.RequestNumber}}. Calls whose status is not OK count as errors (\"Non-OK responses\"; status names",
                "such as 'status:Unavailable==0' in --assert). --format ghz prints ghz's summary instead of wrk's",
                "report.",
                "",
                "Examples:",
                "  loadgen -c 50 -n 10k --proto greeter.proto --call helloworld.Greeter/SayHello \\",
                "          -D '{\"name\":\"x\"}' grpc://127.0.0.1:50051",
                "  loadgen -c 10 -d 30s --call helloworld.Greeter/SayHello -D '{\"name\":\"{{.RequestNumber}}\"}' \\",
                "          --cacert ca.pem grpcs://api.example.com:443",
                "  loadgen serve --grpc-port 50051      (the built-in gRPC target, reflection on)",
                "");
    }

    @Override
    public StatusNames statusNames() {
        return GrpcStatusNames.INSTANCE;
    }

    @Override
    public ProtocolRun prepare(TargetSpec target, Concurrency concurrency) throws InputException {
        if (target.method() != null || !target.headers().isEmpty() || target.body().length > 0) {
            throw new InputException(
                    "-X, -H, --body and --body-file are for HTTP; for gRPC use -D/--data and " + "-m/--metadata");
        }
        long calls = concurrency.concurrency() != null ? concurrency.concurrency() : Concurrency.DEFAULT;
        if (calls < 1 || calls > MAX_CALLS) {
            throw new InputException("concurrent calls (-c) must be between 1 and " + MAX_CALLS);
        }
        long links =
                concurrency.connections() != null ? concurrency.connections() : Math.min(concurrency.threads(), calls);
        if (links < 1 || links > calls) {
            throw new InputException("--connections must be between 1 and -c (" + calls + ")");
        }
        if (links < concurrency.threads()) {
            throw new InputException(
                    "number of connections (" + links + ") must be >= threads (" + concurrency.threads() + ")");
        }
        int perConnection = (int) ((calls + links - 1) / links);
        return new GrpcRun(
                target.withMethod("POST"),
                options((int) calls, target.maxFileBytes()),
                (int) links,
                perConnection,
                "ghz".equals(flags.format));
    }

    /** @param maxFileBytes the most a file read whole may hold ({@code --max-file-size}) */
    private GrpcOptions options(int concurrentCalls, long maxFileBytes) throws InputException {
        if (flags.format != null && !flags.format.equals("wrk") && !flags.format.equals("ghz")) {
            throw new InputException("unknown --format '" + flags.format + "' (use wrk or ghz)");
        }
        if (flags.metadata != null && flags.metadataFile != null) {
            throw new InputException("--metadata and --metadata-file cannot be used together");
        }
        String data = flags.data == null ? null : textOrFile(flags.data, "--data", maxFileBytes);
        byte[] binary = flags.binaryFile == null ? null : read(flags.binaryFile, "--binary-file", maxFileBytes);
        String metadata = flags.metadataFile != null
                ? new String(read(flags.metadataFile, "--metadata-file", maxFileBytes), StandardCharsets.UTF_8)
                : flags.metadata == null ? null : textOrFile(flags.metadata, "--metadata", maxFileBytes);
        return new GrpcOptions(
                flags.call,
                flags.proto,
                flags.importPaths,
                flags.protoset,
                flags.reflectMetadata,
                data,
                binary,
                metadata,
                concurrentCalls,
                durationNanos(flags.streamInterval, "--stream-interval"),
                durationNanos(flags.streamCallDuration, "--stream-call-duration"),
                count(flags.streamCallCount, "--stream-call-count"),
                flags.caCert,
                flags.cert,
                flags.key,
                flags.authority,
                gzip(),
                maxReceiveMessageBytes());
    }

    private boolean gzip() throws InputException {
        if (flags.compression == null) {
            return flags.enableCompression;
        }
        String name = flags.compression.toLowerCase(Locale.ROOT);
        if (!name.equals("gzip") && !name.equals("identity")) {
            throw new InputException("unknown --compression '" + flags.compression + "' (use gzip or identity)");
        }
        if (flags.enableCompression && name.equals("identity")) {
            throw new InputException("-e/--enable-compression means gzip; it contradicts --compression identity");
        }
        return name.equals("gzip");
    }

    /** A size in bytes: a number, optionally with B, KiB or MiB (K and M, KB and MB read the same, as 1024s). */
    private int maxReceiveMessageBytes() throws InputException {
        if (flags.maxRecvMessageSize == null) {
            return GrpcOptions.DEFAULT_MAX_RECEIVE_MESSAGE_BYTES;
        }
        String text = flags.maxRecvMessageSize.trim();
        Matcher size = SIZE.matcher(text);
        long bytes = -1;
        if (size.matches()) {
            long number = Long.parseLong(size.group(1));
            String unit = size.group(2) == null ? "b" : size.group(2).toLowerCase(Locale.ROOT);
            bytes = number * (unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1);
        }
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            throw new InputException("invalid value for option '--max-recv-message-size': '" + text
                    + "' (a size from 1 byte to 2GiB, e.g. 4MiB or 65536)");
        }
        return (int) bytes;
    }

    private static long durationNanos(String value, String option) throws InputException {
        if (value == null) {
            return 0;
        }
        try {
            return Quantities.parseDurationNanos(value, TimeUnit.SECONDS);
        } catch (InputException e) {
            throw new InputException("invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    private static long count(String value, String option) throws InputException {
        if (value == null) {
            return 0;
        }
        try {
            return Quantities.parseCount(value);
        } catch (InputException e) {
            throw new InputException("invalid value for option '" + option + "': " + e.getMessage());
        }
    }

    private String textOrFile(String value, String option, long maxFileBytes) throws InputException {
        if (value.equals("@-")) {
            try {
                return new String(InputFiles.readAllBytes(stdin, maxFileBytes), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputException("cannot read " + option + " from stdin: " + e.getMessage());
            }
        }
        if (value.startsWith("@")) {
            return new String(read(Path.of(value.substring(1)), option, maxFileBytes), StandardCharsets.UTF_8);
        }
        return value;
    }

    private static byte[] read(Path file, String option, long maxFileBytes) throws InputException {
        try {
            return InputFiles.readAllBytes(file, maxFileBytes);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read " + option + " file '" + file + "': no such file");
        } catch (IOException | SecurityException e) {
            throw new InputException("cannot read " + option + " file '" + file + "': " + e.getMessage());
        }
    }

    /** Stream messages each way, the gap between received messages, and the most frequent error messages. */
    @Override
    public ReportSection reportSection(RunResult result) {
        CallStats.Summary summary = CallStats.Summary.of(result.protocolStats());
        double seconds = result.elapsedNanos() / 1e9;
        Map<String, String> rows = new LinkedHashMap<>();
        Histogram gap = summary.messageLatencyNanos();
        // Unary calls send and receive one message each: the rows would only repeat the call count.
        if (gap.getTotalCount() > 0 || summary.messagesSent() != summary.messagesReceived()) {
            rows.put(
                    "Messages sent",
                    summary.messagesSent() + " (" + perSecond(summary.messagesSent(), seconds) + "/s)");
            rows.put(
                    "Messages received",
                    summary.messagesReceived() + " (" + perSecond(summary.messagesReceived(), seconds) + "/s)");
        }
        if (gap.getTotalCount() > 0) {
            rows.put(
                    "Message gap",
                    "p50 " + WrkUnits.formatMicros(gap.getValueAtPercentile(50) / 1000.0) + ", p99 "
                            + WrkUnits.formatMicros(gap.getValueAtPercentile(99) / 1000.0) + ", max "
                            + WrkUnits.formatMicros(gap.getMaxValue() / 1000.0));
        }
        for (Map.Entry<String, Long> error : summary.topErrors(REPORTED_ERRORS)) {
            rows.put(error.getKey(), error.getValue() + (error.getValue() == 1 ? " call" : " calls"));
        }
        return new ReportSection(displayName(), rows);
    }

    private static String perSecond(long count, double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds > 0 ? count / seconds : 0);
    }

    @Override
    public BuiltInTarget builtInTarget() {
        return new GrpcBuiltInTarget();
    }
}
