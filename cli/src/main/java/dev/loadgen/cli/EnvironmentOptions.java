package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Options set by environment variables: {@code LOADGEN_} and the long option's name in upper case with {@code -} as
 * {@code _} ({@code LOADGEN_RATE=5000}, {@code LOADGEN_HLOG_INTERVAL=5s}, {@code LOADGEN_URL} for the target).
 * Like a config file's keys, the names come from picocli's model of the command, so every option has one. Each
 * variable is one value, given as {@code --name=value} so that the option's own converter checks it; a flag takes
 * {@code true} or {@code false}. Variables that name no option ({@code LOADGEN_JAVA_OPTS}) are left alone.
 *
 * <p>Precedence: the command line over the environment over the config file. A repeatable option's variable adds
 * its value to the file's list, as the command line does. Immutable; the thread that parses the command line.
 */
final class EnvironmentOptions {
    static final String PREFIX = "LOADGEN_";

    /** No variable set. */
    static final EnvironmentOptions NONE = new EnvironmentOptions(List.of());

    /** One variable that sets an option. */
    record Entry(String variable, ArgSpec target, String value) {
        List<String> arguments() {
            return List.of(target instanceof OptionSpec option ? option.longestName() + "=" + value : value);
        }
    }

    private final List<Entry> entries;

    private EnvironmentOptions(List<Entry> entries) {
        this.entries = entries;
    }

    /** The variables of {@code environment} that set an option of {@code spec}, in the command's order. */
    static EnvironmentOptions read(Map<String, String> environment, CommandSpec spec) {
        List<Entry> entries = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.usageHelp()
                    || option.versionHelp()
                    || option.longestName().equals(ConfigFile.OPTION)) {
                continue;
            }
            for (String name : option.names()) {
                if (!name.startsWith("--")) {
                    continue;
                }
                String variable = variable(name.substring(2));
                String value = environment.get(variable);
                if (value != null) {
                    entries.add(new Entry(variable, option, value));
                    break;
                }
            }
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            String variable = variable(positional.paramLabel());
            String value = environment.get(variable);
            if (value != null) {
                entries.add(new Entry(variable, positional, value));
            }
        }
        return new EnvironmentOptions(List.copyOf(entries));
    }

    /** The variable for the option called {@code --name}. */
    static String variable(String name) {
        return PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether a variable sets {@code target}. */
    boolean sets(ArgSpec target) {
        return entry(target) != null;
    }

    /** The arguments of the variables that stand: all but those of single-valued options the command line gives. */
    List<String> arguments(ParseResult commandLine) {
        List<String> arguments = new ArrayList<>();
        for (Entry entry : entries) {
            if (stands(entry, commandLine)) {
                arguments.addAll(entry.arguments());
            }
        }
        return arguments;
    }

    /** The variable that sets {@code target} with its value, or null when none does or the command line wins. */
    ConfigSources.Source source(ArgSpec target, ParseResult commandLine) {
        Entry entry = entry(target);
        return entry == null || !stands(entry, commandLine)
                ? null
                : new ConfigSources.Source("environment " + entry.variable(), List.of(entry.value()));
    }

    /** Says which variable a parse error comes from, or null when none of them caused it. */
    InputException blame(ParameterException e, ParseResult commandLine) {
        Entry entry = entry(e.getArgSpec());
        if (entry == null || !stands(entry, commandLine)) {
            return null;
        }
        if (entry.target().isMultiValue()
                && e.getValue() != null
                && !entry.value().equals(e.getValue())) {
            return null;
        }
        return new InputException("environment variable " + entry.variable() + ": " + e.getMessage(), e);
    }

    private static boolean stands(Entry entry, ParseResult commandLine) {
        return entry.target().isMultiValue() || !ConfigFile.givenOnCommandLine(entry.target(), commandLine);
    }

    private Entry entry(ArgSpec target) {
        for (Entry entry : entries) {
            if (entry.target() == target) {
                return entry;
            }
        }
        return null;
    }
}
