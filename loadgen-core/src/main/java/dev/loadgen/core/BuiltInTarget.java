package dev.loadgen.core;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A protocol's built-in target server, which {@code loadgen serve} runs until stopped and {@code loadgen demo}
 * runs a short test against. Immutable description; {@link #start} makes a running server.
 */
public interface BuiltInTarget {

    /** The names of {@code loadgen serve}'s option giving this target's port, such as {@code --port}. */
    List<String> portOptionNames();

    /** The port {@code serve} listens on when the option is not given, or -1 when it then does not start this one. */
    int defaultPort();

    /** Help text of the port option. */
    String portDescription();

    /**
     * Starts the server on {@code host}, {@code port} (0 for a free one), with {@code threads} event loops.
     *
     * @throws StartException when it cannot listen there
     */
    Running start(String host, int port, int threads) throws StartException;

    /** The path and query {@code demo} sends to, resolved against the server's URI; empty for none. */
    String demoPath();

    /** What {@code demo} says it does before its report, or an empty string when its report says it all. */
    String demoIntroduction();

    /** The options {@code demo} adds to its command line for this target (a method to call and its data, say). */
    List<String> demoArguments();

    /**
     * Ways {@code demo} can also show this target, each a flag of its own ({@code --NAME}) adding its options to the
     * demo's command line; none by default.
     */
    default List<DemoVariant> demoVariants() {
        return List.of();
    }

    /**
     * A way to run the demo, such as another wire protocol to the same target. Immutable.
     *
     * @param name        the flag's name without dashes
     * @param description the flag's help text
     * @param arguments   what it adds to the demo's command line
     */
    record DemoVariant(String name, String description, List<String> arguments) {
        public DemoVariant {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * The runs that train the JVM launcher's class-data archive against this target at {@code target}: each the
     * main command's protocol options and URL (the caller adds how long and how hard), using the paths this
     * protocol's users meet first. Files they need go into {@code scratch}, which the caller deletes.
     *
     * @throws IOException when a file cannot be written there
     */
    List<List<String>> trainingRuns(URI target, Path scratch) throws IOException;

    /** A started server. Closing it stops it. */
    interface Running extends AutoCloseable {
        /** Where it listens. */
        URI uri();

        /** The line {@code serve} prints once it listens. */
        String listeningLine();

        /** The line {@code demo} prints after its test: what the server itself counted. */
        String servedLine();

        @Override
        void close();
    }
}
