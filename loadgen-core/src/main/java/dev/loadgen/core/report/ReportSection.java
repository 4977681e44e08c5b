package dev.loadgen.core.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A protocol's own part of the HTML report: a titled table of its figures, made from a run's result alone (so a
 * saved result shows it too). Immutable.
 *
 * @param title the card's title, the protocol's name
 * @param rows  label and value of each row, in order
 */
public record ReportSection(String title, Map<String, String> rows) {
    /** Nothing to show. */
    public static final ReportSection NONE = new ReportSection("", Map.of());

    public ReportSection {
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }
}
