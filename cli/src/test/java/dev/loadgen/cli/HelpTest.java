package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --help} in sections, and {@code loadgen help TOPIC}. */
class HelpTest {
    @Test
    void theOptionsComeUnderHeadingsCommonOnesFirstThenEachProtocol() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        String help = run.out();
        List<String> headings = List.of(
                "Load options:",
                "Constant rate options:",
                "Request options:",
                "Output options:",
                "Gate options (pass or fail in CI):",
                "gRPC options (grpc://, grpcs://):",
                "Other options:");
        int last = -1;
        for (String heading : headings) {
            int at = help.indexOf("\n" + heading + "\n");
            assertThat(at).as(heading).isGreaterThan(last);
            last = at;
        }
        assertThat(help.indexOf("--call=")).isGreaterThan(help.indexOf("gRPC options"));
        assertThat(help.indexOf("--rate="))
                .isBetween(help.indexOf("Constant rate options:"), help.indexOf("Request options:"));
    }

    @Test
    void everyOptionOfTheMainCommandIsListed() {
        LoadCommand command = new LoadCommand();
        CommandLine commandLine = LoadCommand.commandLine(command);
        String help = commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> missing = new ArrayList<>();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            int count = help.split("\\Q" + option.longestName() + "\\E[=, \\n]", -1).length - 1;
            if (count < 1) {
                missing.add(option.longestName());
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void aProtocolsTopicSaysWhatItDoesAndListsItsOptions() {
        CliRun run = CliRun.of("help", "grpc");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("gRPC targets:")
                .contains("gRPC options (grpc://, grpcs://):")
                .contains("--call=")
                .doesNotContain("--rate=");
    }

    @Test
    void anOptionGroupIsATopicToo() {
        CliRun run = CliRun.of("help", "rate");

        assertThat(run.out())
                .contains("Constant rate options:")
                .contains("--stages=")
                .doesNotContain("--call=");
    }

    @Test
    void helpWithoutATopicListsTheTopics() {
        CliRun run = CliRun.of("help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Topics (loadgen help TOPIC):")
                .contains("  grpc")
                .contains("  http")
                .contains("  gates");
    }
}
