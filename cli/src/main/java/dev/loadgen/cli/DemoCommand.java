package dev.loadgen.cli;

import dev.loadgen.core.BuiltInTarget;
import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.StartException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * Adds {@code --NAME}, short for {@code --protocol NAME}, for every protocol that has a built-in target, and a
     * flag for each of its targets' demo variants.
     */
    static void addProtocolOptions(CommandSpec demo, Protocols protocols) {
        for (Protocol protocol : protocols.all()) {
            if (protocol.builtInTarget() != null) {
                demo.addOption(flag(
                        "--" + protocol.name(),
                        "Test the built-in " + protocol.displayName() + " target (--protocol " + protocol.name()
                                + ")."));
                for (BuiltInTarget.DemoVariant variant :
                        protocol.builtInTarget().demoVariants()) {
                    demo.addOption(flag("--" + variant.name(), variant.description()));
                }
            }
        }
    }

    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name)
                .arity("0")
                .type(boolean.class)
                .description(description)
                .build();
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
        List<String> variantArguments = variantArguments(protocols, protocol);
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
            args.addAll(variantArguments);
            args.add(target.uri().resolve(demoPath).toString());
            if (!builtIn.demoIntroduction().isEmpty()) {
                out.println("loadgen demo: " + builtIn.demoIntroduction());
            }
            // The demo is the same run wherever it is shown: LOADGEN_ variables do not change it.
            int code = Main.execute(args.toArray(String[]::new), Map.of(), out, err);
            out.println();
            out.println(target.servedLine());
            out.flush();
            return code;
        }
    }

    /** What the demo variants given add to the command line; a variant of another protocol is a mistake. */
    private List<String> variantArguments(Protocols protocols, Protocol chosen) throws InputException {
        List<String> arguments = new ArrayList<>();
        for (Protocol protocol : protocols.all()) {
            if (protocol.builtInTarget() == null) {
                continue;
            }
            for (BuiltInTarget.DemoVariant variant : protocol.builtInTarget().demoVariants()) {
                OptionSpec flag = spec.findOption("--" + variant.name());
                if (flag == null || !Boolean.TRUE.equals(flag.getValue())) {
                    continue;
                }
                if (protocol != chosen) {
                    throw new InputException("--" + variant.name() + " is for the " + protocol.displayName() + " demo");
                }
                arguments.addAll(variant.arguments());
            }
        }
        return arguments;
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
