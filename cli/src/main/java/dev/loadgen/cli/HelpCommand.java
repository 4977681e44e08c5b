package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen help [TOPIC]}: the whole help, or one topic of it: a protocol (what it does, examples, its
 * options) or a section of the common options. The main thread.
 */
@Command(
        name = "help",
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Show the help, or one topic of it: a protocol (loadgen help PROTOCOL) or a group of options.")
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TOPIC", description = "A protocol's name or an option group.")
    String topic;

    @Override
    public Integer call() throws InputException {
        CommandLine main = spec.parent().commandLine();
        LoadCommand command = (LoadCommand) spec.parent().userObject();
        PrintWriter out = spec.commandLine().getOut();
        if (topic == null) {
            main.usage(out);
            out.println();
            out.println("Topics (loadgen help TOPIC):");
            topics(out, command);
            out.flush();
            return ExitCode.OK;
        }
        String text = OptionGroups.topic(main.getHelp(), command.protocols(), topic);
        if (text.isEmpty()) {
            StringBuilder known = new StringBuilder();
            OptionGroups.topics(command.protocols())
                    .keySet()
                    .forEach(
                            name -> known.append(known.length() > 0 ? ", " : "").append(name));
            throw new InputException("unknown help topic '" + topic + "' (topics: " + known + ")");
        }
        out.print(text);
        out.flush();
        return ExitCode.OK;
    }

    private static void topics(PrintWriter out, LoadCommand command) {
        for (Map.Entry<String, String> topic :
                OptionGroups.topics(command.protocols()).entrySet()) {
            out.printf("  %-9s %s%n", topic.getKey(), topic.getValue());
        }
    }
}
