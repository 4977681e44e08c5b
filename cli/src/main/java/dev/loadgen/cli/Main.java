package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.LateStartException;
import dev.loadgen.core.StartException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Entry point of the {@code loadgen} command: parses, runs, and maps every failure to one line and an exit code. */
public final class Main {
    private static final String NETTY_JFR = "io.netty.jfr.enabled";
    private static final String NETTY_LEAK_DETECTION = "io.netty.leakDetection.level";

    private Main() {}

    public static void main(String[] args) {
        quietNettyDefaults();
        // UTF-8 on every JDK (the default charset from Java 18 on), not the platform charset of a Java 17.
        int code = execute(
                args,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        if (!StopOnSignal.shuttingDown()) {
            System.exit(code);
        }
    }

    /**
     * Netty defaults that cost a load generator CPU for nothing, unless the user set them: its allocator events
     * are registered with Flight Recorder whenever the JVM has one (about a tenth of a second of CPU at start, for
     * events nobody records), and its leak detector records a stack trace for one buffer in 128 (on the
     * per-request path). {@code -Dio.netty.jfr.enabled=true} and {@code -Dio.netty.leakDetection.level=simple}
     * turn them back on.
     */
    static void quietNettyDefaults() {
        System.getProperties().putIfAbsent(NETTY_JFR, "false");
        System.getProperties().putIfAbsent(NETTY_LEAK_DETECTION, "disabled");
    }

    /** Runs the command line with the given streams and returns the exit code; never throws. */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, System.getenv(), out, err);
    }

    /**
     * As {@link #execute(String[], PrintWriter, PrintWriter)}, with {@code environment} as the process's environment
     * (its LOADGEN_ variables and JOB_COMPLETION_INDEX).
     */
    static int execute(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        LoadCommand command = new LoadCommand();
        command.environment = environment;
        CommandLine commandLine = LoadCommand.commandLine(command, needsSubcommands(args));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Main::onBadParameters);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> onFailure(e, cmd.getErr()));
        commandLine.setExecutionStrategy(new ConfigFileExecution());
        return commandLine.execute(ArgumentFiles.protectOptionValues(args, commandLine.getCommandSpec()));
    }

    /**
     * Whether parsing {@code args} may need the subcommands' models: when an argument is a subcommand's name, asks
     * for the help (which lists them), or is an argument file (which may hold either). A plain load run's arguments
     * do none of these, and its start skips building five models it would never use.
     */
    static boolean needsSubcommands(String[] args) {
        for (String arg : args) {
            if (LoadCommand.SUBCOMMANDS.contains(arg)
                    || arg.equals("-h")
                    || arg.equals("--help")
                    || arg.startsWith("@")) {
                return true;
            }
        }
        return false;
    }

    private static int onBadParameters(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("loadgen: " + e.getMessage() + " (see "
                + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return ExitCode.INVALID_INPUT;
    }

    private static int onFailure(Exception e, PrintWriter err) {
        int code;
        if (e instanceof InputException) {
            err.println("loadgen: " + e.getMessage());
            code = ExitCode.INVALID_INPUT;
        } else if (e instanceof LateStartException) {
            err.println("loadgen: " + e.getMessage());
            code = ExitCode.LATE_START;
        } else if (e instanceof StartException) {
            err.println("loadgen: " + e.getMessage());
            code = ExitCode.CANNOT_START;
        } else {
            err.println("loadgen: internal error: " + e);
            if (System.getenv("LOADGEN_DEBUG") != null) {
                e.printStackTrace(err);
            }
            code = ExitCode.CANNOT_START;
        }
        err.flush();
        return code;
    }
}
