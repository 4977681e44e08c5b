package dev.loadgen.cli;

/**
 * What a run reports besides wrk's summary. Immutable.
 *
 * @param latency     print the latency distribution (wrk's four lines, or wrk2's spectrum at a constant rate)
 * @param uncorrected also print wrk2's block for the latency measured from the actual write
 */
record ReportOptions(boolean latency, boolean uncorrected) {
    /** Only the text report, with or without the distribution: what {@code demo} prints. */
    static ReportOptions text(boolean latency) {
        return new ReportOptions(latency, false);
    }
}
