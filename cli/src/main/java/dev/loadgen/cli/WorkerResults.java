package dev.loadgen.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.Distribution;
import dev.loadgen.core.InputException;
import dev.loadgen.core.ResultSum;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.WorkerPart;
import dev.loadgen.core.report.JsonReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The worker results of one distributed run, checked to belong together and added up: the same run id and number
 * of workers, histograms of the same precision, and each worker index once, all of them unless a partial merge is
 * allowed. Pure functions over their inputs; main thread.
 */
final class WorkerResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The merged run.
     *
     * @param result   every figure added up
     * @param sections the protocol's own JSON fields that every worker wrote alike (others are left out: their
     *                 figures are in the merged protocol_stats)
     * @param missing  the indexes of the workers whose results were not given (empty unless partial)
     */
    record Merged(RunResult result, List<JsonReport.Section> sections, List<Integer> missing) {}

    private WorkerResults() {}

    static Merged merge(List<MergeInputs.Found> found, boolean allowPartial) throws InputException {
        if (found.isEmpty()) {
            throw new InputException("no loadgen result to merge");
        }
        MergeInputs.Found first = found.get(0);
        Distribution reference = distribution(first);
        Histogram precision = first.document().result().latencyNanos();
        Map<Integer, String> seen = new TreeMap<>();
        List<WorkerPart> parts = new ArrayList<>();
        List<RunResult> results = new ArrayList<>();
        for (MergeInputs.Found each : found) {
            Distribution distribution = distribution(each);
            if (!distribution.runId().equals(reference.runId())) {
                throw new InputException("results of different runs: " + first.where() + " is of run '"
                        + reference.runId() + "', " + each.where() + " of run '" + distribution.runId() + "'");
            }
            if (distribution.workers() != reference.workers()) {
                throw new InputException("results of different splits: " + first.where() + " is one of "
                        + reference.workers() + " workers, " + each.where() + " one of " + distribution.workers());
            }
            Histogram latency = each.document().result().latencyNanos();
            if (latency.getNumberOfSignificantValueDigits() != precision.getNumberOfSignificantValueDigits()
                    || latency.getHighestTrackableValue() != precision.getHighestTrackableValue()
                    || latency.getLowestDiscernibleValue() != precision.getLowestDiscernibleValue()) {
                throw new InputException("histograms of different precision: " + first.where() + " has "
                        + describe(precision) + ", " + each.where() + " " + describe(latency));
            }
            for (WorkerPart part : distribution.parts()) {
                if (part.index() < 0 || part.index() >= reference.workers()) {
                    throw new InputException(each.where() + ": worker index " + part.index() + " is outside 0 to "
                            + (reference.workers() - 1));
                }
                String earlier = seen.putIfAbsent(part.index(), each.where());
                if (earlier != null) {
                    throw new InputException(
                            "worker " + part.index() + " appears twice: " + earlier + " and " + each.where());
                }
                parts.add(part);
            }
            results.add(each.document().result());
        }
        List<Integer> missing = new ArrayList<>();
        for (int index = 0; index < reference.workers(); index++) {
            if (!seen.containsKey(index)) {
                missing.add(index);
            }
        }
        if (!missing.isEmpty() && !allowPartial) {
            throw new InputException("worker" + (missing.size() == 1 ? " " : "s ") + indexes(missing) + " of "
                    + reference.workers() + " missing from run '" + reference.runId()
                    + "' (give every worker's result, or --allow-partial to merge fewer)");
        }
        Distribution merged = new Distribution(reference.runId(), reference.workers(), parts, !missing.isEmpty());
        return new Merged(ResultSum.of(results, merged), commonSections(found), missing);
    }

    private static Distribution distribution(MergeInputs.Found found) throws InputException {
        Distribution distribution = found.document().result().distribution();
        if (distribution == null) {
            throw new InputException(found.where() + ": not a worker's result (the run had no --workers)");
        }
        return distribution;
    }

    private static String describe(Histogram histogram) {
        return histogram.getNumberOfSignificantValueDigits() + " significant digits from "
                + histogram.getLowestDiscernibleValue() + " to " + histogram.getHighestTrackableValue();
    }

    static String indexes(List<Integer> indexes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < indexes.size(); i++) {
            text.append(i == 0 ? "" : i == indexes.size() - 1 ? " and " : ", ").append(indexes.get(i));
        }
        return text.toString();
    }

    /** The protocol sections that every result has, written exactly alike. */
    private static List<JsonReport.Section> commonSections(List<MergeInputs.Found> found) throws InputException {
        Map<String, String> common = null;
        Map<String, JsonReport.Section> byText = new LinkedHashMap<>();
        for (MergeInputs.Found each : found) {
            Map<String, String> texts = new LinkedHashMap<>();
            for (JsonReport.Section section : each.document().protocolSections()) {
                String text = text(section);
                texts.put(text, text);
                byText.putIfAbsent(text, section);
            }
            if (common == null) {
                common = texts;
            } else {
                common.keySet().retainAll(texts.keySet());
            }
        }
        List<JsonReport.Section> sections = new ArrayList<>();
        for (String text : common.keySet()) {
            sections.add(byText.get(text));
        }
        return sections;
    }

    private static String text(JsonReport.Section section) throws InputException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            section.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new InputException("cannot read a protocol section: " + e.getMessage());
        }
        return out.toString();
    }
}
