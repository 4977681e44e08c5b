package dev.loadgen.cli;

import dev.loadgen.core.MaskedUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where each option a run sets came from: the command line, an environment variable or the config file, as
 * {@code --show-config} prints it. Values that may hold secrets are never printed: header and metadata values,
 * bodies, request data and a URL's user info are masked. Immutable.
 */
final class ConfigSources {
    static final ConfigSources NONE = new ConfigSources(List.of());

    /** Options whose values are shown masked. */
    private static final Set<String> SECRET =
            Set.of("--header", "--metadata", "--reflect-metadata", "--body", "--data");

    private static final String MASK = "****";

    /** Where one layer sets an option, and the values it sets. */
    record Source(String where, List<String> values) {}

    /** One line: the option, its value as shown, and where it came from. */
    record Row(String option, String value, String where) {}

    private final List<Row> rows;

    ConfigSources(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    List<Row> rows() {
        return rows;
    }

    /** The rows of {@code target} as set by {@code source}, one per value, masked where secret. */
    static List<Row> rows(ArgSpec target, Source source) {
        String name = target instanceof OptionSpec option
                ? option.longestName()
                : target.paramLabel().toLowerCase(java.util.Locale.ROOT);
        List<Row> rows = new ArrayList<>();
        List<String> values = source.values().isEmpty() ? List.of("") : source.values();
        for (String value : values) {
            rows.add(new Row(name, shown(name, value), source.where()));
        }
        return rows;
    }

    private static String shown(String name, String value) {
        if (name.equals("--header")) {
            int colon = value.indexOf(':');
            return colon < 0 ? MASK : value.substring(0, colon + 1) + " " + MASK;
        }
        if (SECRET.contains(name)) {
            return MASK;
        }
        if (name.equals("url")) {
            return MaskedUrl.of(value);
        }
        return value;
    }

    /** The lines --show-config prints. */
    String render() {
        StringBuilder out = new StringBuilder("Configuration (command line over environment over config file):\n");
        if (rows.isEmpty()) {
            out.append("  every option at its default\n");
        }
        int width = 0;
        for (Row row : rows) {
            width = Math.max(width, text(row).length());
        }
        for (Row row : rows) {
            String text = text(row);
            out.append("  ")
                    .append(text)
                    .append(" ".repeat(width - text.length() + 2))
                    .append(row.where())
                    .append('\n');
        }
        return out.toString();
    }

    private static String text(Row row) {
        if (row.option().startsWith("-")) {
            return row.value().isEmpty() ? row.option() : row.option() + "=" + row.value();
        }
        return row.option() + " " + row.value();
    }
}
