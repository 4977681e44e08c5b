package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs the command the way picocli's {@link CommandLine.RunLast} does, except that when {@code --config FILE} is
 * given it first parses the file's arguments together with the command line's (see {@link ConfigFile#under}).
 * The command line is parsed twice: once to find {@code --config} and which options it sets itself, once merged.
 * Runs on the thread that calls {@link CommandLine#execute}.
 */
final class ConfigFileExecution implements IExecutionStrategy {
    private final IExecutionStrategy run = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parsed) {
        if (!parsed.hasMatchedOption(ConfigFile.OPTION)
                || parsed.isUsageHelpRequested()
                || parsed.isVersionHelpRequested()) {
            return run.execute(parsed);
        }
        CommandLine commandLine = parsed.commandSpec().commandLine();
        try {
            return run.execute(withConfig(commandLine, parsed));
        } catch (InputException e) {
            throw new ExecutionException(commandLine, e.getMessage(), e);
        }
    }

    /** Parses the config file named on the command line {@code parsed} together with that command line. */
    static ParseResult withConfig(CommandLine commandLine, ParseResult parsed) throws InputException {
        if (parsed.hasSubcommand()) {
            throw new InputException(ConfigFile.OPTION + " is for load runs; it cannot be used with '"
                    + parsed.subcommand().commandSpec().name() + "'");
        }
        Path file = parsed.matchedOptionValue(ConfigFile.OPTION, null);
        ConfigFile config = ConfigFile.read(file, parsed.commandSpec());
        try {
            return commandLine.parseArgs(config.under(parsed).toArray(String[]::new));
        } catch (ParameterException e) {
            InputException fromFile = config.blame(e, parsed);
            if (fromFile != null) {
                throw fromFile;
            }
            throw e;
        }
    }
}
