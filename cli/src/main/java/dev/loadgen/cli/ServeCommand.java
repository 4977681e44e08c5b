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
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen serve}: the protocols' built-in targets, until Ctrl-C. Each protocol with a built-in target adds
 * its port option; a target whose port has no default starts only when its option is given. The main thread only
 * waits.
 */
@Command(
        name = "serve",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run the built-in targets: the HTTP target (HTTP/1.1, and h2c with prior knowledge) always, "
                    + "the others on the ports given.",
            "The HTTP target answers any method and path with a small text body; query parameters shape the "
                    + "response: delay=10ms, status=503, size=1024."
        },
        footer = {
            "%nExample:",
            "  loadgen serve --port 8080 &",
            "  loadgen -c 16 -d 10s 'http://127.0.0.1:8080/?delay=5ms&size=2048'"
        })
final class ServeCommand implements Callable<Integer> {
    private static final int MAX_PORT = 65535;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (loopback only).")
    String host;

    @Option(
            names = {"-t", "--threads"},
            paramLabel = "N",
            defaultValue = "1",
            description = "Event-loop threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    /** Adds every built-in target's port option. */
    static void addTargetOptions(CommandSpec serve, Protocols protocols) {
        for (Protocol protocol : protocols.all()) {
            BuiltInTarget target = protocol.builtInTarget();
            if (target != null) {
                OptionSpec.Builder option = OptionSpec.builder(
                                target.portOptionNames().toArray(String[]::new))
                        .paramLabel("PORT")
                        .type(Integer.class)
                        .description(target.portDescription());
                serve.addOption(option.build());
            }
        }
    }

    @Override
    public Integer call() throws InputException, StartException, InterruptedException {
        if (threads < 1) {
            throw new InputException("threads (-t) must be at least 1");
        }
        Protocols protocols = ((LoadCommand) spec.parent().userObject()).protocols();
        List<BuiltInTarget> targets = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (Protocol protocol : protocols.all()) {
            BuiltInTarget target = protocol.builtInTarget();
            if (target == null) {
                continue;
            }
            OptionSpec option = spec.findOption(
                    target.portOptionNames().get(target.portOptionNames().size() - 1));
            Integer given = option.getValue();
            int port = given != null ? given : target.defaultPort();
            if (given == null && port < 0) {
                continue;
            }
            if (port < 0 || port > MAX_PORT) {
                throw new InputException(option.longestName() + " must be between 0 and " + MAX_PORT);
            }
            targets.add(target);
            ports.add(port);
        }
        List<BuiltInTarget.Running> running = new ArrayList<>();
        try {
            for (int i = 0; i < targets.size(); i++) {
                running.add(targets.get(i).start(host, ports.get(i), threads));
            }
        } catch (StartException | RuntimeException e) {
            running.forEach(BuiltInTarget.Running::close);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            running.forEach(BuiltInTarget.Running::close);
                            stopped.countDown();
                        },
                        "loadgen-serve-stop"));
        PrintWriter out = spec.commandLine().getOut();
        for (BuiltInTarget.Running target : running) {
            out.println("loadgen serve: " + target.listeningLine());
        }
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }
}
