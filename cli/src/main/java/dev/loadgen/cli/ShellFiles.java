package dev.loadgen.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the shell completions and the manual pages of the command line, generated from its model, into a
 * directory; the build runs it at {@code package} (into {@code cli/target/shell}) and releases ship the result:
 *
 * <pre>
 * completions/loadgen.bash   bash and zsh (picocli's script; zsh loads it through bashcompinit)
 * completions/loadgen.fish   fish
 * man/man1/loadgen.1         the main command, and loadgen-SUBCOMMAND.1 for each subcommand
 * </pre>
 *
 * Not part of the command line itself: nothing a run reaches uses it.
 */
public final class ShellFiles {
    private ShellFiles() {}

    /** {@code args[0]}: the directory to write into (made if missing). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ShellFiles OUTPUT-DIRECTORY");
        }
        write(Path.of(args[0]));
    }

    static void write(Path directory) throws IOException {
        LoadCommand command = new LoadCommand();
        CommandLine commandLine = LoadCommand.commandLine(command);
        String name = commandLine.getCommandName();
        String version = VersionProvider.version();
        Path completions = Files.createDirectories(directory.resolve("completions"));
        Path man = Files.createDirectories(directory.resolve("man").resolve("man1"));
        write(completions.resolve(name + ".bash"), AutoComplete.bash(name, commandLine));
        write(completions.resolve(name + ".fish"), FishCompletion.script(commandLine));
        write(man.resolve(name + ".1"), ManPage.of(commandLine, command.protocols(), version));
        for (var sub : commandLine.getSubcommands().entrySet()) {
            write(
                    man.resolve(name + "-" + sub.getKey() + ".1"),
                    ManPage.of(sub.getValue(), command.protocols(), version));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
