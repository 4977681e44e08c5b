package dev.loadgen.cli;

import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The main command's options under headings, for {@code --help} and {@code loadgen help TOPIC}: the common ones
 * by what they are about, then one section per protocol, then the rest. Pure over the command's model; the main
 * thread.
 */
final class OptionGroups {
    /** The common options' sections: topic name, heading, and the options' longest names. */
    record Group(String topic, String heading, List<String> options) {}

    static final List<Group> COMMON = List.of(
            new Group(
                    "load",
                    "Load options",
                    List.of("--threads", "--concurrency", "--connections", "--duration", "--requests", "--transport")),
            new Group("rate", "Constant rate options", List.of("--rate", "--stages", "--backlog", "--warmup")),
            new Group(
                    "request",
                    "Request options",
                    List.of(
                            "--header",
                            "--method",
                            "--body",
                            "--body-file",
                            "--max-file-size",
                            "--timeout",
                            "--insecure")),
            new Group(
                    "output",
                    "Output options",
                    List.of(
                            "--latency",
                            "--u_latency",
                            "--json",
                            "--hlog",
                            "--hlog-interval",
                            "--html",
                            "--mask-param",
                            "--quiet")),
            new Group(
                    "observe",
                    "Observability options (watch a run live)",
                    List.of(
                            "--metrics-addr",
                            "--metrics-linger",
                            "--metrics-buckets",
                            "--trace-sample",
                            "--slowest",
                            "--otlp-endpoint",
                            "--capture")),
            new Group(
                    "gates",
                    "Gate options (pass or fail in CI)",
                    List.of("--assert", "--abort-on-fail", "--junit", "--baseline", "--max-regression")),
            new Group(
                    "distributed",
                    "Distributed run options (one worker of several; see loadgen merge)",
                    List.of("--workers", "--worker-index", "--run-id", "--start-at", "--start-tolerance")));

    private OptionGroups() {}

    /** Replaces the main command's flat option list with the grouped one. */
    static void install(CommandLine commandLine, Protocols protocols) {
        commandLine
                .getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> render(help, protocols));
        commandLine
                .getHelpSectionMap()
                .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
    }

    /** Every section, in order. */
    static String render(Help help, Protocols protocols) {
        StringBuilder out = new StringBuilder();
        sections(help.commandSpec(), protocols)
                .forEach((heading, options) -> out.append(section(help, heading, options)));
        return out.toString();
    }

    /**
     * The main command's options by section heading, in the order of {@code --help}: the common sections, one per
     * protocol, then every other visible option. Sections without options are left out.
     */
    static Map<String, List<OptionSpec>> sections(CommandSpec spec, Protocols protocols) {
        Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
        Set<OptionSpec> placed = new LinkedHashSet<>();
        for (Group group : COMMON) {
            sections.put(group.heading(), commonOptions(spec, group));
        }
        for (Protocol protocol : protocols.all()) {
            sections.put(heading(protocol), protocolOptions(spec, protocol));
        }
        sections.values().forEach(placed::addAll);
        List<OptionSpec> rest = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (!placed.contains(option) && !option.hidden()) {
                rest.add(option);
            }
        }
        sections.put("Other options", rest);
        sections.values().removeIf(List::isEmpty);
        return sections;
    }

    /** The options of the common section {@code topic}, or of the protocol called {@code topic}; empty for neither. */
    static String topic(Help help, Protocols protocols, String topic) {
        for (Group group : COMMON) {
            if (group.topic().equals(topic)) {
                return section(help, group.heading(), commonOptions(help.commandSpec(), group));
            }
        }
        for (Protocol protocol : protocols.all()) {
            if (protocol.name().equals(topic)) {
                return protocol.helpTopic()
                        + section(help, heading(protocol), protocolOptions(help.commandSpec(), protocol));
            }
        }
        return "";
    }

    /** The topics {@code loadgen help} knows, in order. */
    static Map<String, String> topics(Protocols protocols) {
        Map<String, String> topics = new LinkedHashMap<>();
        for (Protocol protocol : protocols.all()) {
            topics.put(
                    protocol.name(), protocol.displayName() + " targets (" + schemes(protocol, ", ") + ") and options");
        }
        for (Group group : COMMON) {
            topics.put(group.topic(), group.heading());
        }
        return topics;
    }

    static String heading(Protocol protocol) {
        return protocol.displayName() + " options (" + schemes(protocol, ", ") + ")";
    }

    /** The protocol's URL schemes as users type them ({@code https://}), in order, joined by {@code separator}. */
    static String schemes(Protocol protocol, String separator) {
        return String.join(
                separator,
                new TreeSet<>(protocol.schemes()).stream().map(s -> s + "://").toList());
    }

    private static List<OptionSpec> commonOptions(CommandSpec spec, Group group) {
        List<OptionSpec> options = new ArrayList<>();
        for (String name : group.options()) {
            OptionSpec option = spec.findOption(name);
            if (option != null) {
                options.add(option);
            }
        }
        return options;
    }

    private static List<OptionSpec> protocolOptions(CommandSpec spec, Protocol protocol) {
        CommandSpec mixin = spec.mixins().get(protocol.name());
        List<OptionSpec> options = new ArrayList<>();
        if (mixin != null) {
            for (OptionSpec option : mixin.options()) {
                OptionSpec added = spec.findOption(option.longestName());
                if (added != null) {
                    options.add(added);
                }
            }
        }
        return options;
    }

    private static String section(Help help, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return "";
        }
        Help.Layout layout = help.createDefaultLayout();
        for (OptionSpec option : options) {
            layout.addOption(option, help.parameterLabelRenderer());
        }
        return String.format("%n%s:%n", heading) + layout;
    }
}
