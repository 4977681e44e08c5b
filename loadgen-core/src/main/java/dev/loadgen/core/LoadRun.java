package dev.loadgen.core;

import dev.loadgen.core.trace.SpanQueue;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * One run from start to result: creates the event loops and one {@link Worker} per loop, checks the target,
 * lets the workers run, and acts as the reporter, the one thread outside the loops that samples and merges
 * the workers' recorders.
 *
 * <p>Threading: {@link #preflight} and {@link #execute} are called from one thread, in that order;
 * {@link #stop} may be called from any thread (a signal handler).
 *
 * <p>Time is the event loops' {@link Ticker} (Netty's system ticker), which the workers and the connections read
 * too, so that the reporter's times and theirs are on one clock.
 */
public final class LoadRun implements AutoCloseable {
    /** How often each worker's request rate is sampled, as wrk does. */
    static final long RATE_SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often interval histograms are moved off the recorders. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RunSpec spec;
    private final Driver driver;
    private final MultiThreadIoEventLoopGroup group;
    private final List<Worker> workers = new ArrayList<>();
    private final CountDownLatch finished;
    private final CountDownLatch connected;
    private final Ticker ticker;
    /** The name of the transport the loops run on, for the result. */
    private final String transportName;
    /** The reason {@link #stop(StopReason)} was first called with; null when it was not. */
    private final AtomicReference<StopReason> requestedStop = new AtomicReference<>();

    private volatile boolean started;
    /** Written and read by the thread that calls {@link #execute}. */
    private long startSkewNanos;

    /** Told when the workers start, on the reporter thread; set before {@link #execute}. */
    private Runnable onStart = () -> {};

    private LoadRun(RunSpec spec, Driver driver, MultiThreadIoEventLoopGroup group, String transportName) {
        this.spec = spec;
        this.transportName = transportName;
        this.driver = driver;
        this.group = group;
        this.finished = new CountDownLatch(spec.threads());
        this.connected = new CountDownLatch(spec.threads());
        int index = 0;
        for (var executor : group) {
            workers.add(new Worker(index++, (EventLoop) executor, driver, spec, connected, finished));
        }
        this.ticker = group.next().ticker();
    }

    /**
     * A run of {@code spec} with {@code driver}, which must have been created for {@code transport} (see
     * {@link ProtocolRun#createDriver}); the run closes it.
     */
    public static LoadRun prepare(RunSpec spec, Transport transport, Driver driver) {
        disableLeakDetectionUnlessAsked();
        Transport loops = BatchingSelectStrategy.suits(spec)
                ? transport.withSelectStrategy(BatchingSelectStrategy.FACTORY)
                : transport;
        return new LoadRun(spec, driver, loops.newGroup(spec.threads(), "loadgen-worker"), transport.name());
    }

    /**
     * Netty's leak detector samples buffer allocations and records a stack trace for each sample, which costs
     * allocation and CPU on every event loop. A load generator's buffers are checked by its tests; users who
     * want the detector set {@code -Dio.netty.leakDetection.level} themselves.
     */
    private static void disableLeakDetectionUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Caller's thread, before {@link #execute}: every worker's traced requests go to a queue of its own, of
     * {@code capacityPerWorker} records, for a span exporter to drain.
     */
    public List<SpanQueue> exportSpans(int capacityPerWorker) {
        List<SpanQueue> queues = new ArrayList<>(workers.size());
        for (Worker worker : workers) {
            SpanQueue queue = new SpanQueue(capacityPerWorker);
            worker.exportSpans(queue);
            queues.add(queue);
        }
        return queues;
    }

    /**
     * Caller's thread, before {@link #execute}: {@code task} runs on the reporter thread right after the workers
     * start sending (the measured window starts after the warm-up); it must return quickly.
     */
    public void onStart(Runnable task) {
        this.onStart = task;
    }

    /** Any thread: the clock the run's times (a request's intended, write and end time) are on. */
    public Ticker ticker() {
        return ticker;
    }

    /** Caller's thread: one connection to the target and back, so an unreachable target fails before load. */
    public void preflight() throws StartException {
        EventLoop loop = group.next();
        driver.resolve(loop, spec.timeoutNanos());
        driver.preflight(loop, spec.timeoutNanos());
    }

    /** As {@link #execute(RunObserver, long)} without an observer, with one-second intervals. */
    public RunResult execute() throws InterruptedException {
        return execute(RunObserver.NONE, INTERVAL_NANOS);
    }

    /** As {@link #execute(RunObserver, long, StartAt)}, starting as soon as the connections are open. */
    public RunResult execute(RunObserver observer, long intervalNanos) throws InterruptedException {
        try {
            return execute(observer, intervalNanos, StartAt.now());
        } catch (LateStartException e) {
            throw new IllegalStateException("a run that starts at once cannot start late", e);
        }
    }

    /**
     * Runs the load on the workers and blocks until every worker has finished, then merges their recorders.
     * The schedule starts once the connections are open, at {@code startAt}'s instant when it has one; a run that
     * starts within the tolerance after the instant counts its schedule from the instant all the same. The calling
     * thread is the reporter: it samples request rates every 100 ms and, every {@code intervalNanos} from the
     * start (on a fixed grid, so that the intervals of workers that share a start line up), merges the workers'
     * interval histograms and hands them to {@code observer}.
     *
     * @throws LateStartException when the connections were open only after the instant plus the tolerance; no
     *     request was sent
     */
    public RunResult execute(RunObserver observer, long intervalNanos, StartAt startAt)
            throws InterruptedException, LateStartException {
        for (Worker worker : workers) {
            worker.connect();
        }
        // The clock starts once every connection is open (or has failed), bounded by the timeout, so that
        // connection set-up is not charged to the first requests as lateness.
        connected.await(spec.timeoutNanos(), TimeUnit.NANOSECONDS);
        startSkewNanos = startAt.await(() -> requestedStop.get() != null);
        long startNanos = ticker.nanoTime() - startSkewNanos;
        long startEpochMillis =
                startAt.instant() != null ? startAt.instant().toEpochMilli() : System.currentTimeMillis();
        started = true;
        for (Worker worker : workers) {
            worker.start(startNanos);
        }
        onStart.run();
        StopReason stopBeforeStart = requestedStop.get();
        if (stopBeforeStart != null) {
            stopWorkers(stopBeforeStart);
        }
        Reporter reporter = new Reporter(startNanos, observer);
        long nextSample = startNanos + RATE_SAMPLE_NANOS;
        long nextInterval = startNanos + intervalNanos;
        // The runtime's counters are read where the measured window starts: now, or when the warm-up ends.
        long recordFromNanos = startNanos + spec.warmupNanos();
        RuntimeCounters windowStart = spec.warmupNanos() == 0 ? RuntimeCounters.read() : null;
        long nextWake =
                Math.min(Math.min(nextSample, nextInterval), windowStart == null ? recordFromNanos : nextSample);
        while (!finished.await(Math.max(0, nextWake - ticker.nanoTime()), TimeUnit.NANOSECONDS)) {
            long now = ticker.nanoTime();
            if (windowStart == null && now >= recordFromNanos) {
                windowStart = RuntimeCounters.read();
            }
            if (now >= nextSample) {
                reporter.sampleRates(now);
                nextSample = now + RATE_SAMPLE_NANOS;
            }
            if (now >= nextInterval) {
                reporter.closeInterval(now);
                while (nextInterval <= now) {
                    nextInterval += intervalNanos;
                }
            }
            nextWake = Math.min(nextSample, nextInterval);
            if (windowStart == null) {
                nextWake = Math.min(nextWake, recordFromNanos);
            }
        }
        long endNanos = ticker.nanoTime();
        RuntimeCounters windowEnd = RuntimeCounters.read();
        RuntimeActivity runtime = windowEnd.since(windowStart == null ? windowEnd : windowStart, transportName);
        reporter.closeInterval(endNanos);
        return reporter.result(endNanos, startEpochMillis, runtime);
    }

    /**
     * Main thread, after {@link #execute}: how long after the shared start instant the schedule started (0 without
     * one): the worker's start skew.
     */
    public long startSkewNanos() {
        return startSkewNanos;
    }

    /** The reporter thread's state: totals, the interval being filled, rate samples. Reporter thread only. */
    private final class Reporter {
        private final long startNanos;
        private final long recordFromNanos;
        private final RunObserver observer;
        private final Histogram rates = RunResult.newRateHistogram();
        private final Histogram corrected = WorkerRecorder.newHistogram();
        private final Histogram uncorrected = WorkerRecorder.newHistogram();
        private final Histogram intervalCorrected = WorkerRecorder.newHistogram();
        private final Histogram intervalUncorrected = WorkerRecorder.newHistogram();
        // A recorder only takes back histograms it handed out itself, so each worker keeps its own, by window.
        private final Histogram[][] recycleCorrected = new Histogram[2][workers.size()];
        private final Histogram[][] recycleUncorrected = new Histogram[2][workers.size()];
        /** The warm-up's latencies of one interval, added up like measured ones and never read (see WorkerRecorder). */
        private final Histogram warmupScratch = spec.warmupNanos() > 0 ? WorkerRecorder.newHistogram() : null;

        private final long[] lastRequests = new long[workers.size()];
        private final StatsSchema schema = driver.stats();
        /** The protocol's histograms, added up like the latencies, and the workers' recycled ones by window. */
        private final Histogram[] protocolHistograms =
                newHistograms(schema.histograms().size());

        private final Histogram[][][] recycleProtocol =
                new Histogram[2][schema.histograms().size()][workers.size()];
        private final List<IntervalSummary> summaries = new ArrayList<>();
        /** The slowest traced requests of the interval being closed and of the run; null without tracing. */
        private final SlowestTraced intervalSlowest = newSlowest();

        private final SlowestTraced runSlowest = newSlowest();
        private long lastSampleNanos;
        private long intervalStartNanos;
        private long intervalRequests;
        private long intervalErrors;

        Reporter(long startNanos, RunObserver observer) {
            this.startNanos = startNanos;
            this.recordFromNanos = startNanos + spec.warmupNanos();
            this.observer = observer;
            this.lastSampleNanos = startNanos;
            this.intervalStartNanos = startNanos;
        }

        void sampleRates(long now) {
            boolean measuring = now >= recordFromNanos;
            for (int i = 0; i < workers.size(); i++) {
                long requests = workers.get(i).recorder().requests();
                long perSecond = Math.round((requests - lastRequests[i]) * 1e9 / (now - lastSampleNanos));
                if (perSecond > 0 && measuring) {
                    rates.recordValue(perSecond);
                }
                lastRequests[i] = requests;
            }
            lastSampleNanos = now;
        }

        void closeInterval(long now) {
            if (now <= intervalStartNanos) {
                return;
            }
            intervalCorrected.reset();
            intervalUncorrected.reset();
            collect(WorkerRecorder.MEASURED, intervalCorrected, intervalUncorrected);
            corrected.add(intervalCorrected);
            uncorrected.add(intervalUncorrected);
            collectProtocol(WorkerRecorder.MEASURED, protocolHistograms);
            if (warmupScratch != null) {
                warmupScratch.reset();
                collect(WorkerRecorder.WARMUP, warmupScratch, warmupScratch);
                for (int h = 0; h < protocolHistograms.length; h++) {
                    collectProtocol(WorkerRecorder.WARMUP, h, warmupScratch);
                }
            }
            RunCounts counts = countsSoFar();
            long requests = counts.requests();
            long errors = 0;
            for (long count : counts.errors().values()) {
                errors += count;
            }
            RunTotals totals = new RunTotals(
                    counts,
                    sum(WorkerRecorder::bytesRead),
                    sum(WorkerRecorder::bytesWritten),
                    sum(WorkerRecorder::lateSends),
                    sum(WorkerRecorder::inFlight),
                    sum(WorkerRecorder::openConnections),
                    plannedRate(intervalStartNanos - startNanos, now - startNanos),
                    corrected,
                    uncorrected);
            Interval interval = new Interval(
                    intervalStartNanos - startNanos,
                    now - intervalStartNanos,
                    intervalCorrected,
                    intervalUncorrected,
                    requests - intervalRequests,
                    errors - intervalErrors,
                    now <= recordFromNanos,
                    totals,
                    collectSlowest());
            intervalRequests = requests;
            intervalErrors = errors;
            intervalStartNanos = now;
            summaries.add(IntervalSummary.of(interval));
            observer.onInterval(interval);
        }

        private SlowestTraced newSlowest() {
            return spec.tracing().enabled() && spec.tracing().slowest() > 0
                    ? new SlowestTraced(spec.tracing().slowest())
                    : null;
        }

        /** The interval's slowest traced requests, also added to the run's. */
        private List<TracedRequest> collectSlowest() {
            if (intervalSlowest == null) {
                return List.of();
            }
            intervalSlowest.clear();
            for (Worker worker : workers) {
                worker.slowest().swap(intervalSlowest);
            }
            runSlowest.addAll(intervalSlowest);
            return intervalSlowest.toList(startNanos);
        }

        /** Swaps every worker's histograms of {@code window} and adds them to the given ones. */
        private void collect(int window, Histogram correctedInto, Histogram uncorrectedInto) {
            for (int i = 0; i < workers.size(); i++) {
                WorkerRecorder recorder = workers.get(i).recorder();
                recycleCorrected[window][i] = recorder.swapCorrected(window, recycleCorrected[window][i]);
                correctedInto.add(recycleCorrected[window][i]);
                recycleUncorrected[window][i] = recorder.swapUncorrected(window, recycleUncorrected[window][i]);
                uncorrectedInto.add(recycleUncorrected[window][i]);
            }
        }

        private void collectProtocol(int window, Histogram[] into) {
            for (int h = 0; h < into.length; h++) {
                collectProtocol(window, h, into[h]);
            }
        }

        /** Swaps every worker's protocol histogram {@code h} of {@code window} and adds it to {@code into}. */
        private void collectProtocol(int window, int h, Histogram into) {
            for (int i = 0; i < workers.size(); i++) {
                recycleProtocol[window][h][i] =
                        workers.get(i).recorder().swapProtocol(window, h, recycleProtocol[window][h][i]);
                into.add(recycleProtocol[window][h][i]);
            }
        }

        /** The protocol's figures of the measured window, over every worker. */
        private ProtocolStats protocolStats() {
            Map<String, Long> counters = new LinkedHashMap<>();
            for (int c = 0; c < schema.counters().size(); c++) {
                int counter = c;
                counters.put(schema.counters().get(c), sum(recorder -> recorder.protocolCount(counter)));
            }
            Map<String, Histogram> histograms = new LinkedHashMap<>();
            for (int h = 0; h < protocolHistograms.length; h++) {
                histograms.put(schema.histograms().get(h), protocolHistograms[h]);
            }
            Map<String, Long> messages = new HashMap<>();
            for (Worker worker : workers) {
                worker.recorder()
                        .errorMessages()
                        .forEach((message, count) -> messages.merge(message, count, Long::sum));
            }
            return new ProtocolStats(counters, histograms, messages);
        }

        private long sum(ToLongFunction<WorkerRecorder> counter) {
            long total = 0;
            for (Worker worker : workers) {
                total += counter.applyAsLong(worker.recorder());
            }
            return total;
        }

        /**
         * Requests per second the schedule planned between {@code fromNanos} and {@code toNanos} after the start,
         * within the run's duration; NaN in closed loop.
         */
        private double plannedRate(long fromNanos, long toNanos) {
            if (!(spec.schedule() instanceof Schedule.OpenLoop open)) {
                return Double.NaN;
            }
            long end = spec.durationNanos() > 0 ? Math.min(toNanos, spec.durationNanos()) : toNanos;
            if (end <= fromNanos) {
                return 0;
            }
            FireTimes fireTimes = open.fireTimes();
            return (fireTimes.plannedRequests(end) - fireTimes.plannedRequests(fromNanos)) * 1e9 / (end - fromNanos);
        }

        RunResult result(long endNanos, long startEpochMillis, RuntimeActivity runtime) {
            RunCounts counts = countsSoFar();
            long measuredNanos = Math.max(0, endNanos - recordFromNanos);
            long maxLateness = 0;
            for (Worker worker : workers) {
                maxLateness = Math.max(maxLateness, worker.recorder().maxLatenessNanos());
            }
            PacingStats pacing = spec.schedule() instanceof Schedule.OpenLoop open
                    ? new PacingStats(
                            targetRate(
                                    open.fireTimes(),
                                    endNanos - startNanos,
                                    spec.durationNanos(),
                                    spec.warmupNanos(),
                                    spec.requestCount()),
                            sum(WorkerRecorder::lateSends),
                            maxLateness,
                            counts.dropped())
                    : PacingStats.CLOSED_LOOP;
            RunResult.Builder result = RunResult.builder(spec)
                    .elapsedNanos(measuredNanos)
                    .requests(counts.requests())
                    .errors(counts.errors())
                    .statuses(counts.statuses())
                    .bytesRead(sum(WorkerRecorder::bytesRead))
                    .bytesWritten(sum(WorkerRecorder::bytesWritten))
                    .latencyNanos(corrected)
                    .uncorrectedLatencyNanos(uncorrected)
                    .requestsPerSecondPerThread(rates)
                    .startEpochMillis(startEpochMillis)
                    .warmupResponses(sum(WorkerRecorder::warmupResponses))
                    .pacing(pacing)
                    .intervals(summaries)
                    .protocolStats(protocolStats())
                    .runtime(runtime)
                    .slowest(runSlowest == null ? List.of() : runSlowest.toList(startNanos));
            List<StopReason> workerReasons = new ArrayList<>(workers.size());
            for (Worker worker : workers) {
                workerReasons.add(worker.stopReason());
            }
            return result.stopReason(stopReason(requestedStop.get(), workerReasons))
                    .build();
        }
    }

    /**
     * Requests per second the schedule planned over the measured window: from the end of the warm-up to the end of
     * the run, of its duration, or of the time the schedule planned the last of {@code requestCount} requests,
     * whichever comes first. A run bounded by count against a slower server lasts longer than planned; what it
     * asked for is still the schedule's rate, not the count spread over the time the server took.
     */
    static double targetRate(
            FireTimes fireTimes, long runNanos, long durationNanos, long warmupNanos, long requestCount) {
        long windowEnd = durationNanos > 0 ? Math.min(runNanos, durationNanos) : runNanos;
        if (requestCount > 0) {
            long countPlannedBy = fireTimes.fireTimeNanos(requestCount);
            if (countPlannedBy != FireTimes.NEVER) {
                windowEnd = Math.min(windowEnd, countPlannedBy);
            }
        }
        long windowNanos = windowEnd - warmupNanos;
        if (windowNanos <= 0) {
            return 0;
        }
        double planned = fireTimes.plannedRequests(windowEnd) - fireTimes.plannedRequests(warmupNanos);
        if (requestCount > 0) {
            planned = Math.min(planned, (double) requestCount);
        }
        return planned * 1e9 / windowNanos;
    }

    private static Histogram[] newHistograms(int count) {
        Histogram[] histograms = new Histogram[count];
        for (int i = 0; i < count; i++) {
            histograms[i] = WorkerRecorder.newHistogram();
        }
        return histograms;
    }

    /**
     * Any thread: the counters so far, summed over the workers. Each counter is current to within a write; they
     * are not read at one instant, which is close enough for judging a run while it lasts.
     */
    public RunCounts countsSoFar() {
        EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        TreeMap<Integer, Long> statuses = new TreeMap<>();
        long requests = 0;
        long dropped = 0;
        for (Worker worker : workers) {
            WorkerRecorder recorder = worker.recorder();
            requests += recorder.requests();
            dropped += recorder.dropped();
            for (ErrorKind kind : ErrorKind.all()) {
                errors.merge(kind, recorder.errors(kind), Long::sum);
            }
            for (int code = 0; code <= WorkerRecorder.MAX_STATUS; code++) {
                long count = recorder.status(code);
                if (count > 0) {
                    statuses.merge(code, count, Long::sum);
                }
            }
        }
        return new RunCounts(requests, errors, statuses, dropped);
    }

    /**
     * Why a run stopped: the reason it was asked to stop for, if it was; otherwise {@link StopReason#UNREACHABLE}
     * when a worker gave up on the target (the run fell short of its count), {@link StopReason#COUNT} when every
     * worker sent its share of the count, and {@link StopReason#DURATION} when the duration ended one first.
     *
     * @param requested     the reason {@link #stop(StopReason)} was first called with, or null
     * @param workerReasons each worker's own reason
     */
    static StopReason stopReason(StopReason requested, List<StopReason> workerReasons) {
        if (requested != null) {
            return requested;
        }
        if (workerReasons.contains(StopReason.UNREACHABLE)) {
            return StopReason.UNREACHABLE;
        }
        for (StopReason reason : workerReasons) {
            if (reason != StopReason.COUNT) {
                return StopReason.DURATION;
            }
        }
        return StopReason.COUNT;
    }

    /**
     * Any thread: whether every worker's loop is ticking: each worker that started and has not finished ran its
     * timeout sweep (at most 50 ms apart) within the last {@code maxSilenceNanos}. True before the run starts and
     * after it ended, when there is nothing to tick.
     */
    public boolean workersTicking(long maxSilenceNanos) {
        if (!started || finished.getCount() == 0) {
            return true;
        }
        long now = ticker.nanoTime();
        for (Worker worker : workers) {
            long last = worker.recorder().lastTickNanos();
            // A worker's first tick comes one sweep period after its start, which this silence covers too.
            if (last != 0 && last != Long.MAX_VALUE && now - last > maxSilenceNanos) {
                return false;
            }
        }
        return true;
    }

    /** Any thread: whether the run has started and not yet finished. */
    public boolean running() {
        return started && finished.getCount() > 0;
    }

    /** Any thread: whether the run has finished (every worker is done). */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /** Any thread: connections open at the workers' last ticks. */
    public long openConnections() {
        long open = 0;
        for (Worker worker : workers) {
            open += worker.recorder().openConnections();
        }
        return open;
    }

    /** Any thread: the user stops the run (Ctrl-C, SIGTERM): {@link #stop(StopReason)} with {@link StopReason#INTERRUPTED}. */
    public void stop() {
        stop(StopReason.INTERRUPTED);
    }

    /**
     * Any thread: stop sending now, for {@code reason} ({@link StopReason#INTERRUPTED} or {@link StopReason#ABORTED});
     * {@link #execute} returns once requests in flight completed or timed out. The first call's reason is the run's.
     */
    public void stop(StopReason reason) {
        if (!reason.requested()) {
            throw new IllegalArgumentException("a run is stopped on request only: " + reason);
        }
        requestedStop.compareAndSet(null, reason);
        if (started) {
            stopWorkers(reason);
        }
    }

    /**
     * Any thread: as {@link #stop(StopReason)} with {@link StopReason#INTERRUPTED}, but without waiting for the
     * requests in flight (a second Ctrl-C): {@link #execute} returns as soon as each worker has closed its
     * connections, and the requests that were in flight are in no figure.
     */
    public void abandon() {
        requestedStop.compareAndSet(null, StopReason.INTERRUPTED);
        StopReason reason = requestedStop.get();
        if (started) {
            for (Worker worker : workers) {
                worker.abandon(reason);
            }
        }
    }

    private void stopWorkers(StopReason reason) {
        for (Worker worker : workers) {
            worker.stop(reason);
        }
    }

    /** Closes the driver and shuts the event loops down, waiting briefly for them. */
    @Override
    public void close() {
        driver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
