package dev.loadgen.core;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A driver without sockets for tests on a {@link VirtualLoop}: every connection opens at once (or, when told,
 * fails to), and the n-th request sent on any of its connections meets the {@link Outcome} its script gives for n.
 * It records every send and every failure with the loop's times. Connections hold one request at a time; a
 * request's deadline is its write time plus the run's timeout.
 */
final class ScriptedDriver implements Driver {
    /** What happens to a request: an answer or a failure {@code afterNanos} after it was written, or nothing. */
    record Outcome(long afterNanos, ErrorKind failure) {
        static Outcome respondAfter(long nanos) {
            return new Outcome(nanos, null);
        }

        static Outcome failAfter(long nanos, ErrorKind kind) {
            return new Outcome(nanos, kind);
        }

        static Outcome hang() {
            return new Outcome(-1, null);
        }
    }

    /** One request as the driver saw it. */
    record Sent(long intendedNanos, long writeNanos) {}

    /** One failure as the driver reported it, with the loop's time when it did. */
    record Failed(long intendedNanos, long writeNanos, long atNanos, ErrorKind kind) {}

    private final long timeoutNanos;
    private final LongFunction<Outcome> script;
    private final boolean connectsFail;
    /** Whether the script is keyed by a request's intended time instead of its number. */
    private final boolean byIntendedTime;

    final List<Sent> sent = new ArrayList<>();
    final List<Failed> failed = new ArrayList<>();
    int opened;

    /** Connections that open, whose n-th request meets {@code script.apply(n)}. */
    ScriptedDriver(long timeoutNanos, LongFunction<Outcome> script) {
        this(timeoutNanos, script, false);
    }

    private ScriptedDriver(
            long timeoutNanos, LongFunction<Outcome> script, boolean connectsFail, boolean byIntendedTime) {
        this.timeoutNanos = timeoutNanos;
        this.script = script;
        this.connectsFail = connectsFail;
        this.byIntendedTime = byIntendedTime;
    }

    private ScriptedDriver(long timeoutNanos, LongFunction<Outcome> script, boolean connectsFail) {
        this(timeoutNanos, script, connectsFail, false);
    }

    /**
     * Connections that open, where a request due at {@code t} meets {@code script.apply(t)}: the same request of a
     * schedule meets the same outcome whichever worker sends it.
     */
    static ScriptedDriver byIntendedTime(long timeoutNanos, LongFunction<Outcome> script) {
        return new ScriptedDriver(timeoutNanos, script, false, true);
    }

    /** A target no connection can be opened to. */
    static ScriptedDriver unreachable(long timeoutNanos) {
        return new ScriptedDriver(timeoutNanos, n -> Outcome.hang(), true);
    }

    @Override
    public void preflight(EventLoop loop, long timeoutNanos) {}

    @Override
    public Connection open(EventLoop loop, ExchangeListener listener) {
        opened++;
        return new Connection() {
            private boolean open;
            private boolean busy;
            private long intended;
            private long written;
            private ScheduledFuture<?> outcome;

            @Override
            public void connect() {
                loop.execute(() -> {
                    if (connectsFail) {
                        listener.onConnectFailed(this);
                    } else {
                        open = true;
                        listener.onConnected(this);
                    }
                });
            }

            @Override
            public boolean canSend() {
                return open && !busy;
            }

            @Override
            public void send(long intendedNanos, long nowNanos) {
                Outcome next = script.apply(byIntendedTime ? intendedNanos : sent.size());
                sent.add(new Sent(intendedNanos, nowNanos));
                busy = true;
                intended = intendedNanos;
                written = nowNanos;
                if (next.afterNanos() >= 0) {
                    outcome = loop.schedule(() -> end(next.failure()), next.afterNanos(), TimeUnit.NANOSECONDS);
                }
            }

            private void end(ErrorKind failure) {
                outcome = null;
                if (failure == null) {
                    busy = false;
                    listener.onResponse(this, intended, written, loop.ticker().nanoTime(), 200, null);
                } else {
                    abort(failure);
                }
            }

            @Override
            public long nextDeadlineNanos() {
                return busy ? written + timeoutNanos : Long.MAX_VALUE;
            }

            /** Like a connection whose socket broke: the request in flight fails, then the connection closes. */
            @Override
            public void abort(ErrorKind kind) {
                close();
                if (busy) {
                    busy = false;
                    failed.add(new Failed(intended, written, loop.ticker().nanoTime(), kind));
                    listener.onExchangeFailed(this, intended, written, kind);
                }
                listener.onClosed(this);
            }

            @Override
            public void close() {
                open = false;
                if (outcome != null) {
                    outcome.cancel(false);
                    outcome = null;
                }
            }
        };
    }

    @Override
    public void close() {}
}
