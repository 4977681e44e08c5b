package dev.loadgen.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a result stands in a run spread over several worker processes: one worker's share (one part), or the
 * merge of several (their parts, by index). Immutable.
 *
 * @param runId   what every worker of the run was told the run is called
 * @param workers how many workers the run was split over
 * @param parts   the workers this result covers, by index
 * @param partial whether a merge covers fewer than all the workers (accepted with {@code --allow-partial})
 */
public record Distribution(String runId, int workers, List<WorkerPart> parts, boolean partial) {
    public Distribution {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        List<WorkerPart> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(WorkerPart::index));
        parts = List.copyOf(sorted);
    }

    /** Whether this is the result of more than one worker, added up. */
    public boolean merged() {
        return parts.size() > 1 || partial;
    }
}
