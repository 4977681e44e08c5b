package dev.loadgen.core;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;
import java.util.Locale;

/**
 * The socket implementation the event loops run on: io_uring or epoll on Linux, kqueue on macOS and the BSDs,
 * Java's NIO everywhere. Immutable.
 */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends SocketChannel> socketChannelClass,
        Class<? extends ServerSocketChannel> serverSocketChannelClass) {

    public static final String AUTO = "auto";
    public static final String IO_URING = "io_uring";
    public static final String EPOLL = "epoll";
    public static final String KQUEUE = "kqueue";
    public static final String NIO = "nio";

    /** Every value {@code --transport} takes. */
    public static final List<String> CHOICES = List.of(AUTO, IO_URING, EPOLL, KQUEUE, NIO);

    /**
     * What {@link #AUTO} tries, in order; the first available wins. Epoll comes before io_uring: on Linux, the
     * one to run unless told otherwise is the one measured to cost the least CPU per request (see
     * docs/performance.md); putting {@link #IO_URING} first makes it the default wherever the kernel allows it.
     */
    static final List<String> AUTO_ORDER = List.of(EPOLL, IO_URING, KQUEUE, NIO);

    /** The transport {@link #AUTO} picks here. */
    public static Transport best() {
        for (String name : AUTO_ORDER) {
            if (unavailability(name) == null) {
                return create(name);
            }
        }
        return nio();
    }

    /**
     * The transport named {@code choice}, one of {@link #CHOICES}: {@link #AUTO} is {@link #best()}, another name
     * that transport.
     *
     * @throws InputException when {@code choice} is none of {@link #CHOICES}
     * @throws StartException when the named transport does not work here (not this OS, no native library, or a
     *     kernel that refuses io_uring); the message says why
     */
    public static Transport of(String choice) throws InputException, StartException {
        String name = choice.toLowerCase(Locale.ROOT);
        if (!CHOICES.contains(name)) {
            throw new InputException(
                    "--transport must be one of " + String.join(", ", CHOICES) + " (got '" + choice + "')");
        }
        if (name.equals(AUTO)) {
            return best();
        }
        String unavailable = unavailability(name);
        if (unavailable != null) {
            throw new StartException(
                    "the " + name + " transport does not work here (" + unavailable + "); try --transport auto");
        }
        return create(name);
    }

    /** Plain Java NIO, available everywhere. */
    public static Transport nio() {
        return create(NIO);
    }

    /** Why transport {@code name} cannot run here, in a few words, or null when it can. */
    static String unavailability(String name) {
        try {
            Throwable cause = switch (name) {
                case IO_URING -> IoUring.isAvailable() ? null : IoUring.unavailabilityCause();
                case EPOLL -> Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
                case KQUEUE -> KQueue.isAvailable() ? null : KQueue.unavailabilityCause();
                default -> null;
            };
            return cause == null ? null : describe(cause);
        } catch (LinkageError e) {
            // A build that leaves a transport's classes out (a native image for another OS) simply lacks it.
            return "not part of this build";
        }
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }

    private static Transport create(String name) {
        return switch (name) {
            case IO_URING ->
                new Transport(
                        IO_URING,
                        IoUringIoHandler.newFactory(),
                        IoUringSocketChannel.class,
                        IoUringServerSocketChannel.class);
            case EPOLL ->
                new Transport(
                        EPOLL, EpollIoHandler.newFactory(), EpollSocketChannel.class, EpollServerSocketChannel.class);
            case KQUEUE ->
                new Transport(
                        KQUEUE,
                        KQueueIoHandler.newFactory(),
                        KQueueSocketChannel.class,
                        KQueueServerSocketChannel.class);
            default ->
                new Transport(NIO, NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class);
        };
    }

    /**
     * This transport with event loops that decide with {@code strategy} how to wait for I/O. io_uring's loops
     * take no such strategy (they submit and complete in batches of their own), so it is returned unchanged.
     */
    Transport withSelectStrategy(SelectStrategyFactory strategy) {
        IoHandlerFactory factory = switch (name) {
            case IO_URING -> ioHandlerFactory;
            case EPOLL -> EpollIoHandler.newFactory(0, strategy);
            case KQUEUE -> KQueueIoHandler.newFactory(0, strategy);
            default -> NioIoHandler.newFactory(SelectorProvider.provider(), strategy);
        };
        return new Transport(name, factory, socketChannelClass, serverSocketChannelClass);
    }

    /** A new event-loop group of {@code threads} loops on this transport. */
    public MultiThreadIoEventLoopGroup newGroup(int threads, String threadNamePrefix) {
        return new MultiThreadIoEventLoopGroup(
                threads, new io.netty.util.concurrent.DefaultThreadFactory(threadNamePrefix, true), ioHandlerFactory);
    }
}
