package dev.loadgen.cli;

import dev.loadgen.core.Concurrency;
import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.Header;
import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.RateStages;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StartException;
import dev.loadgen.core.TargetSpec;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen [options] URL}: a load test with wrk's flags and wrk's report, for whichever protocol serves the
 * URL's scheme. The protocols' own options are added to this command by {@link #commandLine}, each under its own
 * heading. Runs on the main thread.
 */
@Command(
        name = "loadgen",
        sortOptions = false,
        versionProvider = VersionProvider.class,
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            ReportCommand.class,
            CompareCommand.class,
            HelpCommand.class
        },
        usageHelpAutoWidth = true,
        showAtFileInUsageHelp = true,
        customSynopsis = {"loadgen [OPTIONS] URL", "       loadgen [serve | demo | report | compare | help] [OPTIONS]"},
        description = "Load generator: wrk's command line and report, with honest latency, for every protocol below.%n",
        footer = {
            "%nExit codes: 0 run completed, 1 run could not start, 2 invalid input, 3 an assertion or regression limit "
                    + "failed, 130 interrupted.",
            "Examples:",
            "  loadgen -t 4 -c 64 -d 30s --latency http://127.0.0.1:8080/",
            "  loadgen -t 2 -c 100 -d 60s -R 20k --latency http://127.0.0.1:8080/",
            "  loadgen -n 10k -X POST --body '{\"a\":1}' -H 'Content-Type: application/json' http://127.0.0.1:8080/api",
            "  loadgen help PROTOCOL          (what a protocol does, and its options)",
            "  loadgen -d 30s --assert 'p99<25ms' --assert 'errors<0.1%%' --junit gate.xml http://127.0.0.1:8080/",
            "  loadgen serve --port 8080      (a target to try it on)"
        })
final class LoadCommand implements Callable<Integer> {
    private static final long DEFAULT_DURATION_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Whether loadgen runs in a terminal, where the live progress line belongs. Java 17 has a console only when
     * neither stdin nor stdout is redirected; tests replace the decision.
     */
    static BooleanSupplier terminal = LoadCommand::inTerminal;

