package dev.loadgen.cli;

import dev.loadgen.core.BuiltInTarget;
import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.StartException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen demo}: starts a protocol's built-in target on a free loopback port, runs a short test against it
 * through the main command, exactly as a user's run goes, and prints what the server itself counted. Runs on the
 * main thread.
 */
@Command(
        name = "demo",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Start a built-in target on 127.0.0.1 and run a short load test against it.")
final class DemoCommand implements Callable<Integer> {
    /** The protocol a demo shows when none is named. */
    static final String DEFAULT_PROTOCOL = "http";
    /** Streams per connection of an h2c demo: enough to show multiplexing on a few connections. */
    private static final int H2C_STREAMS = 8;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-t", "--threads"},
            paramLabel = "N",
            defaultValue = "2",
            description = "Threads of the load generator. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(
            names = {"-c", "--connections"},
            paramLabel = "N",
            defaultValue = "16",
            description =
                    "Connections (requests in flight, for a protocol that multiplexes). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(
            names = {"-d", "--duration"},
            paramLabel = "DURATION",
            defaultValue = "3s",
            description = "Duration. Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            description = "Path and query sent to the target, e.g. '/?delay=1ms'. Default: the protocol's own "
                    + "(/?size=256 for HTTP).")
    String path;

    @Option(
            names = "--protocol",
            paramLabel = "NAME",
            defaultValue = DEFAULT_PROTOCOL,
            description = "The protocol whose built-in target is tested. Default: ${DEFAULT-VALUE}.")
    String protocolName;

    @Option(
            names = "--h2c",
            description = "HTTP: speak HTTP/2 over cleartext to the built-in target, " + H2C_STREAMS
                    + " streams per connection.")
    boolean h2c;

    /** Adds {@code --NAME}, short for {@code --protocol NAME}, for every protocol that has a built-in target. */
    static void addProtocolOptions(CommandSpec demo, Protocols protocols) {
        for (Protocol protocol : protocols.all()) {
            if (protocol.builtInTarget() != null) {
                demo.addOption(OptionSpec.builder("--" + protocol.name())
                        .arity("0")
                        .type(boolean.class)
                        .description("Test the built-in " + protocol.displayName() + " target (--protocol "
                                + protocol.name() + ").")
                        .build());
            }
        }
    }

    @Override
    public Integer call() throws InputException, StartException {
        if (threads < 1 || connections < threads) {
            throw new InputException("demo needs threads >= 1 and connections >= threads");
        }
        Protocols protocols = ((LoadCommand) spec.parent().userObject()).protocols();
        Protocol protocol = protocols.named(chosenProtocol(protocols));
        BuiltInTarget builtIn = protocol.builtInTarget();
        if (builtIn == null) {
            throw new InputException(protocol.displayName() + " has no built-in target to demonstrate");
        }
        if (path != null && builtIn.demoPath().isEmpty()) {
            throw new InputException("--path does not apply to the built-in " + protocol.displayName() + " target");
        }
        if (h2c && !protocol.name().equals(DEFAULT_PROTOCOL)) {
            throw new InputException("--h2c is for the HTTP demo");
        }
        if (path != null && !path.startsWith("/")) {
            throw new InputException("--path must start with '/'");
        }
        String demoPath = path != null ? path : builtIn.demoPath();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (BuiltInTarget.Running target = builtIn.start("127.0.0.1", 0, 1)) {
            List<String> args = new ArrayList<>(List.of(
                    "-t",
                    Integer.toString(threads),
                    "-c",
                    Integer.toString(connections),
                    "-d",
                    duration,
                    "--latency",
                    "--quiet"));
            args.addAll(builtIn.demoArguments());
            if (h2c) {
                args.addAll(List.of("--h2c", "--streams", Integer.toString(H2C_STREAMS)));
            }
            args.add(target.uri().resolve(demoPath).toString());
            if (!builtIn.demoIntroduction().isEmpty()) {
                out.println("loadgen demo: " + builtIn.demoIntroduction());
            }
            int code = Main.execute(args.toArray(String[]::new), out, err);
            out.println();
            out.println(target.servedLine());
            out.flush();
            return code;
        }
    }

    /** {@code --NAME} wins over {@code --protocol}; two different {@code --NAME} flags are a mistake. */
    private String chosenProtocol(Protocols protocols) throws InputException {
        String chosen = null;
        for (Protocol protocol : protocols.all()) {
            OptionSpec flag = spec.findOption("--" + protocol.name());
            if (flag != null && Boolean.TRUE.equals(flag.getValue())) {
                if (chosen != null) {
                    throw new InputException("--" + chosen + " and --" + protocol.name() + " cannot be used together");
                }
                chosen = protocol.name();
            }
        }
        return chosen != null ? chosen : protocolName;
    }
}
