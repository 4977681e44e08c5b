package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The subcommands' models are built only for arguments that may need them. */
class SubcommandModelsTest {
    @Test
    void aPlainLoadRunNeedsNone() {
        assertThat(Main.needsSubcommands(new String[] {"-t", "2", "-c", "64", "-d", "10s", "http://127.0.0.1:8080/"}))
                .isFalse();
        assertThat(Main.needsSubcommands(new String[0])).isFalse();
        assertThat(LoadCommand.commandLine(new LoadCommand(), false).getSubcommands())
                .isEmpty();
    }

    @Test
    void aSubcommandTheHelpOrAnArgumentFileNeedThem() {
        for (String arg : new String[] {"serve", "demo", "report", "compare", "help", "-h", "--help", "@args.txt"}) {
            assertThat(Main.needsSubcommands(new String[] {"-t", "1", arg}))
                    .as(arg)
                    .isTrue();
        }
        assertThat(LoadCommand.commandLine(new LoadCommand()).getSubcommands().keySet())
                .containsExactlyElementsOf(LoadCommand.SUBCOMMANDS);
    }

    @Test
    void theHelpStillListsTheSubcommandsAndTheyStillRun() {
        CliRun help = CliRun.of("--help");
        CliRun topic = CliRun.of("help", "rate");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Commands:", "  serve ", "  demo ", "  report ", "  compare ", "  help ");
        assertThat(topic.exitCode()).isZero();
        assertThat(topic.out()).contains("Constant rate options:");
    }
}
