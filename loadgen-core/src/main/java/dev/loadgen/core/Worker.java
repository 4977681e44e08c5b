package dev.loadgen.core;

import dev.loadgen.core.trace.SpanQueue;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives the connections of one event loop. Everything but {@link #start}, {@link #stop} and the recorder is
 * confined to that loop; the worker shares no state with other workers.
 *
 * <p>Closed loop: every connection keeps its capacity of requests in flight, sending the next as one
 * completes. Open loop: the worker takes every n-th index of the run's fire times; a request that is due
 * goes out on a free connection, or waits in a bounded backlog until one frees up (its latency still counts
 * from the time it was due), or is dropped and counted when the backlog is full.
 *
 * <p>When sending stops (deadline, request count, {@link #stop}, or, in a run bounded by count alone, connects
 * failing with nothing in flight and no response or new connection for longer than the timeout) the worker keeps
 * the first {@link StopReason}, waits for requests in flight, still enforcing the timeout, then closes its
 * connections and counts down {@code finished}.
 *
 * <p>Time is the loop's {@link Ticker}: every reading, every intended time and every timer is on that one clock,
 * so a test can run a worker on a loop whose ticker it advances by hand (Netty's {@code EmbeddedChannel} with a
 * {@code MockTicker}) and see exactly when each request was due, sent, answered or timed out. On a real loop the
 * ticker is Netty's system ticker, {@link System#nanoTime()} less a constant: one clock read per event, as before.
 */
final class Worker implements ExchangeListener {
    /** Wait before replacing a connection that failed to connect, so a dead target is not hammered. */
    private static final long RECONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Open-loop wake-ups are at least this far apart; every request due by then goes out in one batch. */
    static final long MIN_PACING_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /**
     * Up to this spacing between a worker's sends, it wakes on one periodic timer, which Netty re-arms without
     * allocating; sparser schedules wake exactly when each request is due, with a new timer each time.
     */
    static final long MAX_PERIODIC_PACING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A send more than this after its intended time counts as late. */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int index;
    private final EventLoop loop;
    private final Ticker ticker;
    private final Driver driver;
    private final RunSpec spec;
    private final WorkerRecorder recorder;
    private final CountDownLatch finished;
    private final CountDownLatch connected;
    private final ArrayList<Connection> connections = new ArrayList<>();
    private final Runnable reopen = this::openOne;
    private final Runnable pace = this::pace;
    private final Runnable durationElapsed = this::onDurationElapsed;
    private final Runnable warmupElapsed = this::onWarmupElapsed;
    private final FireTimes fireTimes;
    /** Period of the open-loop pacer, or 0 when it wakes once per due request instead. */
    private final long pacingPeriodNanos;

    private final LongRing backlog;
    /** Connections with a free slot, one entry per slot; stale entries are skipped when polled. */
    private final ArrayDeque<Connection> free;

    /** The window bytes are counted in: the warm-up's while it lasts (by the loop's clock), the measured one after. */
    private int bytesWindow = WorkerRecorder.MEASURED;

    private boolean running;
    private int connectsPending;
    private long startNanos;
    private long recordFromNanos;
    private long sendsLeft;
    private long nextIndex;
    private boolean sending;
    private boolean done;
    private int inFlight;
    /** Connections that connected and have not closed; published with each tick, for readiness. */
    private int openConnections;
    /** When a connection last opened or a response last arrived. */
    private long lastProgressNanos;
    /** Whether a connection failed to open since then. */
    private boolean connectFailedSinceProgress;
    /** Why sending stopped: the first reason met; null while sending. Read by the reporter after {@code finished}. */
    private StopReason stopReason;

    /** The slowest traced requests per interval; null when no request is traced. */
    private final SlowestRecorder slowest;
    /** Where traced requests go to become spans; null when no span is exported. */
    private SpanQueue spans;

    private ScheduledFuture<?> sweep;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> pacer;

    Worker(int index, EventLoop loop, Driver driver, RunSpec spec, CountDownLatch connected, CountDownLatch finished) {
        this.index = index;
        this.loop = loop;
        this.ticker = loop.ticker();
        this.driver = driver;
        this.spec = spec;
        this.recorder = new WorkerRecorder(spec.warmupNanos() > 0, driver.stats());
        this.slowest = spec.tracing().enabled() && spec.tracing().slowest() > 0
                ? new SlowestRecorder(spec.tracing().slowest())
                : null;
        this.connected = connected;
        this.finished = finished;
        this.free = new ArrayDeque<>(spec.connectionsOf(index) * spec.inFlightPerConnection() * 2);
        if (spec.schedule() instanceof Schedule.OpenLoop open) {
            fireTimes = open.fireTimes();
            int share =
                    open.backlogCapacity() / spec.threads() + (index < open.backlogCapacity() % spec.threads() ? 1 : 0);
            backlog = new LongRing(Math.max(1, share));
            pacingPeriodNanos = pacingPeriodNanos(fireTimes.peakRatePerSecond(), spec.threads());
        } else {
            fireTimes = null;
            backlog = null;
            pacingPeriodNanos = 0;
        }
    }

    /**
     * The periodic pacer's period for a worker taking every {@code threads}-th request of a schedule that peaks
     * at {@code peakRatePerSecond}: its spacing between sends at the peak, at least {@link #MIN_PACING_NANOS};
     * 0 when that spacing exceeds {@link #MAX_PERIODIC_PACING_NANOS}.
     */
    static long pacingPeriodNanos(double peakRatePerSecond, int threads) {
        double spacingNanos = threads * 1e9 / peakRatePerSecond;
        if (!(spacingNanos <= MAX_PERIODIC_PACING_NANOS)) {
            return 0;
        }
        return Math.max(MIN_PACING_NANOS, (long) spacingNanos);
    }

    WorkerRecorder recorder() {
        return recorder;
    }

    /** The slowest traced requests of the current interval; null when no request is traced. */
    SlowestRecorder slowest() {
        return slowest;
    }

    /**
     * Why this worker stopped sending; call only after it counted down {@code finished}, which publishes the value.
     */
    StopReason stopReason() {
        return stopReason;
    }

    /**
     * Any thread: opens this worker's connections on its loop; {@code connected} counts down once each has
     * connected or failed, so that the schedule's clock does not start while connections are still opening.
     */
    void connect() {
        loop.execute(this::connectOnLoop);
    }

    /** Any thread: starts sending; the schedule's times count from {@code startNanos}, on the loop's ticker. */
    void start(long startNanos) {
        loop.execute(() -> startOnLoop(startNanos));
    }

    private void connectOnLoop() {
        sending = true;
        connectsPending = spec.connectionsOf(index);
        for (int i = spec.connectionsOf(index); i > 0; i--) {
            openOne();
        }
    }

    private void connectSettled() {
        if (!running && connectsPending > 0 && --connectsPending == 0) {
            connected.countDown();
        }
    }

    /** Any thread: stops sending for {@code reason}; requests in flight may still complete. */
    void stop(StopReason reason) {
        loop.execute(() -> stopSending(reason));
    }

    /**
     * Any thread: stops sending for {@code reason} and finishes at once, without waiting for the requests in
     * flight: their connections are closed, and they are in no figure (no response, no error).
     */
    void abandon(StopReason reason) {
        loop.execute(() -> {
            stopSending(reason);
            if (running && !done) {
                inFlight = 0;
                finishIfIdle();
            }
        });
    }

    private void startOnLoop(long runStartNanos) {
        startNanos = runStartNanos;
        recordFromNanos = runStartNanos + spec.warmupNanos();
        if (spec.warmupNanos() > 0) {
            bytesWindow = WorkerRecorder.WARMUP;
            loop.schedule(warmupElapsed, recordFromNanos - ticker.nanoTime(), TimeUnit.NANOSECONDS);
        }
        sendsLeft = spec.requestCount() > 0 ? spec.requestsOf(index) : Long.MAX_VALUE;
        nextIndex = index;
        running = true;
        if (sendsLeft == 0) {
            endSending(StopReason.COUNT);
        }
        lastProgressNanos = runStartNanos;
        long sweepNanos = Math.max(
                TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(TimeUnit.MILLISECONDS.toNanos(50), spec.timeoutNanos() / 20));
        sweep = loop.scheduleAtFixedRate(this::expireTimedOut, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
        if (spec.durationNanos() > 0) {
            deadline = loop.schedule(
                    durationElapsed, runStartNanos + spec.durationNanos() - ticker.nanoTime(), TimeUnit.NANOSECONDS);
        }
        for (int i = connections.size(); i < spec.connectionsOf(index); i++) {
            openOne();
        }
        if (fireTimes != null) {
            pace();
            if (sending && pacingPeriodNanos > 0) {
                pacer = loop.scheduleAtFixedRate(pace, pacingPeriodNanos, pacingPeriodNanos, TimeUnit.NANOSECONDS);
            }
        } else {
            Connection connection;
            while ((connection = pollFree()) != null) {
                onSlotFree(connection);
            }
        }
        finishIfIdle();
    }

    private void onWarmupElapsed() {
        bytesWindow = WorkerRecorder.MEASURED;
    }

    private void onDurationElapsed() {
        // Requests due since the pacer last woke are still the schedule's: sent, queued or dropped, not lost.
        pace();
        stopSending(StopReason.DURATION);
    }

    private void openOne() {
        if (!sending) {
            return;
        }
        Connection connection = driver.open(loop, this);
        connections.add(connection);
        connection.connect();
    }

    private void stopSending(StopReason reason) {
        endSending(reason);
        stopPacer();
        if (backlog != null && !backlog.isEmpty()) {
            recorder.recordDropped(WorkerRecorder.window(ticker.nanoTime(), recordFromNanos), backlog.size());
            backlog.clear();
        }
        finishIfIdle();
    }

    /** Sending is over; the first reason given is the worker's. */
    private void endSending(StopReason reason) {
        sending = false;
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** Open loop: sends or queues every request due by now, then sleeps until the next one is due. */
    private void pace() {
        if (!sending || fireTimes == null) {
            return;
        }
        long now = ticker.nanoTime();
        long dueNanos = nextDueNanos();
        while (sending && dueNanos <= now) {
            nextIndex += spec.threads();
            if (--sendsLeft == 0) {
                endSending(StopReason.COUNT);
            }
            if (!dispatch(dueNanos, now)) {
                dropDue(now);
            }
            dueNanos = nextDueNanos();
        }
        if (!sending || dueNanos == FireTimes.NEVER) {
            // Ended by count above, or the schedule has nothing more to send within the duration: the first stands.
            endSending(StopReason.DURATION);
            stopPacer();
            finishIfIdle();
            return;
        }
        if (pacingPeriodNanos == 0) {
            loop.schedule(pace, Math.max(MIN_PACING_NANOS, dueNanos - now), TimeUnit.NANOSECONDS);
        }
    }

    private void stopPacer() {
        if (pacer != null) {
            pacer.cancel(false);
            pacer = null;
        }
    }

    /** When the next request is due, or NEVER once the schedule or the run's duration [0, d) is exhausted. */
    private long nextDueNanos() {
        long offset = fireTimes.fireTimeNanos(nextIndex);
        if (offset == FireTimes.NEVER || (spec.durationNanos() > 0 && offset >= spec.durationNanos())) {
            return FireTimes.NEVER;
        }
        return startNanos + offset;
    }

    /** Sends the request due at {@code intendedNanos}, or queues it; false when it was dropped. */
    private boolean dispatch(long intendedNanos, long now) {
        Connection connection = pollFree();
        if (connection != null) {
            send(connection, intendedNanos, now);
            return true;
        }
        if (!backlog.offer(intendedNanos)) {
            recorder.recordDropped(WorkerRecorder.window(intendedNanos, recordFromNanos), 1);
            return false;
        }
        return true;
    }

    /**
     * A request was just dropped: no connection is free and the backlog is full, and neither changes while this
     * runs on the loop, so every other request of this worker due by {@code now} is dropped too, counted at once.
     * The work of a wake-up is then the same at any rate: a rate far beyond what the connections take (-R 1G)
     * costs the steps of a search, not one step per dropped request, and the run ends on time.
     */
    private void dropDue(long now) {
        if (!sending) {
            return;
        }
        long offsetNanos = now - startNanos;
        if (spec.durationNanos() > 0) {
            offsetNanos = Math.min(offsetNanos, spec.durationNanos() - 1);
        }
        if (fireTimes.fireTimeNanos(nextIndex) > offsetNanos) {
            return;
        }
        int threads = spec.threads();
        long end = fireTimes.firstIndexDueAfter(nextIndex, offsetNanos);
        long count = Math.min(sendsLeft, ceilDiv(end - nextIndex, threads));
        long warmup = 0;
        long warmupNanos = recordFromNanos - startNanos;
        if (fireTimes.fireTimeNanos(nextIndex) < warmupNanos) {
            long warmupEnd = fireTimes.firstIndexDueAfter(nextIndex, warmupNanos - 1);
            warmup = Math.min(count, ceilDiv(warmupEnd - nextIndex, threads));
        }
        recorder.recordDropped(WorkerRecorder.WARMUP, warmup);
        recorder.recordDropped(WorkerRecorder.MEASURED, count - warmup);
        nextIndex += count * threads;
        sendsLeft -= count;
        if (sendsLeft == 0) {
            endSending(StopReason.COUNT);
        }
    }

    private static long ceilDiv(long dividend, int divisor) {
        return dividend <= 0 ? 0 : (dividend + divisor - 1) / divisor;
    }

    private Connection pollFree() {
        Connection connection;
        while ((connection = free.poll()) != null) {
            if (connection.canSend()) {
                return connection;
            }
        }
        return null;
    }

    private void send(Connection connection, long intendedNanos, long now) {
        inFlight++;
        if (now - intendedNanos > LATE_NANOS) {
            recorder.recordLateSend(WorkerRecorder.window(intendedNanos, recordFromNanos), now - intendedNanos);
        }
        connection.send(intendedNanos, now);
    }

    /** A slot on {@code connection} is free: closed loop fills it, open loop serves the backlog or parks it. */
    private void onSlotFree(Connection connection) {
        if (!running) {
            if (connection.canSend()) {
                free.add(connection);
            }
            return;
        }
        if (fireTimes == null) {
            while (sending && connection.canSend()) {
                if (--sendsLeft == 0) {
                    endSending(StopReason.COUNT);
                }
                long now = ticker.nanoTime();
                send(connection, now, now);
            }
            return;
        }
        while (connection.canSend() && !backlog.isEmpty()) {
            send(connection, backlog.poll(), ticker.nanoTime());
        }
        if (connection.canSend()) {
            free.add(connection);
        }
    }

    /** The timeout sweep: expires the late requests of each connection whose earliest deadline has come. */
    private void expireTimedOut() {
        long now = ticker.nanoTime();
        recorder.recordTick(now, inFlight, openConnections);
        if (sending
                && spec.durationNanos() == 0
                && connectFailedSinceProgress
                && inFlight == 0
                && now - lastProgressNanos >= spec.timeoutNanos()) {
            // A count-bounded run has no deadline: without this it would retry a dead target forever.
            stopSending(StopReason.UNREACHABLE);
            return;
        }
        for (int i = connections.size() - 1; i >= 0; i--) {
            if (i < connections.size()) {
                Connection connection = connections.get(i);
                if (now >= connection.nextDeadlineNanos()) {
                    connection.expire(now);
                }
            }
        }
    }

    private void finishIfIdle() {
        if (!running || sending || inFlight > 0 || done || (backlog != null && !backlog.isEmpty())) {
            return;
        }
        done = true;
        stopPacer();
        sweep.cancel(false);
        if (deadline != null) {
            deadline.cancel(false);
        }
        for (Connection connection : new ArrayList<>(connections)) {
            connection.close();
        }
        connections.clear();
        // A finished worker has no more ticks to miss: its last tick is never too old for the health check.
        recorder.recordTick(Long.MAX_VALUE, 0, 0);
        finished.countDown();
    }

    @Override
    public void onConnected(Connection connection) {
        openConnections++;
        lastProgressNanos = ticker.nanoTime();
        connectFailedSinceProgress = false;
        connectSettled();
        for (int i = 1; i < spec.inFlightPerConnection(); i++) {
            free.add(connection);
        }
        onSlotFree(connection);
        finishIfIdle();
    }

    @Override
    public void onConnectFailed(Connection connection) {
        recorder.recordError(ErrorKind.CONNECT);
        connectFailedSinceProgress = true;
        connectSettled();
        connections.remove(connection);
        if (sending && running) {
            loop.schedule(reopen, RECONNECT_DELAY_NANOS, TimeUnit.NANOSECONDS);
        }
        finishIfIdle();
    }

    @Override
    public void onResponse(
            Connection connection, long intendedNanos, long writeNanos, long endNanos, int status, ErrorKind error) {
        inFlight--;
        lastProgressNanos = endNanos;
        connectFailedSinceProgress = false;
        recorder.recordResponse(
                WorkerRecorder.window(intendedNanos, recordFromNanos),
                intendedNanos,
                writeNanos,
                endNanos,
                status,
                error);
        onSlotFree(connection);
        finishIfIdle();
    }

    @Override
    public void onExchangeFailed(Connection connection, long intendedNanos, long writeNanos, ErrorKind kind) {
        inFlight--;
        recorder.recordFailure(WorkerRecorder.window(intendedNanos, recordFromNanos), kind);
        if (connection.canSend()) {
            onSlotFree(connection);
        }
        finishIfIdle();
    }

    @Override
    public void onCount(int counter, long intendedNanos, long delta) {
        recorder.recordProtocolCount(WorkerRecorder.window(intendedNanos, recordFromNanos), counter, delta);
    }

    @Override
    public void onValue(int histogram, long intendedNanos, long valueNanos) {
        recorder.recordProtocolValue(WorkerRecorder.window(intendedNanos, recordFromNanos), histogram, valueNanos);
    }

    @Override
    public void onErrorMessage(long intendedNanos, String message) {
        recorder.recordErrorMessage(WorkerRecorder.window(intendedNanos, recordFromNanos), message);
    }

    @Override
    public void onTraced(
            long intendedNanos,
            long writeNanos,
            long endNanos,
            int status,
            boolean statusIsError,
            ErrorKind failure,
            long traceIdHigh,
            long traceIdLow,
            long spanId) {
        // The slowest are the measured window's; every traced request gets its span, as the server saw its trace.
        if (failure == null
                && slowest != null
                && WorkerRecorder.window(intendedNanos, recordFromNanos) == WorkerRecorder.MEASURED) {
            slowest.record(endNanos - intendedNanos, status, traceIdHigh, traceIdLow, spanId, endNanos);
        }
        SpanQueue queue = spans;
        if (queue != null) {
            queue.offer(
                    intendedNanos,
                    writeNanos,
                    endNanos,
                    status,
                    statusIsError,
                    failure,
                    traceIdHigh,
                    traceIdLow,
                    spanId);
        }
    }

    /**
     * Caller's thread, before the run starts (its start on the loop publishes the value): the queue this worker's
     * traced requests go to, for a span exporter.
     */
    void exportSpans(SpanQueue queue) {
        this.spans = queue;
    }

    @Override
    public void onBytes(long read, long written) {
        recorder.recordBytes(bytesWindow, read, written);
    }

    @Override
    public void onClosed(Connection connection) {
        openConnections--;
        if (connections.remove(connection) && !done && running) {
            openOne();
        }
        finishIfIdle();
    }
}
