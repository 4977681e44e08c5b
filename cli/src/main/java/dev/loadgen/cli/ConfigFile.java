package dev.loadgen.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import dev.loadgen.core.InputException;
import dev.loadgen.core.InputFiles;
import dev.loadgen.core.Quantities;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * A YAML config file ({@code --config FILE}) read into the command-line arguments it stands for.
 *
 * <p>The keys come from picocli's model of the command, not from a list kept here: every long option name without
 * its dashes ({@code threads: 4}, {@code duration: 30s}; an option with only a short name goes by its letter), the
 * plural of a repeatable option's name ({@code headers: [...]}), and each positional parameter's label in lower case
 * ({@code url:}). Values become
 * {@code --name=value} arguments, so the option's own converter checks them exactly as it checks the command line,
 * and an option added to the command later is a key without any change here.
 *
 * <p>Merging ({@link #arguments}): an option given on the command line (or by an environment variable) replaces the
 * file's value; a repeatable option adds the command line's values to the file's (so a pipeline can add a secret
 * header to the file's headers).
 *
 * <p>Immutable once read; used on the thread that parses the command line.
 */
final class ConfigFile {
    /** The option that names the file; it cannot appear inside one. */
    static final String OPTION = "--config";

    private static final YAMLMapper YAML = new YAMLMapper();
    /** Far more than any set of options takes; a bound so that {@code --config /dev/zero} is refused, not read. */
    private static final long MAX_BYTES = 1L << 20;

    /** One key of the file: where it is, what it sets, and the arguments it became. */
    private record Entry(String key, int line, ArgSpec target, List<String> values, List<String> arguments) {}

    private final Path path;
    private final List<Entry> entries;

    private ConfigFile(Path path, List<Entry> entries) {
        this.path = path;
        this.entries = entries;
    }

    /** Reads {@code path} against the options of {@code spec}; any problem is one line naming the file. */
    static ConfigFile read(Path path, CommandSpec spec) throws InputException {
        byte[] content;
        try {
            content = InputFiles.readAllBytes(path, MAX_BYTES);
        } catch (InputFiles.TooLargeException e) {
            throw new InputException("cannot read config file '" + path + "': larger than "
                    + Quantities.formatBytes(MAX_BYTES) + ", more than any options take");
        } catch (IOException | SecurityException e) {
            throw new InputException("cannot read config file '" + path + "': " + reason(e, path));
        }
        Map<String, ArgSpec> keys = keys(spec);
        List<Entry> entries = new ArrayList<>();
        Map<ArgSpec, Entry> seen = new HashMap<>();
        try (JsonParser parser = YAML.createParser(content)) {
            refuseAnchorsAndAliases(path, content);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new ConfigFile(path, List.of());
            }
            if (first != JsonToken.START_OBJECT) {
                throw new InputException(path + ":" + line(parser) + ": expected option names as keys, such as "
                        + "'threads: 4', not " + describe(first));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = line(parser);
                String where = path + ":" + line + ": ";
                ArgSpec target = target(key, keys, spec, where);
                Entry earlier = seen.get(target);
                if (earlier != null) {
                    throw new InputException(where + "'" + key + "' sets the same option as '" + earlier.key()
                            + "' on line " + earlier.line());
                }
                parser.nextToken();
                List<String> values = values(parser, target, where + "'" + key + "' ");
                Entry entry = new Entry(key, line, target, values, arguments(target, values, where, key));
                seen.put(target, entry);
                entries.add(entry);
            }
            if (parser.nextToken() != null) {
                throw new InputException(
                        path + ":" + line(parser) + ": only one YAML document is read; remove the " + "second '---'");
            }
        } catch (JsonProcessingException e) {
            throw new InputException(path + ":" + syntaxError(e));
        } catch (IOException e) {
            throw new InputException("cannot read config file '" + path + "': " + reason(e, path));
        }
        return new ConfigFile(path, List.copyOf(entries));
    }

    /**
     * YAML's aliases ({@code *name}), and the anchors ({@code &name}) the parser reports, are refused rather than
     * expanded: the parser would otherwise hand over an alias as the text of its name ({@code body: *m} sending
     * "m"), and expanding them unbounded is the "billion laughs" trap. A config file is short enough to write its
     * values out.
     */
    private static void refuseAnchorsAndAliases(Path path, byte[] content) throws IOException, InputException {
        try (JsonParser scan = YAML.createParser(content)) {
            YAMLParser yaml = (YAMLParser) scan;
            while (scan.nextToken() != null) {
                if (yaml.isCurrentAlias() || yaml.getCurrentAnchor() != null) {
                    String name = yaml.isCurrentAlias() ? "*" + scan.getText() : "&" + yaml.getCurrentAnchor();
                    throw new InputException(path + ":" + line(scan) + ": YAML anchors and aliases are not "
                            + "supported ('" + name + "'); write the value out");
                }
            }
        }
    }

    /**
     * The file's arguments that stand: all but those of single-valued options that the command line or the
     * environment sets.
     */
    List<String> arguments(ParseResult commandLine, EnvironmentOptions environment) {
        List<String> arguments = new ArrayList<>();
        for (Entry entry : entries) {
            if (stands(entry, commandLine, environment)) {
                arguments.addAll(entry.arguments());
            }
        }
        return arguments;
    }

    private static boolean stands(Entry entry, ParseResult commandLine, EnvironmentOptions environment) {
        return entry.target().isMultiValue()
                || !(givenOnCommandLine(entry, commandLine) || environment.sets(entry.target()));
    }

    /**
     * Where the file sets {@code target} ({@code path:line}) with the values it sets, or null when it does not
     * or the command line or the environment overrides it.
     */
    ConfigSources.Source source(ArgSpec target, ParseResult commandLine, EnvironmentOptions environment) {
        for (Entry entry : entries) {
            if (entry.target() == target && stands(entry, commandLine, environment)) {
                return new ConfigSources.Source("config file " + path + ":" + entry.line(), entry.values());
            }
        }
        return null;
    }

    /**
     * Says which key of the file a parse error comes from, or returns null when the command line's own arguments
     * caused it. Picocli names the option; the user needs the key and the line.
     */
    InputException blame(ParameterException e, ParseResult commandLine) {
        ArgSpec failed = e.getArgSpec();
        for (Entry entry : entries) {
            if (entry.target() != failed) {
                continue;
            }
            boolean fileValue = e.getValue() == null || entry.values().contains(e.getValue());
            if (!givenOnCommandLine(entry, commandLine) || (entry.target().isMultiValue() && fileValue)) {
                return new InputException(path + ":" + entry.line() + ": '" + entry.key() + "': " + e.getMessage(), e);
            }
        }
        return null;
    }

    static boolean givenOnCommandLine(ArgSpec target, ParseResult commandLine) {
        return target instanceof OptionSpec option
                ? commandLine.hasMatchedOption(option)
                : commandLine.hasMatchedPositional((PositionalParamSpec) target);
    }

    private static boolean givenOnCommandLine(Entry entry, ParseResult commandLine) {
        return givenOnCommandLine(entry.target(), commandLine);
    }

    /** Every key the file may use, in the command's order; help and version map to nothing (not settable). */
    private static Map<String, ArgSpec> keys(CommandSpec spec) {
        Map<String, ArgSpec> keys = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            List<String> longNames = new ArrayList<>();
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    longNames.add(name.substring(2));
                }
            }
            if (longNames.isEmpty()) {
                longNames.add(option.longestName().replaceFirst("^-+", ""));
            }
            ArgSpec target = option.usageHelp() || option.versionHelp() ? null : option;
            for (String name : longNames) {
                keys.put(name, target);
            }
            if (option.isMultiValue()) {
                for (String name : longNames) {
                    if (!name.endsWith("s")) {
                        keys.putIfAbsent(name + "s", target);
                    }
                }
            }
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            keys.put(key(positional), positional);
        }
        return keys;
    }

    private static String key(PositionalParamSpec positional) {
        return positional.paramLabel().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    }

    private static String positionalKeys(CommandSpec spec) {
        StringBuilder keys = new StringBuilder();
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            keys.append(", and ").append(key(positional));
        }
        return keys.toString();
    }

    private static ArgSpec target(String key, Map<String, ArgSpec> keys, CommandSpec spec, String where)
            throws InputException {
        if (!keys.containsKey(key)) {
            String nearest = NearestName.among(key, keys.keySet());
            throw new InputException(where + "unknown key '" + key + "'"
                    + (nearest != null
                            ? " (did you mean '" + nearest + "'?)"
                            : " (keys are the long options of " + spec.name() + " --help, without the dashes"
                                    + positionalKeys(spec) + ")"));
        }
        ArgSpec target = keys.get(key);
        if (target == null) {
            throw new InputException(where + "'" + key + "' cannot be set in a config file");
        }
        if (target instanceof OptionSpec option && option.longestName().equals(OPTION)) {
            throw new InputException(where + "a config file cannot name another one ('" + key + "')");
        }
        return target;
    }

    /** The value's text as written (for scalars), or as JSON for an option that takes JSON. */
    private static List<String> values(JsonParser parser, ArgSpec target, String subject)
            throws IOException, InputException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            throw new InputException(subject + "has no value");
        }
        if (isFlag(target)) {
            if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                throw new InputException(subject + "must be true or false, not " + describe(parser));
            }
            return List.of(Boolean.toString(token == JsonToken.VALUE_TRUE));
        }
        if (token.isScalarValue()) {
            return List.of(parser.getText());
        }
        if (takesJson(target)) {
            return List.of(YAML.readTree(parser).toString());
        }
        if (!target.isMultiValue()) {
            throw new InputException(subject + "takes a single value, not " + describe(token));
        }
        if (token == JsonToken.START_OBJECT) {
            return entries(parser, target, subject);
        }
        List<String> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            JsonToken item = parser.currentToken();
            if (item == JsonToken.START_OBJECT) {
                items.addAll(entries(parser, target, subject));
            } else if (item.isScalarValue() && item != JsonToken.VALUE_NULL) {
                items.add(parser.getText());
            } else {
                throw new InputException(subject + "list items must be single values, not " + describe(parser));
            }
        }
        return items;
    }

    /**
     * YAML reads {@code - Accept: text/plain} (and {@code header: {Accept: text/plain}}) as a mapping, where the user
     * meant the text {@code Accept: text/plain}; each entry becomes that text again ({@code name=value} for an
     * option of key=value pairs, picocli's form for maps).
     */
    private static List<String> entries(JsonParser parser, ArgSpec target, String subject)
            throws IOException, InputException {
        String separator = target.typeInfo().isMap() ? "=" : ": ";
        List<String> values = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
                throw new InputException(
                        subject + "entry '" + name + "' must have a single value, not " + describe(parser));
            }
            values.add(name + separator + parser.getText());
        }
        return values;
    }

    /**
     * {@code --name=value} keeps a value that starts with '@' or '-' a value (never an @file or an option). A flag
     * gets {@code --name=true} or {@code --name=false}, which picocli sets as given, whatever the flag's default.
     */
    private static List<String> arguments(ArgSpec target, List<String> values, String where, String key)
            throws InputException {
        List<String> arguments = new ArrayList<>();
        if (target instanceof OptionSpec option) {
            for (String value : values) {
                arguments.add(option.longestName() + "=" + value);
            }
            return arguments;
        }
        for (String value : values) {
            if (value.startsWith("-") || value.startsWith("@")) {
                throw new InputException(where + "'" + key + "' cannot start with '-' or '@': '" + value + "'");
            }
            arguments.add(value);
        }
        return arguments;
    }

    /**
     * An option whose value is JSON text ({@code -D JSON}, {@code -m JSON}): a YAML mapping or list is more natural to
     * write, and is passed on as its JSON text.
     */
    private static boolean takesJson(ArgSpec target) {
        return !target.isMultiValue() && "JSON".equals(target.paramLabel());
    }

    /** A boolean option that takes no value on the command line: {@code latency: true} sets it. */
    private static boolean isFlag(ArgSpec target) {
        return target instanceof OptionSpec option && option.arity().max() == 0;
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "a mapping";
            default -> "a single value";
        };
    }

    private static String describe(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return "nothing";
        }
        return token.isScalarValue() ? "'" + parser.getText() + "'" : describe(token);
    }

    /** SnakeYAML's messages span several lines (context, the line quoted, a caret); keep the problem and where. */
    private static String syntaxError(JsonProcessingException e) {
        String problem = e instanceof MarkedYAMLException marked && marked.getProblem() != null
                ? marked.getProblem()
                : e.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
        var location = e.getLocation();
        String where = location == null ? " " : location.getLineNr() + ":" + location.getColumnNr() + ": ";
        return where + "invalid YAML: " + problem.strip();
    }

    private static String reason(Exception e, Path path) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (Files.isDirectory(path)) {
            return "it is a directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
