package dev.loadgen.cli;

import static dev.loadgen.cli.ParsedOptions.option;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArgumentFilesTest {
    @TempDir
    Path dir;

    @Test
    void argumentFileExpandsWhileAnOptionsFileReferenceStaysAsGiven() throws Exception {
        Path arguments = Files.writeString(dir.resolve("args"), "-t 3 --call 'a.B/C'\ngrpc://127.0.0.1:1\n");
        Path data = Files.writeString(dir.resolve("data.json"), "{\"name\": \"two words\"}");
        LoadCommand command = new LoadCommand();
        CommandLine commandLine = LoadCommand.commandLine(command);
        String[] args = {"@" + arguments, "-D", "@" + data, "-m", "@-"};

        commandLine.parseArgs(ArgumentFiles.protectOptionValues(args, commandLine.getCommandSpec()));

        assertThat(command.threads).isEqualTo(3);
        assertThat(command.url).isEqualTo("grpc://127.0.0.1:1");
        assertThat(option(command, "--call")).isEqualTo("a.B/C");
        assertThat(option(command, "--data")).isEqualTo("@" + data);
        assertThat(option(command, "--metadata")).isEqualTo("@-");
    }

    @Test
    void attachedValuesAndOtherArgumentsAreUntouched() {
        CommandLine commandLine = LoadCommand.commandLine(new LoadCommand());
        String[] args = {"--data=@x.json", "@args", "-t", "2"};

        assertThat(ArgumentFiles.protectOptionValues(args, commandLine.getCommandSpec()))
                .containsExactly(args);
    }
}
