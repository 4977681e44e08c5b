package dev.loadgen.core;

import org.HdrHistogram.Histogram;

/**
 * The measured part of a run so far, at the end of one reporting interval, summed over the workers by the reporter
 * thread: what a live view of the run (the metrics endpoint) shows. Counters are cumulative from the end of the
 * warm-up; at the run's last interval they are the result's own figures. The histograms (nanoseconds) are the
 * reporter's and are reused after {@link RunObserver#onInterval} returns: an observer that keeps them must copy
 * them.
 *
 * @param counts              responses, errors by kind, responses by status and dropped sends
 * @param bytesRead           bytes read
 * @param bytesWritten        bytes written
 * @param lateSends           requests written after their intended time (constant rate only)
 * @param inFlight            requests in flight at the workers' last tick
 * @param openConnections     open connections at the workers' last tick
 * @param targetRatePerSecond the rate the schedule planned over the interval; NaN in closed loop
 * @param corrected           every corrected latency so far
 * @param uncorrected         every latency measured from the actual write so far
 */
public record RunTotals(
        RunCounts counts,
        long bytesRead,
        long bytesWritten,
        long lateSends,
        long inFlight,
        long openConnections,
        double targetRatePerSecond,
        Histogram corrected,
        Histogram uncorrected) {}
