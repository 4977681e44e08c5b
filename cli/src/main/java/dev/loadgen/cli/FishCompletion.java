package dev.loadgen.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script written from the command-line model: the subcommands where none has been typed yet,
 * and each command's options with their descriptions, an option's value completed from its candidates (an
 * enumeration's values), as a file where the value is one (its label names a file, a directory or a path), and
 * not at all otherwise. Pure; the build's thread.
 */
final class FishCompletion {
    private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z])");

    private FishCompletion() {}

    static String script(CommandLine commandLine) {
        CommandSpec main = commandLine.getCommandSpec();
        String name = main.name();
        List<String> subcommands = new ArrayList<>(commandLine.getSubcommands().keySet());
        String anySubcommand = String.join(" ", subcommands);
        StringBuilder script = new StringBuilder();
        script.append("# fish completion for ")
                .append(name)
                .append(", generated from its command-line model.\n")
                .append("# Install: copy to ~/.config/fish/completions/")
                .append(name)
                .append(".fish\n\n")
                .append("complete -c ")
                .append(name)
                .append(" -e\n");
        for (String sub : subcommands) {
            script.append("complete -c ")
                    .append(name)
                    .append(" -n '__fish_use_subcommand' -f -a ")
                    .append(sub)
                    .append(" -d ")
                    .append(quoted(summary(commandLine.getSubcommands().get(sub).getCommandSpec())))
                    .append('\n');
        }
        options(script, name, "not __fish_seen_subcommand_from " + anySubcommand, main);
        for (String sub : subcommands) {
            options(
                    script,
                    name,
                    "__fish_seen_subcommand_from " + sub,
                    commandLine.getSubcommands().get(sub).getCommandSpec());
        }
        return script.toString();
    }

    private static void options(StringBuilder script, String name, String condition, CommandSpec spec) {
        script.append('\n');
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            script.append("complete -c ").append(name).append(" -n ").append(quoted(condition));
            for (String optionName : option.names()) {
                if (optionName.startsWith("--")) {
                    script.append(" -l ").append(optionName.substring(2));
                } else if (optionName.length() == 2) {
                    script.append(" -s ").append(optionName.charAt(1));
                } else {
                    script.append(" -o ").append(optionName.substring(1));
                }
            }
            if (option.arity().max() > 0) {
                List<String> candidates = new ArrayList<>();
                if (option.completionCandidates() != null) {
                    option.completionCandidates().forEach(candidates::add);
                }
                if (!candidates.isEmpty()) {
                    script.append(" -x -a ").append(quoted(String.join(" ", candidates)));
                } else if (takesFile(option)) {
                    script.append(" -r -F");
                } else {
                    script.append(" -x");
                }
            }
            script.append(" -d ").append(quoted(description(option))).append('\n');
        }
    }

    private static boolean takesFile(OptionSpec option) {
        String label = option.paramLabel().toUpperCase(Locale.ROOT);
        return label.contains("FILE") || label.contains("DIR") || label.contains("PATH");
    }

    private static String description(OptionSpec option) {
        String[] description = option.description();
        String first = description.length == 0 ? "" : description[0];
        return firstSentence(first.replace("%n", " ").replace("%%", "%").strip());
    }

    private static String summary(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        String first = description.length == 0 ? spec.name() : description[0];
        first = firstSentence(first.replace("%n", " ").replace("%%", "%").strip());
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** Up to the first full stop that ends a sentence (one followed by a capital letter, not "e.g. 10s"). */
    static String firstSentence(String text) {
        Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

    /** A fish single-quoted word: only the backslash and the single quote need escaping. */
    static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