    /**
     * Java 22 to 24 have a console for redirected streams too (Java 25 no longer does), and tell the two apart
     * with {@code Console.isTerminal()}, Java 22's: called reflectively, as the byte code is Java 17's.
     */
    @SuppressWarnings("SystemConsoleNull") // a null console is still "no terminal" on every Java; see above
    private static boolean inTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before Java 22, where a console is a terminal
        }
    }

    private final Protocols protocols;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-t", "--threads"},
            paramLabel = "N",
            defaultValue = "2",
            description = "Threads (event loops) to use. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = {"-c", "--concurrency"},
            paramLabel = "N",
            converter = CountConverter.class,
            description = "Connections to keep open, in total, spread over the threads; for protocols that "
                    + "multiplex a connection, requests in flight at once. Default: 10.")
    Long concurrency;

    @Option(
            names = "--connections",
            paramLabel = "N",
            converter = CountConverter.class,
            description = "Connections; the same as -c where a connection carries one request at a time, the "
                    + "connections the requests in flight share where it carries several. Default: see the protocol.")
    Long connectionsOption;

    @Option(
            names = {"-d", "--duration"},
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Duration of the test: 30 (seconds), 30s, 500ms, 2m, 1h. Default: 10s, unless -n is given.")
    Long durationNanos;

    @Option(
            names = {"-n", "--requests"},
            paramLabel = "N",
            converter = CountConverter.class,
            description = "Stop after N requests in total (10k, 1M work). With -d, whichever comes first.")
    Long requests;

    @Option(
            names = {"-R", "--rate"},
            paramLabel = "N",
            converter = CountConverter.class,
            description = "Constant rate: N requests per second in total (1k works). Latency is then measured from "
                    + "when each request was due (corrected for coordinated omission).")
    Long rate;

    @Option(
            names = "--stages",
            paramLabel = "D:RATE,...",
            description = "Rate stages, linear between points, e.g. 10s:1000,30s:5000,20s:5000 (ramp from 0 to "
                    + "1000 in 10 s, to 5000 over 30 s, hold 20 s). Sets the duration; implies constant-rate mode.")
    String stages;

    @Option(
            names = "--backlog",
            paramLabel = "N",
            defaultValue = "10k",
            converter = CountConverter.class,
            description = "Constant-rate mode: requests that may wait for a free connection, in total; beyond "
                    + "it they are dropped and counted. Default: 10k.")
    long backlog;

    @Option(
            names = "--warmup",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Send traffic for this long at the start without recording it (the report says how much). "
                    + "Part of the run's duration.")
    Long warmupNanos;

    @Option(
            names = {"-U", "--u_latency"},
            description = "Implies --latency. At a constant rate (-R, --stages), also print the latency measured from "
                    + "the actual write (uncorrected). In closed loop the two are the same and nothing is added.")
    boolean uncorrectedLatency;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            converter = HeaderConverter.class,
            description = "Add a header to every request; repeatable.")
    List<Header> headers = new ArrayList<>();

    @Option(
            names = {"-X", "--method"},
            paramLabel = "METHOD",
            description = "Request method. Default: GET, or POST when a body is given.")
    String method;

    @Option(names = "--body", paramLabel = "STRING", description = "Request body.")
    String body;

    @Option(names = "--body-file", paramLabel = "PATH", description = "Read the request body from a file.")
    Path bodyFile;

    @Option(
            names = "--latency",
            description = "Print the latency distribution: 50, 75, 90, 99%%; at a constant rate "
                    + "wrk2's percentiles up to 100%% and the detailed HdrHistogram spectrum.")
    boolean latency;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description =
                    "Also write the result as JSON (schema loadgen-result-v2, latency histograms included) to "
                            + "FILE, replaced only once the run is over. '-' writes it to stdout and the text report to stderr.")
    String json;

    @Option(
            names = "--hlog",
            paramLabel = "FILE",
            description = "Write an HdrHistogram interval log (latency in nanoseconds, tags corrected and uncorrected) "
                    + "to FILE, one interval per --hlog-interval. Read it with loadgen report or HdrHistogram's tools.")
    Path hlog;

    @Option(
            names = "--hlog-interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Length of the intervals in --hlog, in the --html charts and of the live progress updates. "
                    + "Default: 1s.")
    long intervalNanos;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description =
                    "Also write the report as one self-contained HTML page (summary, latency percentile "
                            + "spectrum, requests/sec, latency and errors over time) to FILE, replaced only once the run is over.")
    Path html;

    @Option(
            names = "--quiet",
            description = "No live progress line. It is shown on stderr only when loadgen runs in a terminal.")
    boolean quiet;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "A request without a complete response after this long is a timeout error and its "
                    + "connection is replaced. Default: 2s.")
    long timeoutNanos;

    @Option(
            names = {"-k", "--insecure"},
            description = "Do not verify TLS certificates or host names.")
    boolean insecure;

    @Option(
            names = {"-s", "--script"},
            paramLabel = "FILE",
            description = "wrk Lua script: not supported (refused).")
    String script;

    @Option(
            names = ConfigFile.OPTION,
            paramLabel = "FILE",
            description = "Read options from a YAML file. Every long option is a key, without its dashes, and url is "
                    + "the target: threads: 4, duration: 30s, latency: true, header: ['Accept: text/plain']. Options "
                    + "on the command line override the file; repeatable ones add to its lists.")
    Path config;

    @Option(
            names = {"-v", "--version"},
            versionHelp = true,
            description = "Print the version and exit.")
    boolean versionRequested;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean helpRequested;

    @Parameters(
            arity = "0..1",
            paramLabel = "URL",
            description = "Target; its scheme picks the protocol (see the protocols' options below).")
    String url;

    @Mixin
    GateOptions gateOptions = new GateOptions();

    @Mixin
    ObserveOptions observeOptions = new ObserveOptions();

    LoadCommand(Protocols protocols) {
        this.protocols = protocols;
    }

    /** The main command over every protocol on the class path, with their options added by {@link #commandLine}. */
    LoadCommand() {
        this(Protocols.load());
    }

    /**
     * The command line of {@code command}: every protocol's options added under its heading, its help grouped,
     * and the built-in targets' options added to {@code serve} and {@code demo}.
     */
    static CommandLine commandLine(LoadCommand command) {
        CommandLine commandLine = new CommandLine(command);
        CommandSpec main = commandLine.getCommandSpec();
        for (Protocol protocol : command.protocols.all()) {
            if (protocol.options() != null) {
                main.addMixin(protocol.name(), CommandSpec.forAnnotatedObject(protocol.options()));
            }
        }
        OptionGroups.install(commandLine, command.protocols);
        ServeCommand.addTargetOptions(commandLine.getSubcommands().get("serve").getCommandSpec(), command.protocols);
        DemoCommand.addProtocolOptions(commandLine.getSubcommands().get("demo").getCommandSpec(), command.protocols);
        return commandLine;
    }

    Protocols protocols() {
        return protocols;
    }

    @Override
    public Integer call() throws InputException, StartException, InterruptedException {
        if (script != null) {
            throw new InputException("Lua scripts (-s) are not supported; use -X, -H and --body to shape requests");
        }
        if (url == null) {
            throw new InputException(
                    "missing URL (try: loadgen -c 10 -d 10s http://127.0.0.1:8080/, or loadgen --help)");
        }
        URI uri = parseUrl(url);
        Protocol protocol = protocols.forScheme(uri.getScheme());
        rejectOptionsOfOtherProtocols(protocol);
        if (threads < 1) {
            throw new InputException("threads (-t) must be at least 1");
        }
        if (observeOptions.traceSample != null
                && observeOptions.traceSample > 0
                && headers.stream().anyMatch(header -> header.name().equalsIgnoreCase("traceparent"))) {
            throw new InputException("-H traceparent and --trace-sample cannot be used together: each traced "
                    + "request gets a traceparent of its own");
        }
        byte[] payload = body();
        String verb = method == null ? null : method.toUpperCase(Locale.ROOT);
        ProtocolRun protocolRun = protocol.prepare(
                new TargetSpec(uri, verb, headers, payload, insecure),
                new Concurrency(threads, concurrency, connectionsOption));
        RunSpec runSpec = runSpec(protocolRun);
        ReportOptions reportOptions = reportOptions();
        ObserveOptions.Settings observe = observeOptions.settings();
        return RunPipeline.run(
                protocol,
                protocolRun,
                runSpec,
                reportOptions,
                observe,
                gateOptions.gates(protocol.statusNames()),
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /** An option of another protocol than the URL's is a mistake the user should hear about, not silently ignored. */
    private void rejectOptionsOfOtherProtocols(Protocol chosen) throws InputException {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (Protocol other : protocols.all()) {
            CommandSpec mixin = spec.mixins().get(other.name());
            if (other == chosen || mixin == null) {
                continue;
            }
            for (OptionSpec option : mixin.options()) {
                if (parsed != null && parsed.hasMatchedOption(option.longestName())) {
                    throw new InputException(option.longestName() + " and the other " + other.displayName()
                            + " options need a " + OptionGroups.schemes(other, " or ") + " URL");
                }
            }
        }
    }

    /** wrk2's {@code -U} implies {@code --latency}; progress only on a terminal, unless --quiet. */
    private ReportOptions reportOptions() throws InputException {
        if (intervalNanos < MIN_INTERVAL_NANOS) {
            throw new InputException("--hlog-interval must be at least 10ms");
        }
        return new ReportOptions(
                latency || uncorrectedLatency,
                uncorrectedLatency,
                json,
                hlog,
                html,
                intervalNanos,
                !quiet && terminal.getAsBoolean());
    }

    /** The run: the common options' validated values with the protocol's connections and target. */
    private RunSpec runSpec(ProtocolRun protocolRun) throws InputException {
        if (durationNanos != null && durationNanos <= 0) {
            throw new InputException("duration (-d) must be positive");
        }
        if (requests != null && requests <= 0) {
            throw new InputException("requests (-n) must be positive");
        }
        if (timeoutNanos <= 0) {
            throw new InputException("timeout (--timeout) must be positive");
        }
        Schedule schedule = schedule();
        long duration;
        if (stages != null) {
            if (durationNanos != null) {
                throw new InputException("--stages sets the duration; leave out -d");
            }
            duration = ((Schedule.OpenLoop) schedule).fireTimes().durationNanos();
        } else {
            duration = durationNanos != null ? durationNanos : requests != null ? 0 : DEFAULT_DURATION_NANOS;
        }
        long warmup = warmupNanos == null ? 0 : warmupNanos;
        if (warmup < 0 || (duration > 0 && warmup >= duration)) {
            throw new InputException("--warmup must be shorter than the run's duration");
        }
        if (warmup > 0 && duration == 0) {
            throw new InputException("--warmup needs a duration (-d or --stages)");
        }
        return new RunSpec(
                protocolRun.target(),
                threads,
                protocolRun.connections(),
                duration,
                requests == null ? 0 : requests,
                timeoutNanos,
                schedule,
                protocolRun.inFlightPerConnection(),
                warmup,
                observeOptions.tracing());
    }

    private Schedule schedule() throws InputException {
        if (rate != null && stages != null) {
            throw new InputException("-R and --stages cannot be used together");
        }
        if (backlog < 1 || backlog > Integer.MAX_VALUE) {
            throw new InputException("--backlog must be between 1 and " + Integer.MAX_VALUE);
        }
        if (stages != null) {
            try {
                return new Schedule.OpenLoop(RateStages.parse(stages), (int) backlog);
            } catch (InputException e) {
                throw new InputException("--stages: " + e.getMessage());
            }
        }
        if (rate != null) {
            if (rate < 1) {
                throw new InputException("rate (-R) must be at least 1 request per second");
            }
            return new Schedule.OpenLoop(new ConstantRate(rate), (int) backlog);
        }
        return Schedule.closedLoop();
    }

    private static URI parseUrl(String text) throws InputException {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InputException("invalid URL '" + text + "': " + e.getReason());
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new InputException(
                    "invalid URL '" + text + "' (expected scheme://host[:port]/path, e.g. http://127.0.0.1:8080/)");
        }
        return uri;
    }

    private byte[] body() throws InputException {
        if (body != null && bodyFile != null) {
            throw new InputException("--body and --body-file cannot be used together");
        }
        if (bodyFile != null) {
            try {
                return Files.readAllBytes(bodyFile);
            } catch (IOException | SecurityException e) {
                throw new InputException("cannot read body file '" + bodyFile + "': " + reason(e));
            }
        }
        return body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
