package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs the command the way picocli's {@link CommandLine.RunLast} does, except that a load run also takes its
 * options from {@code LOADGEN_} environment variables ({@link EnvironmentOptions}) and from {@code --config FILE}
 * (or {@code LOADGEN_CONFIG}), in that order of precedence below the command line: the layers are parsed together
 * as one list of arguments, the file's first, then the environment's, then the command line's, each dropping the
 * single-valued options a layer above sets. The command line is parsed twice: once to find {@code --config} and
 * which options it sets itself, once merged. Records where each option came from for {@code --show-config}. Runs on
 * the thread that calls {@link CommandLine#execute}.
 */
final class ConfigFileExecution implements IExecutionStrategy {
    private final IExecutionStrategy run = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parsed) {
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            return run.execute(parsed);
        }
        CommandLine commandLine = parsed.commandSpec().commandLine();
        try {
            if (parsed.hasSubcommand()) {
                if (parsed.hasMatchedOption(ConfigFile.OPTION)) {
                    throw new InputException(ConfigFile.OPTION + " is for load runs; it cannot be used with '"
                            + parsed.subcommand().commandSpec().name() + "'");
                }
                return run.execute(parsed);
            }
            return run.execute(withConfig(commandLine, parsed));
        } catch (InputException e) {
            throw new ExecutionException(commandLine, e.getMessage(), e);
        }
    }

    /**
     * Parses the command line {@code parsed} together with the environment of the command's {@link LoadCommand}
     * (none for another command) and the config file it names.
     */
    static ParseResult withConfig(CommandLine commandLine, ParseResult parsed) throws InputException {
        if (parsed.hasSubcommand()) {
            throw new InputException(ConfigFile.OPTION + " is for load runs; it cannot be used with '"
                    + parsed.subcommand().commandSpec().name() + "'");
        }
        LoadCommand command = parsed.commandSpec().userObject() instanceof LoadCommand load ? load : null;
        Map<String, String> environment = command != null ? command.environment : Map.of();
        // An ArgSpec holds the values of the latest parse only: the command line's are read before the merged one.
        Map<ArgSpec, List<String>> givenValues = givenValues(parsed);
        EnvironmentOptions fromEnvironment = EnvironmentOptions.read(environment, parsed.commandSpec());
        Path file = parsed.matchedOptionValue(ConfigFile.OPTION, null);
        String configVariable = EnvironmentOptions.variable(ConfigFile.OPTION.substring(2));
        if (file == null && environment.get(configVariable) != null) {
            file = Path.of(environment.get(configVariable));
        }
        ConfigFile config = file == null ? null : ConfigFile.read(file, parsed.commandSpec());
        if (config == null && fromEnvironment.isEmpty()) {
            if (command != null) {
                command.configSources = sources(parsed, parsed, givenValues, fromEnvironment, null);
            }
            return parsed;
        }
        List<String> arguments = new ArrayList<>();
        if (config != null) {
            arguments.addAll(config.arguments(parsed, fromEnvironment));
        }
        arguments.addAll(fromEnvironment.arguments(parsed));
        arguments.addAll(parsed.originalArgs());
        ParseResult merged;
        try {
            merged = commandLine.parseArgs(arguments.toArray(String[]::new));
        } catch (ParameterException e) {
            InputException fromVariable = fromEnvironment.blame(e, parsed);
            if (fromVariable != null) {
                throw fromVariable;
            }
            InputException fromFile = config == null ? null : config.blame(e, parsed);
            if (fromFile != null) {
                throw fromFile;
            }
            throw e;
        }
        if (command != null) {
            command.configSources = sources(merged, parsed, givenValues, fromEnvironment, config);
        }
        return merged;
    }

    /** Where each option that {@code merged} sets came from: every layer that contributed to it. */
    private static ConfigSources sources(
            ParseResult merged,
            ParseResult commandLine,
            Map<ArgSpec, List<String>> givenValues,
            EnvironmentOptions environment,
            ConfigFile config) {
        List<ConfigSources.Row> rows = new ArrayList<>();
        List<ArgSpec> targets = new ArrayList<>();
        for (OptionSpec option : merged.matchedOptions()) {
            if (!option.longestName().equals(ConfigFile.OPTION)) {
                targets.add(option);
            }
        }
        for (PositionalParamSpec positional : merged.matchedPositionals()) {
            targets.add(positional);
        }
        for (ArgSpec target : targets) {
            if (config != null) {
                ConfigSources.Source fromFile = config.source(target, commandLine, environment);
                if (fromFile != null) {
                    rows.addAll(ConfigSources.rows(target, fromFile));
                }
            }
            ConfigSources.Source fromVariable = environment.source(target, commandLine);
            if (fromVariable != null) {
                rows.addAll(ConfigSources.rows(target, fromVariable));
            }
            if (ConfigFile.givenOnCommandLine(target, commandLine)) {
                rows.addAll(ConfigSources.rows(
                        target, new ConfigSources.Source("command line", givenValues.getOrDefault(target, List.of()))));
            }
        }
        return new ConfigSources(rows);
    }

    /** The values the command line gives each option and positional parameter it sets; none for a flag. */
    private static Map<ArgSpec, List<String>> givenValues(ParseResult commandLine) {
        Map<ArgSpec, List<String>> values = new HashMap<>();
        for (OptionSpec option : commandLine.matchedOptions()) {
            values.put(option, option.arity().max() == 0 ? List.of() : List.copyOf(option.stringValues()));
        }
        for (PositionalParamSpec positional : commandLine.matchedPositionals()) {
            values.put(positional, List.copyOf(positional.stringValues()));
        }
        return values;
    }
}
