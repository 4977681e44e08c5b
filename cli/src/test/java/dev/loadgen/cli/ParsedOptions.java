package dev.loadgen.cli;

import java.util.List;

/** Reads the value an option of the main command holds after parsing, whichever protocol's options it is. */
final class ParsedOptions {
    private ParsedOptions() {}

    static Object option(LoadCommand command, String name) {
        return command.spec.findOption(name).getValue();
    }

    @SuppressWarnings("unchecked")
    static List<Object> listOption(LoadCommand command, String name) {
        return (List<Object>) option(command, name);
    }
}
