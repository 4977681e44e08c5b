package dev.loadgen.cli;

import dev.loadgen.core.Concurrency;
import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.FireTimes;
import dev.loadgen.core.Header;
import dev.loadgen.core.InputException;
import dev.loadgen.core.InputFiles;
import dev.loadgen.core.LateStartException;
import dev.loadgen.core.MaskedUrl;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.Quantities;
import dev.loadgen.core.RateStages;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StartException;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Transport;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
        usageHelpAutoWidth = true,
        showAtFileInUsageHelp = true,
        customSynopsis = {
            "loadgen [OPTIONS] URL",
            "       loadgen [serve | demo | report | merge | compare | help] [OPTIONS]"
        },
        description = "Load generator: wrk's command line and report, with honest latency, for every protocol below.%n",
        footer = {
            "%nExit codes: 0 run completed, 1 run could not start, 2 invalid input, 3 an assertion or regression limit "
                    + "failed, 4 started too late (--start-at), 130 interrupted (Ctrl-C: the report of what was measured; "
                    + "twice: at once).",
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
    private static final int DEFAULT_THREADS = 2;
    /** Far beyond any machine's cores; every thread is an event loop with its own selector and buffers. */
    static final int MAX_THREADS = 1024;

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
            description = "Threads (event loops) to use, at most " + MAX_THREADS + ". Default: " + DEFAULT_THREADS
                    + ", or fewer when -c (or --connections) is smaller.")
    Integer threads;

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
            names = "--transport",
            paramLabel = "NAME",
            defaultValue = Transport.AUTO,
            description = "Socket transport of the event loops: auto, io_uring, epoll, kqueue or nio. auto takes the "
                    + "first that works here of epoll (Linux), io_uring (Linux), kqueue (macOS) and nio; a named one "
                    + "that does not work here stops the run before it starts. Default: ${DEFAULT-VALUE}.")
    String transport;

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
            description =
                    "Constant rate: N requests per second in total (1k works; at most 1G). Latency is then measured from "
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
            names = "--max-file-size",
            paramLabel = "SIZE",
            description = "The most a file read whole for the requests may hold (a body, data or metadata file of "
                    + "any protocol), e.g. 512KiB, 1GiB; beyond it the run is refused. Default: 64MiB.")
    String maxFileSize;

    @Option(
            names = "--latency",
            description = "Print the latency distribution: 50, 75, 90, 99%%; at a constant rate "
                    + "wrk2's percentiles up to 100%% and the detailed HdrHistogram spectrum.")
    boolean latency;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            description = "Also write the result as JSON (schema loadgen-result-v2, latency histograms included) to "
                    + "FILE, replaced only once the run is over (a symbolic link's target is replaced; a device, FIFO or "
                    + "/dev/stdout is written straight). '-' writes it to stdout as one line and "
                    + "the text report to stderr.")
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
            names = "--mask-param",
            paramLabel = "NAME",
            split = ",",
            description = "Also mask the value of this query parameter in every output (text, JSON, HTML, JUnit, "
                    + "errors); repeatable. Always masked: access_token, token, password, api_key, key, sig, "
                    + "signature and the others listed in docs/output.md.")
    List<String> maskParams = new ArrayList<>();

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

    @Option(
            names = "--show-config",
            description = "Print on stderr where each option that is set came from (the command line, a LOADGEN_ "
                    + "environment variable, the --config file) before the run.")
    boolean showConfig;

    @Mixin
    GateOptions gateOptions = new GateOptions();

    @Mixin
    DistributedOptions distributedOptions = new DistributedOptions();

    /** The environment: LOADGEN_ variables and JOB_COMPLETION_INDEX; tests replace it. */
    Map<String, String> environment = System.getenv();

    /** The wall clock --start-at waits on; tests replace it. */
    InstantSource clock = InstantSource.system();

    /** Where each option set came from, for --show-config; set by {@link ConfigFileExecution} before the run. */
    ConfigSources configSources = ConfigSources.NONE;

    @Mixin
    ObserveOptions observeOptions = new ObserveOptions();

    LoadCommand(Protocols protocols) {
        this.protocols = protocols;
    }

    /** The main command over every protocol on the class path, with their options added by {@link #commandLine}. */
    LoadCommand() {
        this(Protocols.load());
    }

    /** The subcommands' names, in the order the help lists them. */
    static final List<String> SUBCOMMANDS = List.of("serve", "demo", "report", "merge", "compare", "help");

    /**
     * The command line of {@code command}: every protocol's options added under its heading, its help grouped,
     * the subcommands, and the built-in targets' options added to {@code serve} and {@code demo}.
     */
    static CommandLine commandLine(LoadCommand command) {
        return commandLine(command, true);
    }

    /**
     * As {@link #commandLine(LoadCommand)}, with the subcommands only when {@code withSubcommands}. Building a
     * command's model is picocli reflecting on its annotated fields, and the five subcommands' models are about half
     * of the whole on a start (Main leaves them out of a plain load run, whose arguments name none of them).
     */
    static CommandLine commandLine(LoadCommand command, boolean withSubcommands) {
        CommandLine commandLine = new CommandLine(command);
        if (withSubcommands) {
            commandLine.addSubcommand(new ServeCommand());
            commandLine.addSubcommand(new DemoCommand());
            commandLine.addSubcommand(new ReportCommand());
            commandLine.addSubcommand(new MergeCommand());
            commandLine.addSubcommand(new CompareCommand());
            commandLine.addSubcommand(new HelpCommand());
        }
        CommandSpec main = commandLine.getCommandSpec();
        for (Protocol protocol : command.protocols.all()) {
            if (protocol.options() != null) {
                main.addMixin(protocol.name(), CommandSpec.forAnnotatedObject(protocol.options()));
            }
        }
        // An option's value may be a subcommand's name: --run-id demo, -X report.
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        OptionGroups.install(commandLine, command.protocols);
        if (withSubcommands) {
            ServeCommand.addTargetOptions(
                    commandLine.getSubcommands().get("serve").getCommandSpec(), command.protocols);
            DemoCommand.addProtocolOptions(
                    commandLine.getSubcommands().get("demo").getCommandSpec(), command.protocols);
        }
        return commandLine;
    }

    Protocols protocols() {
        return protocols;
    }

    @Override
    public Integer call() throws InputException, StartException, InterruptedException, LateStartException {
        if (script != null) {
            throw new InputException("Lua scripts (-s) are not supported; use -X, -H and --body to shape requests");
        }
        if (url == null) {
            throw new InputException(
                    "missing URL (try: loadgen -c 10 -d 10s http://127.0.0.1:8080/, or loadgen --help)");
        }
        Set<String> secretParams = new HashSet<>(MaskedUrl.DEFAULT_SECRET_PARAMS);
        for (String name : maskParams) {
            if (name.isBlank()) {
                throw new InputException("--mask-param needs a parameter name");
            }
            secretParams.add(name.strip().toLowerCase(Locale.ROOT));
        }
        URI uri = parseUrl(url, secretParams);
        Protocol protocol = protocols.forScheme(uri.getScheme());
        rejectOptionsOfOtherProtocols(protocol);
        int threadCount = threads();
        long maxFileBytes = maxFileSize == null
                ? TargetSpec.DEFAULT_MAX_FILE_BYTES
                : option("--max-file-size", () -> Quantities.parseBytes(maxFileSize, InputFiles.MAX_BYTES));
        Transport sockets = Transport.of(transport);
        if (showConfig) {
            spec.commandLine().getErr().print(configSources.render());
            spec.commandLine().getErr().flush();
        }
        if (observeOptions.traceSample != null
                && observeOptions.traceSample > 0
                && headers.stream().anyMatch(header -> header.name().equalsIgnoreCase("traceparent"))) {
            throw new InputException("-H traceparent and --trace-sample cannot be used together: each traced "
                    + "request gets a traceparent of its own");
        }
        DistributedOptions.WorkerPlan plan = distributedOptions.plan(environment, clock);
        WorkerSplit split = plan.split();
        if (split.count() > 1) {
            gateOptions.refuseOnShare(split.count());
        }
        byte[] payload = body(maxFileBytes);
        String verb = method == null ? null : method.toUpperCase(Locale.ROOT);
        ProtocolRun protocolRun = protocol.prepare(
                new TargetSpec(uri, verb, headers, payload, insecure, maxFileBytes, secretParams),
                concurrencyShare(split, threadCount));
        RunSpec runSpec = runSpec(protocolRun, split, threadCount);
        ReportOptions reportOptions = reportOptions();
        ObserveOptions.Settings observe = observeOptions.settings();
        return RunPipeline.run(
                protocol,
                protocolRun,
                runSpec,
                sockets,
                reportOptions,
                observe,
                gateOptions.gates(protocol.statusNames()),
                plan,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /**
     * {@code -t} as given, or its default, which never exceeds {@code -c} or {@code --connections} (so that
     * {@code loadgen -c 1 URL} runs); a {@code -t} given above them stays the protocol's error to report.
     */
    private int threads() throws InputException {
        if (threads != null) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new InputException("threads (-t) must be between 1 and " + MAX_THREADS);
            }
            return threads;
        }
        long fewest = DEFAULT_THREADS;
        for (Long given : new Long[] {concurrency, connectionsOption}) {
            if (given != null && given >= 1) {
                fewest = Math.min(fewest, given);
            }
        }
        return (int) fewest;
    }

    /**
     * This worker's share of -c and --connections, and as many threads as it has connections at most. One worker
     * is the whole run as asked.
     */
    private Concurrency concurrencyShare(WorkerSplit split, int threadCount) throws InputException {
        if (split.count() == 1) {
            return new Concurrency(threadCount, concurrency, connectionsOption);
        }
        long asked = concurrency != null ? concurrency : Concurrency.DEFAULT;
        if (asked < split.count() || (connectionsOption != null && connectionsOption < split.count())) {
            throw new InputException("--workers " + split.count() + " needs at least one connection per worker (-c "
                    + asked + (connectionsOption != null ? ", --connections " + connectionsOption : "") + ")");
        }
        Long connectionsShare = connectionsOption == null ? null : split.share(connectionsOption);
        long fewest = Math.min(split.share(asked), connectionsShare == null ? Long.MAX_VALUE : connectionsShare);
        int shareThreads = (int) Math.min(threadCount, fewest);
        // Without -c, the default -c is the whole run's too, unless --connections alone says what the run has.
        Long concurrencyShare = concurrency != null || connectionsOption == null ? split.share(asked) : null;
        return new Concurrency(shareThreads, concurrencyShare, connectionsShare);
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
    private RunSpec runSpec(ProtocolRun protocolRun, WorkerSplit split, int threadCount) throws InputException {
        if (durationNanos != null && durationNanos <= 0) {
            throw new InputException("duration (-d) must be positive");
        }
        if (requests != null && requests <= 0) {
            throw new InputException("requests (-n) must be positive");
        }
        if (timeoutNanos <= 0) {
            throw new InputException("timeout (--timeout) must be positive");
        }
        if (requests != null && requests < split.count()) {
            throw new InputException(
                    "-n " + requests + " leaves a worker of --workers " + split.count() + " without a request");
        }
        Schedule schedule = schedule(split);
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
                Math.min(threadCount, protocolRun.connections()),
                protocolRun.connections(),
                duration,
                requests == null ? 0 : split.share(requests),
                timeoutNanos,
                schedule,
                protocolRun.inFlightPerConnection(),
                warmup,
                observeOptions.tracing());
    }

    /** The schedule of this worker's share of the run: every count-th request, and its share of the backlog. */
    private Schedule schedule(WorkerSplit split) throws InputException {
        Schedule whole = schedule();
        if (whole instanceof Schedule.OpenLoop open && split.count() > 1) {
            return new Schedule.OpenLoop(
                    split.fireTimes(open.fireTimes()), (int) Math.max(1, split.share(open.backlogCapacity())));
        }
        return whole;
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
            if (rate < 1 || rate > FireTimes.MAX_RATE_PER_SECOND) {
                throw new InputException("rate (-R) must be from 1 to 1G requests per second (one per nanosecond, "
                        + "the finest the clock schedules)");
            }
            return new Schedule.OpenLoop(new ConstantRate(rate), (int) backlog);
        }
        return Schedule.closedLoop();
    }

    /** The URL, whose text an error quotes with its secrets masked, as every output does. */
    private static URI parseUrl(String text, Set<String> secretParams) throws InputException {
        String shown = MaskedUrl.of(text, secretParams);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InputException(
                    "invalid URL '" + shown + "': " + e.getReason().replace(text, shown));
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new InputException(
                    "invalid URL '" + shown + "' (expected scheme://host[:port]/path, e.g. http://127.0.0.1:8080/)");
        }
        return uri;
    }

    /** A value parsed by {@code parser}, its error prefixed with the option's name. */
    private static long option(String name, Quantity parser) throws InputException {
        try {
            return parser.parse();
        } catch (InputException e) {
            throw new InputException("invalid value for option '" + name + "': " + e.getMessage(), e);
        }
    }

    /** A parse that may fail with bad input. */
    @FunctionalInterface
    private interface Quantity {
        long parse() throws InputException;
    }

    private byte[] body(long maxFileBytes) throws InputException {
        if (body != null && bodyFile != null) {
            throw new InputException("--body and --body-file cannot be used together");
        }
        if (bodyFile != null) {
            try {
                return InputFiles.readAllBytes(bodyFile, maxFileBytes);
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
