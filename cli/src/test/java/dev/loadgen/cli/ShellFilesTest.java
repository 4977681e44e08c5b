package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completions and man pages written from the command-line model cover the whole model: every visible option
 * of every command, with its names, whether it takes a value, and its subcommands.
 */
class ShellFilesTest {
    @TempDir
    static Path dir;

    private static CommandLine model;

    @BeforeAll
    static void write() throws IOException {
        ShellFiles.write(dir);
        model = LoadCommand.commandLine(new LoadCommand());
    }

    @Test
    void writesTheCompletionsAndOneManPagePerCommand() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(f -> dir.relativize(f).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder(
                            "completions/loadgen.bash",
                            "completions/loadgen.fish",
                            "man/man1/loadgen.1",
                            "man/man1/loadgen-serve.1",
                            "man/man1/loadgen-demo.1",
                            "man/man1/loadgen-report.1",
                            "man/man1/loadgen-merge.1",
                            "man/man1/loadgen-compare.1",
                            "man/man1/loadgen-help.1");
        }
    }

    @Test
    void fishCompletesEveryOptionOfEveryCommandUnderItsCondition() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("completions/loadgen.fish"));
        List<String> subcommands = new ArrayList<>(model.getSubcommands().keySet());

        for (String sub : subcommands) {
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("complete -c loadgen -n '__fish_use_subcommand' -f -a " + sub + " -d '"));
        }
        assertOptions(
                lines,
                "'not __fish_seen_subcommand_from " + String.join(" ", subcommands) + "'",
                model.getCommandSpec());
        for (String sub : subcommands) {
            assertOptions(
                    lines,
                    "'__fish_seen_subcommand_from " + sub + "'",
                    model.getSubcommands().get(sub).getCommandSpec());
        }
    }

    private static void assertOptions(List<String> lines, String condition, CommandSpec spec) {
        List<String> forCommand = lines.stream()
                .filter(l -> l.startsWith("complete -c loadgen -n " + condition + " "))
                .toList();
        List<OptionSpec> visible =
                spec.options().stream().filter(o -> !o.hidden()).toList();
        assertThat(forCommand).as("options of %s", spec.qualifiedName()).hasSize(visible.size());
        for (OptionSpec option : visible) {
            String names = fishNames(option);
            assertThat(forCommand)
                    .as("%s of %s", option.longestName(), spec.qualifiedName())
                    .anySatisfy(line -> {
                        assertThat(line).contains(names + (option.arity().max() > 0 ? " -" : " -d '"));
                        assertThat(line.contains(" -x") || line.contains(" -r"))
                                .as("%s takes a value", line)
                                .isEqualTo(option.arity().max() > 0);
                    });
        }
    }

    private static String fishNames(OptionSpec option) {
        StringBuilder names = new StringBuilder();
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                names.append(" -l ").append(name.substring(2));
            } else if (name.length() == 2) {
                names.append(" -s ").append(name.charAt(1));
            } else {
                names.append(" -o ").append(name.substring(1));
            }
        }
        return names.toString();
    }

    @Test
    void theMainManPageHasEveryVisibleOptionUnderItsHelpHeading() throws IOException {
        String page = Files.readString(dir.resolve("man/man1/loadgen.1"));

        assertThat(page)
                .startsWith(".TH \"LOADGEN\" 1 \"\" \"loadgen " + ManPage.escape(VersionProvider.version()) + "\"");
        assertThat(page).contains(".SH NAME\nloadgen \\- ", ".SH SYNOPSIS", ".SH OPTIONS", ".SH COMMANDS", ".SH NOTES");
        for (OptionSpec option : model.getCommandSpec().options()) {
            if (!option.hidden()) {
                assertThat(page).contains(".TP\n\\fB" + ManPage.escape(option.names()[0]) + "\\fR");
            }
        }
        assertThat(page)
                .contains(".SS \"Load options\"", ".SS \"Gate options (pass or fail in CI)\"", ".SS \"Other options\"");
        assertThat(page.indexOf(".SS \"Load options\"")).isLessThan(page.indexOf(".SS \"Other options\""));
        for (String sub : model.getSubcommands().keySet()) {
            assertThat(page).contains("\\fBloadgen " + sub + "\\fR", "\\fBloadgen\\-" + sub + "\\fR(1)");
        }
        assertThat(page.lines())
                .noneMatch(line -> line.startsWith(".") && !line.matches("\\.(TH|SH|SS|TP|PP|nf|fi)( .*)?"));
    }

    @Test
    void aSubcommandsManPageHasItsOwnOptionsAndPointsBack() throws IOException {
        String page = Files.readString(dir.resolve("man/man1/loadgen-serve.1"));
        CommandSpec serve = model.getSubcommands().get("serve").getCommandSpec();

        assertThat(page).startsWith(".TH \"LOADGEN\\-SERVE\" 1");
        assertThat(page).contains("loadgen\\-serve \\- Run the built\\-in targets");
        for (OptionSpec option : serve.options()) {
            if (!option.hidden()) {
                assertThat(page).contains("\\fB" + ManPage.escape(option.names()[0]) + "\\fR");
            }
        }
        assertThat(page).contains(".SH SEE ALSO\n\\fBloadgen\\fR(1)");
    }

    @Test
    void troffSpecialsAreEscaped() {
        assertThat(ManPage.escape("a\\b -c")).isEqualTo("a\\eb \\-c");
        assertThat(ManPage.escape(".TH looks like a request")).startsWith("\\&.");
        assertThat(ManPage.escape("'quoted")).startsWith("\\&'");
        assertThat(FishCompletion.quoted("it's a \\ test")).isEqualTo("'it\\'s a \\\\ test'");
    }
}
