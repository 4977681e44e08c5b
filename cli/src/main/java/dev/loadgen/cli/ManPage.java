package dev.loadgen.cli;

import dev.loadgen.core.Protocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A manual page in troff ({@code man 1 loadgen}, {@code man 1 loadgen-serve}) written from the command-line model,
 * so that it says what {@code --help} says: the description, the options (the main command's under the headings of
 * its {@code --help}), the subcommands and the footer with the exit codes and examples. Pure; the build's thread.
 */
final class ManPage {
    private ManPage() {}

    /** The page of {@code command} (the main command or one of its subcommands), for loadgen {@code version}. */
    static String of(CommandLine command, Protocols protocols, String version) {
        CommandSpec spec = command.getCommandSpec();
        boolean main = spec.parent() == null;
        String name = main ? spec.name() : spec.parent().name() + "-" + spec.name();
        String qualified = spec.qualifiedName(" ");
        StringBuilder page = new StringBuilder();
        page.append(".TH ")
                .append(quoted(name.toUpperCase(Locale.ROOT)))
                .append(" 1 \"\" ")
                .append(quoted("loadgen " + version))
                .append(" \"User Commands\"\n");
        page.append(".SH NAME\n")
                .append(escape(name))
                .append(" \\- ")
                .append(escape(summary(spec)))
                .append('\n');

        page.append(".SH SYNOPSIS\n.nf\n");
        for (String line : synopsis(spec)) {
            page.append(escape(line.strip())).append('\n');
        }
        page.append(".fi\n");

        page.append(".SH DESCRIPTION\n");
        for (String paragraph : lines(spec.usageMessage().description())) {
            page.append(escape(paragraph)).append("\n.PP\n");
        }
        List<PositionalParamSpec> positionals =
                spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec positional : positionals) {
                page.append(".TP\n\\fI")
                        .append(escape(positional.paramLabel()))
                        .append("\\fR\n")
                        .append(breakable(escape(String.join(" ", lines(positional.description())))))
                        .append('\n');
            }
        }

        page.append(".SH OPTIONS\n");
        Map<String, List<OptionSpec>> sections = main
                ? OptionGroups.sections(spec, protocols)
                : Map.of("", spec.options().stream().filter(o -> !o.hidden()).toList());
        sections.forEach((heading, options) -> {
            if (!heading.isEmpty()) {
                page.append(".SS ").append(quoted(heading)).append('\n');
            }
            for (OptionSpec option : options) {
                page.append(".TP\n").append(optionTerm(option)).append('\n');
                page.append(breakable(escape(String.join(" ", lines(option.description())))))
                        .append('\n');
            }
        });

        if (!command.getSubcommands().isEmpty()) {
            page.append(".SH COMMANDS\n");
            command.getSubcommands()
                    .forEach((sub, subcommand) -> page.append(".TP\n\\fB")
                            .append(escape(qualified + " " + sub))
                            .append("\\fR\n")
                            .append(escape(summary(subcommand.getCommandSpec())))
                            .append("\nSee \\fB")
                            .append(escape(name + "-" + sub))
                            .append("\\fR(1).\n"));
        }

        List<String> footer = lines(spec.usageMessage().footer());
        if (!footer.isEmpty()) {
            page.append(".SH NOTES\n.nf\n");
            for (String line : footer) {
                page.append(escape(line)).append('\n');
            }
            page.append(".fi\n");
        }

        page.append(".SH SEE ALSO\n");
        if (main) {
            List<String> pages = new ArrayList<>();
            command.getSubcommands().keySet().forEach(sub -> pages.add("\\fB" + escape(name + "-" + sub) + "\\fR(1)"));
            page.append(String.join(", ", pages)).append('\n');
        } else {
            page.append("\\fB").append(escape(spec.parent().name())).append("\\fR(1)\n");
        }
        return page.toString();
    }

    /** The first sentence of the description, without its full stop. */
    private static String summary(CommandSpec spec) {
        List<String> description = lines(spec.usageMessage().description());
        String first = FishCompletion.firstSentence(description.isEmpty() ? spec.name() : description.get(0));
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static List<String> synopsis(CommandSpec spec) {
        String[] custom = spec.usageMessage().customSynopsis();
        if (custom.length > 0) {
            return lines(custom);
        }
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        return List.of(help.synopsis(0).strip());
    }

    /** The option's names and value, as {@code --help} shows them: {@code -c, --connections=N}. */
    private static String optionTerm(OptionSpec option) {
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            names.add("\\fB" + escape(name) + "\\fR");
        }
        String term = String.join(", ", names);
        if (option.arity().max() > 0 && !option.paramLabel().isEmpty()) {
            term += "=\\fI" + escape(option.paramLabel()) + "\\fR";
        }
        return term;
    }

    /** Lines of a help text as picocli prints them: its {@code %n} and {@code %%} rendered, blank lines dropped. */
    private static List<String> lines(String[] texts) {
        List<String> lines = new ArrayList<>();
        for (String text : texts) {
            for (String line : CommandLine.Help.Ansi.OFF.string(format(text)).split("\\R", -1)) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    private static String format(String text) {
        return text.replace("%n", "\n").replace("%%", "%");
    }

    private static String quoted(String text) {
        return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
    }

    /** Text safe in a troff line: backslashes and hyphens escaped, no line taken for a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        if (escaped.startsWith(".") || escaped.startsWith("'")) {
            escaped = "\\&" + escaped;
        }
        return escaped;
    }

    /**
     * Filled text with a break point ({@code \:}, no hyphen) after each comma and slash: a list without spaces or a
     * URL in a description is otherwise one word wider than the line, which troff can neither break nor adjust.
     */
    private static String breakable(String escaped) {
        return escaped.replace(",", ",\\:").replace("/", "/\\:");
    }
}
