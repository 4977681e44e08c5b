package dev.loadgen.core;

import dev.loadgen.core.gate.StatusNames;
import dev.loadgen.core.report.ReportSection;
import java.util.Set;

/**
 * Service-provider interface: one implementation per protocol, found through {@link java.util.ServiceLoader} by
 * the target URL's scheme. A protocol owns everything the core and the command line must not know: its options
 * and their validation, the driver it creates, its status names and which statuses are errors, and its report
 * sections.
 *
 * <p>Each load of the service creates new instances, and an instance holds the values of its own options, so one
 * instance serves one command line. Called on the command line's thread only. Implementations need a public
 * no-argument constructor.
 */
public interface Protocol {

    /** Short lower-case name, used for help topics and {@code demo --protocol}. */
    String name();

    /** The name people know the protocol by, for headings. */
    String displayName();

    /** The URL schemes this protocol serves, lower case. */
    Set<String> schemes();

    /**
     * The object holding this protocol's own command-line options, annotated for picocli; the command line adds
     * it to the main command under a heading of its own. Null when the protocol has none.
     */
    Object options();

    /** The text of {@code loadgen help NAME}: what the protocol does, a few examples; its options follow it. */
    String helpTopic();

    /** How this protocol's status codes are named, and which spellings gates accept. */
    StatusNames statusNames();

    /**
     * Validates this protocol's options against the run's target and how many connections and requests in flight
     * were asked for, without touching the network.
     *
     * @throws InputException with a one-line reason when they do not make a run
     */
    ProtocolRun prepare(TargetSpec target, Concurrency concurrency) throws InputException;

    /**
     * The protocol's own card of the HTML report, made from {@code result} alone so that a saved result shows it
     * too; {@link ReportSection#NONE} when the core's cards say everything.
     */
    default ReportSection reportSection(RunResult result) {
        return ReportSection.NONE;
    }

    /** The built-in target of {@code loadgen serve} and {@code loadgen demo}, or null when there is none. */
    BuiltInTarget builtInTarget();
}
