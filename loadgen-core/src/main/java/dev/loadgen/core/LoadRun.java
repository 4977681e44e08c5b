package dev.loadgen.core;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One run from start to result: creates the event loops and one {@link Worker} per loop, checks the target,
 * lets the workers run, and acts as the reporter, the one thread outside the loops that samples and merges
 * the workers' recorders.
 *
 * <p>Threading: {@link #preflight} and {@link #execute} are called from one thread, in that order;
 * {@link #stop} may be called from any thread (a signal handler).
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
    private volatile boolean interrupted;
    private volatile boolean started;

    private LoadRun(RunSpec spec, Driver driver, MultiThreadIoEventLoopGroup group) {
        this.spec = spec;
        this.driver = driver;
        this.group = group;
        this.finished = new CountDownLatch(spec.threads());
        int index = 0;
        for (var executor : group) {
            workers.add(new Worker(index++, (EventLoop) executor, driver, spec, finished));
        }
    }

    /**
     * Finds the driver for the target's scheme and builds it on the fastest transport here.
     *
     * @throws InputException when no driver serves the scheme or the driver rejects the target
     */
    public static LoadRun prepare(RunSpec spec) throws InputException {
        return prepare(spec, Transport.best());
    }

    public static LoadRun prepare(RunSpec spec, Transport transport) throws InputException {
        disableLeakDetectionUnlessAsked();
        DriverFactory factory = Drivers.forScheme(spec.target().uri().getScheme());
        Driver driver = factory.create(spec, transport);
        return prepare(spec, transport, driver);
    }

    /**
     * Runs with a driver the caller built itself, for protocols whose options go beyond {@link TargetSpec} (gRPC's
     * schema and call data). {@code driver} must have been created for {@code transport}; the run closes it.
     */
    public static LoadRun prepare(RunSpec spec, Transport transport, Driver driver) {
        disableLeakDetectionUnlessAsked();
        return new LoadRun(spec, driver, transport.newGroup(spec.threads(), "loadgen-worker"));
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

    /** Caller's thread: one connection to the target and back, so an unreachable target fails before load. */
    public void preflight() throws StartException {
        driver.preflight(group.next(), spec.timeoutNanos());
    }

    /**
     * Runs the load on the workers and blocks until every worker has finished, then merges their recorders.
     * The calling thread samples request rates and interval histograms while the run lasts.
     */
    public RunResult execute() throws InterruptedException {
        long startNanos = System.nanoTime();
        started = true;
        for (Worker worker : workers) {
            worker.start();
        }
        if (interrupted) {
            stop();
        }
        Histogram rates = new Histogram(1, Long.MAX_VALUE / 4, 3);
        Histogram corrected = WorkerRecorder.newHistogram();
        Histogram uncorrected = WorkerRecorder.newHistogram();
        // A recorder only takes back histograms it handed out itself, so each worker keeps its own pair.
        Histogram[] recycleCorrected = new Histogram[workers.size()];
        Histogram[] recycleUncorrected = new Histogram[workers.size()];
        long[] lastRequests = new long[workers.size()];
        long lastSample = startNanos;
        long lastInterval = startNanos;
        while (!finished.await(nanosUntil(lastSample + RATE_SAMPLE_NANOS), TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            if (now - lastSample >= RATE_SAMPLE_NANOS) {
                for (int i = 0; i < workers.size(); i++) {
                    long requests = workers.get(i).recorder().requests();
                    long perSecond = Math.round((requests - lastRequests[i]) * 1e9 / (now - lastSample));
                    if (perSecond > 0) {
                        rates.recordValue(perSecond);
                    }
                    lastRequests[i] = requests;
                }
                lastSample = now;
            }
            if (now - lastInterval >= INTERVAL_NANOS) {
                for (int i = 0; i < workers.size(); i++) {
                    WorkerRecorder recorder = workers.get(i).recorder();
                    recycleCorrected[i] = recorder.swapCorrected(recycleCorrected[i]);
                    corrected.add(recycleCorrected[i]);
                    recycleUncorrected[i] = recorder.swapUncorrected(recycleUncorrected[i]);
                    uncorrected.add(recycleUncorrected[i]);
                }
                lastInterval = now;
            }
        }
        long elapsedNanos = System.nanoTime() - startNanos;
        return merge(elapsedNanos, corrected, uncorrected, rates);
    }

    private static long nanosUntil(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    private RunResult merge(long elapsedNanos, Histogram corrected, Histogram uncorrected, Histogram rates) {
        long requests = 0;
        long bytesRead = 0;
        long bytesWritten = 0;
        EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        TreeMap<Integer, Long> statuses = new TreeMap<>();
        for (Worker worker : workers) {
            WorkerRecorder recorder = worker.recorder();
            corrected.add(recorder.swapCorrected(null));
            uncorrected.add(recorder.swapUncorrected(null));
            requests += recorder.requests();
            bytesRead += recorder.bytesRead();
            bytesWritten += recorder.bytesWritten();
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
        return new RunResult(spec, elapsedNanos, requests, errors, statuses, bytesRead, bytesWritten, corrected,
                uncorrected, rates, interrupted);
    }

    /** Any thread: responses completed so far, summed over the workers (each read is current to within a write). */
    public long requestsSoFar() {
        long sum = 0;
        for (Worker worker : workers) {
            sum += worker.recorder().requests();
        }
        return sum;
    }

    /** Any thread: stop sending now; {@link #execute} returns once requests in flight completed or timed out. */
    public void stop() {
        interrupted = true;
        if (started) {
            for (Worker worker : workers) {
                worker.stop();
            }
        }
    }

    /** Closes the driver and shuts the event loops down, waiting briefly for them. */
    @Override
    public void close() {
        driver.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
