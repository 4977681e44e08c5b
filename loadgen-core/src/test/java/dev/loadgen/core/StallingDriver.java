package dev.loadgen.core;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * A driver without sockets whose "server" answers every request after {@code serviceNanos}, except that nothing
 * is answered between {@code stallStartOffsetNanos} and {@code stallEndOffsetNanos} after the first connect:
 * requests caught in that window are answered when it ends. Connections hold one request at a time; a request's
 * deadline is its write time plus {@code timeoutNanos}.
 */
final class StallingDriver implements Driver {
    private final long serviceNanos;
    private final long stallStartOffsetNanos;
    private final long stallEndOffsetNanos;
    private final long timeoutNanos;
    private volatile long originNanos;

    StallingDriver(long serviceNanos, long stallStartOffsetNanos, long stallEndOffsetNanos, long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        this.serviceNanos = serviceNanos;
        this.stallStartOffsetNanos = stallStartOffsetNanos;
        this.stallEndOffsetNanos = stallEndOffsetNanos;
    }

    @Override
    public void preflight(EventLoop loop, long timeoutNanos) {}

    @Override
    public Connection open(EventLoop loop, ExchangeListener listener) {
        return new Connection() {
            private boolean open;
            private boolean busy;
            private long intended;
            private long written;

            @Override
            public void connect() {
                open = true;
                loop.execute(() -> listener.onConnected(this));
            }

            @Override
            public boolean canSend() {
                return open && !busy;
            }

            @Override
            public void send(long intendedNanos, long nowNanos) {
                if (originNanos == 0) {
                    originNanos = nowNanos;
                }
                busy = true;
                intended = intendedNanos;
                written = nowNanos;
                long answerAt = nowNanos + serviceNanos;
                long stallStart = originNanos + stallStartOffsetNanos;
                long stallEnd = originNanos + stallEndOffsetNanos;
                if (answerAt >= stallStart && answerAt < stallEnd) {
                    answerAt = stallEnd;
                }
                loop.schedule(this::answer, answerAt - loop.ticker().nanoTime(), TimeUnit.NANOSECONDS);
            }

            private void answer() {
                if (busy && open) {
                    busy = false;
                    listener.onResponse(this, intended, written, loop.ticker().nanoTime(), 200, null);
                }
            }

            @Override
            public long nextDeadlineNanos() {
                return busy ? written + timeoutNanos : Long.MAX_VALUE;
            }

            @Override
            public void abort(ErrorKind kind) {
                if (busy) {
                    busy = false;
                    listener.onExchangeFailed(this, intended, written, kind);
                }
                open = false;
                listener.onClosed(this);
            }

            @Override
            public void close() {
                open = false;
            }
        };
    }

    @Override
    public void close() {}
}
