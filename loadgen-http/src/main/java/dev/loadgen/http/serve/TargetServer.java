package dev.loadgen.http.serve;

import dev.loadgen.core.StartException;
import dev.loadgen.core.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 and cleartext HTTP/2 (h2c with prior knowledge) server to aim load at, behind
 * {@code loadgen serve} and the integration tests; a connection that opens with the HTTP/2 preface speaks HTTP/2,
 * any other HTTP/1.1. It answers any
 * method and path with {@code Hello from loadgen\n} as {@code text/plain}, keeps connections alive unless the
 * client asks otherwise, reads and drops request bodies, and counts exactly what it received and wrote
 * ({@link #counts()}).
 *
 * <p>The query shapes the response: {@code status=503} (200 to 599; 204, 205 and 304 go without a body),
 * {@code size=1024} (body bytes; {@code 1k} = 1024, {@code 1m} = 1048576; at most {@code 64m}) and
 * {@code delay=10ms} ({@code us}, {@code ms}, {@code s}; a bare number is milliseconds; at most {@code 60s};
 * counted from the end of the request). A bad value gets a 400 with a one-line reason; other parameters are
 * ignored.
 *
 * <p>Threading: {@link #start()} and {@link #close()} are for the thread that owns the server (they are
 * synchronized, so other threads are safe but wait); {@link #counts()}, {@link #address()} and {@link #uri()} may
 * be called from any thread.
 */
public final class TargetServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final String host;
    private final int port;
    private final int threads;
    private final ServerCounters counters = new ServerCounters();

    private MultiThreadIoEventLoopGroup group;
    private volatile InetSocketAddress address;
    private boolean closed;

    private TargetServer(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.threads = builder.threads;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts serving. A server starts at most once.
     *
     * @return the address bound, with the actual port when the port asked for was 0
     * @throws StartException with a one-line reason when the host does not resolve or the address cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public synchronized InetSocketAddress start() throws StartException {
        if (closed || group != null) {
            throw new IllegalStateException(closed ? "target server is closed" : "target server already started");
        }
        InetSocketAddress requested = new InetSocketAddress(host, port);
        if (requested.isUnresolved()) {
            closed = true;
            throw new StartException("cannot listen on " + hostAndPort(host, port) + ": unknown host");
        }
        Transport transport = Transport.best();
        group = transport.newGroup(threads, "loadgen-serve");
        WrittenBytesCounter bytesCounter = new WrittenBytesCounter(counters);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannelClass())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(bytesCounter, new PrefaceDetector(counters));
                    }
                })
                .bind(requested)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            throw new StartException(
                    "cannot listen on " + hostAndPort(host, port) + ": " + reason(bound.cause()), bound.cause());
        }
        address = (InetSocketAddress) bound.channel().localAddress();
        return address;
    }

    /**
     * The address bound by {@link #start()}.
     *
     * @throws IllegalStateException before the server has started
     */
    public InetSocketAddress address() {
        InetSocketAddress bound = address;
        if (bound == null) {
            throw new IllegalStateException("target server not started");
        }
        return bound;
    }

    /**
     * {@code http://host:port/} with the host as given to the builder (a wildcard such as {@code 0.0.0.0} stays
     * as written) and the port bound.
     */
    public URI uri() {
        return URI.create("http://" + hostAndPort(host, address().getPort()) + "/");
    }

    /** The counts so far; final once {@link #close()} has returned. See {@link ServedCounts} for what each means. */
    public ServedCounts counts() {
        return counters.snapshot();
    }

    /**
     * Stops listening, closes every connection and waits for the event loops to finish, so that every write has
     * completed or failed and {@link #counts()} is final. Idempotent; a server never started just becomes closed.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (group != null) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .awaitUninterruptibly();
            group = null;
        }
    }

    private static String hostAndPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The cause's message on one line. Native transports prefix it with the failed call and errno
     * ({@code bind(..) failed with error(-98): }), which says nothing more to a user than the text after it.
     */
    private static String reason(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceFirst("^\\w+\\(\\.\\.\\) failed[^:]*: ", "")
                .replaceAll("\\s+", " ")
                .trim();
    }

    /** Options of a {@link TargetServer}; not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

        private Builder() {}

        /** Name or address to bind; default {@value TargetServer#DEFAULT_HOST}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 0 for an ephemeral one; default {@value TargetServer#DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Event loops serving connections; default 2, or 1 on a single processor. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
            this.threads = threads;
            return this;
        }

        public TargetServer build() {
            return new TargetServer(this);
        }
    }
}
