package dev.loadgen.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps picocli's {@code @argfile} expansion away from option values: {@code -D @FILE} and {@code -m @FILE}
 * are ghz's references to a file of JSON, which picocli would otherwise split into words. Such values are
 * escaped the way picocli documents ({@code @@} stands for a literal {@code @}). Stateless.
 */
final class ArgumentFiles {
    private ArgumentFiles() {}

    static String[] protectOptionValues(String[] args, CommandSpec root) {
        Set<String> takesValue = optionsWithValues(root);
        String[] protectedArgs = args.clone();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("@") && takesValue.contains(args[i - 1])) {
                protectedArgs[i] = "@" + args[i];
            }
        }
        return protectedArgs;
    }

    private static Set<String> optionsWithValues(CommandSpec spec) {
        Set<String> names = new HashSet<>();
        for (OptionSpec option : spec.options()) {
            if (option.arity().max() > 0) {
                names.addAll(List.of(option.names()));
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            names.addAll(optionsWithValues(sub.getCommandSpec()));
        }
        return names;
    }
}
