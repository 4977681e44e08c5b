package dev.loadgen.core;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives the connections of one event loop. Everything but {@link #start}, {@link #stop} and the recorder is
 * confined to that loop; the worker shares no state with other workers.
 *
 * <p>Closed loop: every connection keeps its capacity of requests in flight, sending the next as one completes. When sending stops
 * (deadline, request count, or {@link #stop}) the worker waits for requests in flight, still enforcing the
 * timeout, then closes its connections and counts down {@link #finished}.
 */
final class Worker implements ExchangeListener {
    /** Wait before replacing a connection that failed to connect, so a dead target is not hammered. */
    private static final long RECONNECT_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int index;
    private final EventLoop loop;
    private final Driver driver;
    private final RunSpec spec;
    private final WorkerRecorder recorder = new WorkerRecorder();
    private final CountDownLatch finished;
    private final ArrayList<Connection> connections = new ArrayList<>();
    private final Runnable reopen = this::openOne;

    private long sendsLeft;
    private boolean sending;
    private boolean done;
    private int inFlight;
    private ScheduledFuture<?> sweep;
    private ScheduledFuture<?> deadline;

    Worker(int index, EventLoop loop, Driver driver, RunSpec spec, CountDownLatch finished) {
        this.index = index;
        this.loop = loop;
        this.driver = driver;
        this.spec = spec;
        this.finished = finished;
    }

    WorkerRecorder recorder() {
        return recorder;
    }

    /** Any thread: opens this worker's connections on its loop and starts sending. */
    void start() {
        loop.execute(this::startOnLoop);
    }

    /** Any thread: stops sending; requests in flight may still complete. */
    void stop() {
        loop.execute(this::stopSending);
    }

    private void startOnLoop() {
        sendsLeft = spec.requestCount() > 0 ? spec.requestsOf(index) : Long.MAX_VALUE;
        sending = sendsLeft > 0;
        long sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(TimeUnit.MILLISECONDS.toNanos(50), spec.timeoutNanos() / 20));
        sweep = loop.scheduleAtFixedRate(this::expireTimedOut, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
        if (spec.durationNanos() > 0) {
            deadline = loop.schedule(this::stopSending, spec.durationNanos(), TimeUnit.NANOSECONDS);
        }
        int count = spec.connectionsOf(index);
        for (int i = 0; i < count; i++) {
            openOne();
        }
        finishIfIdle();
    }

    private void openOne() {
        if (!sending) {
            return;
        }
        Connection connection = driver.open(loop, this);
        connections.add(connection);
        connection.connect();
    }

    private void stopSending() {
        sending = false;
        finishIfIdle();
    }

    /** Fills the connection up to its capacity while the schedule allows. */
    private void sendIfAllowed(Connection connection) {
        while (sending && connection.canSend()) {
            inFlight++;
            if (--sendsLeft == 0) {
                sending = false;
            }
            long now = System.nanoTime();
            connection.send(now, now);
        }
    }

    private void expireTimedOut() {
        long now = System.nanoTime();
        for (int i = connections.size() - 1; i >= 0; i--) {
            if (i < connections.size()) {
                Connection connection = connections.get(i);
                if (now - connection.oldestWriteNanos() >= spec.timeoutNanos()) {
                    connection.abort(ErrorKind.TIMEOUT);
                }
            }
        }
    }

    private void finishIfIdle() {
        if (sending || inFlight > 0 || done) {
            return;
        }
        done = true;
        sweep.cancel(false);
        if (deadline != null) {
            deadline.cancel(false);
        }
        for (Connection connection : new ArrayList<>(connections)) {
            connection.close();
        }
        connections.clear();
        finished.countDown();
    }

    @Override
    public void onConnected(Connection connection) {
        sendIfAllowed(connection);
        finishIfIdle();
    }

    @Override
    public void onConnectFailed(Connection connection) {
        recorder.recordError(ErrorKind.CONNECT);
        connections.remove(connection);
        if (sending) {
            loop.schedule(reopen, RECONNECT_DELAY_NANOS, TimeUnit.NANOSECONDS);
        }
        finishIfIdle();
    }

    @Override
    public void onResponse(Connection connection, long intendedNanos, long writeNanos, long endNanos, int status,
                           boolean statusIsError) {
        inFlight--;
        recorder.recordResponse(intendedNanos, writeNanos, endNanos, status);
        if (statusIsError) {
            recorder.recordError(ErrorKind.STATUS);
        }
        sendIfAllowed(connection);
        finishIfIdle();
    }

    @Override
    public void onExchangeFailed(Connection connection, ErrorKind kind) {
        inFlight--;
        recorder.recordError(kind);
        finishIfIdle();
    }

    @Override
    public void onBytes(long read, long written) {
        recorder.recordBytes(read, written);
    }

    @Override
    public void onClosed(Connection connection) {
        if (connections.remove(connection) && !done) {
            openOne();
        }
        finishIfIdle();
    }
}
