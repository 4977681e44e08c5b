package dev.loadgen.core.gate;

import dev.loadgen.core.StopReason;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The gates of a run as JUnit XML, the format CI systems read test results in: one {@code <testsuite>}, one
 * {@code <testcase>} per assertion and per regression limit, a {@code <failure>} with the measured and expected
 * values for each that failed, and the run's stop reason as the suite's property {@code stop_reason} (as the JSON
 * result spells it), followed by any further properties of the run (a distributed run's id and workers). Written with the JDK's XML stream writer, which escapes what needs escaping.
 *
 * <p>Pure functions; any thread.
 */
public final class JUnitReport {
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private JUnitReport() {}

    /**
     * The suite's content.
     *
     * @param name        the suite's name (the target URL)
     * @param start       when the run started
     * @param elapsedNanos how long it measured
     * @param stopReason  why the run ended
     * @param assertions  the evaluated assertions
     * @param regressions the checked regression limits (empty without a baseline)
     * @param abortedBy   the assertion that stopped the run early, or null
     * @param properties  further properties of the suite, in order
     */
    public record Suite(
            String name,
            Instant start,
            long elapsedNanos,
            StopReason stopReason,
            List<AssertionResult> assertions,
            List<RegressionResult> regressions,
            AssertionResult abortedBy,
            Map<String, String> properties) {
        public Suite {
            properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        }

        /** A suite without further properties. */
        public Suite(
                String name,
                Instant start,
                long elapsedNanos,
                StopReason stopReason,
                List<AssertionResult> assertions,
                List<RegressionResult> regressions,
                AssertionResult abortedBy) {
            this(name, start, elapsedNanos, stopReason, assertions, regressions, abortedBy, Map.of());
        }
    }

    /** Writes {@code suite} to {@code out}, UTF-8; does not close {@code out}. */
    public static void write(Suite suite, OutputStream out) throws XMLStreamException {
        XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
        String seconds = String.format(Locale.ROOT, "%.3f", suite.elapsedNanos() / 1e9);
        long failures =
                suite.assertions().stream().filter(result -> !result.passed()).count()
                        + suite.regressions().stream()
                                .filter(RegressionResult::exceeded)
                                .count();
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "loadgen " + suite.name());
        xml.writeAttribute(
                "tests",
                Integer.toString(suite.assertions().size() + suite.regressions().size()));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds);
        xml.writeAttribute("timestamp", TIMESTAMP.format(suite.start()));
        xml.writeCharacters("\n  ");
        xml.writeStartElement("properties");
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", "stop_reason");
        xml.writeAttribute("value", suite.stopReason().jsonName());
        for (Map.Entry<String, String> property : suite.properties().entrySet()) {
            xml.writeCharacters("\n    ");
            xml.writeEmptyElement("property");
            xml.writeAttribute("name", property.getKey());
            xml.writeAttribute("value", property.getValue());
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        for (AssertionResult result : suite.assertions()) {
            String message = result.explanation();
            if (suite.abortedBy() != null
                    && result.assertion().equals(suite.abortedBy().assertion())) {
                message += " (the run was stopped early)";
            }
            testCase(
                    xml,
                    "loadgen.assertions",
                    result.assertion().text(),
                    seconds,
                    result.passed() ? null : message,
                    result.explanation());
        }
        for (RegressionResult result : suite.regressions()) {
            testCase(
                    xml,
                    "loadgen.baseline",
                    result.limit().text(),
                    seconds,
                    result.exceeded() ? result.explanation() : null,
                    result.explanation());
        }
        xml.writeEndElement();
        xml.writeEndDocument();
        xml.flush();
        xml.close();
        try {
            out.write('\n');
        } catch (java.io.IOException e) {
            throw new XMLStreamException(e);
        }
    }

    private static void testCase(
            XMLStreamWriter xml, String className, String name, String seconds, String failure, String output)
            throws XMLStreamException {
        xml.writeCharacters("  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", className);
        xml.writeAttribute("name", name);
        xml.writeAttribute("time", seconds);
        if (failure != null) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("failure");
            xml.writeAttribute("message", failure);
            xml.writeAttribute("type", "AssertionFailed");
            xml.writeCharacters(failure);
            xml.writeEndElement();
            xml.writeCharacters("\n  ");
        } else {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(output);
            xml.writeEndElement();
            xml.writeCharacters("\n  ");
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }
}
