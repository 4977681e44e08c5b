package dev.loadgen.http.serve;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link TargetServer} has received and written, as read by {@link TargetServer#counts()}. Immutable.
 *
 * <p>Each figure is exact. While traffic flows a snapshot is not one instant (the figures are read one after
 * another), but it never counts a response without also counting its request. A response is counted when its
 * write completes, which can be a moment after the client has read it: compare against a client after
 * {@link TargetServer#close()}, when the figures are final.
 *
 * @param requestsReceived  request heads read in full, malformed ones included. A head cut short by the client
 *                          closing is not counted, nor is a request pipelined behind one that asked to close the
 *                          connection: neither is ever answered.
 * @param responsesWritten  final responses whose every byte was handed to the operating system (interim
 *                          {@code 100 Continue} responses are not counted). A response lost because its
 *                          connection closed first is not counted, so a client that leaves mid-run shows as
 *                          requests received and never answered.
 * @param bytesWritten      bytes handed to the operating system: status lines, headers and bodies, interim
 *                          responses included
 * @param responsesByStatus {@code responsesWritten} split by status code, in ascending order of code; codes with
 *                          no response are absent. Unmodifiable.
 */
public record ServedCounts(
        long requestsReceived, long responsesWritten, long bytesWritten, Map<Integer, Long> responsesByStatus) {

    public ServedCounts {
        responsesByStatus = Collections.unmodifiableMap(new TreeMap<>(responsesByStatus));
    }

    /** How many responses with {@code status} were written. */
    public long responsesWithStatus(int status) {
        return responsesByStatus.getOrDefault(status, 0L);
    }
}
