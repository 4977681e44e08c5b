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
import java.nio.channels.spi.SelectorProvider;

/**
 * The socket implementation of this platform: epoll on Linux, kqueue on macOS, NIO wherever neither native
 * library loads. Immutable.
 */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends SocketChannel> socketChannelClass,
        Class<? extends ServerSocketChannel> serverSocketChannelClass) {

    /** The fastest transport available here. {@code LOADGEN_TRANSPORT=nio} forces NIO. */
    public static Transport best() {
        if (!"nio".equalsIgnoreCase(System.getenv("LOADGEN_TRANSPORT"))) {
            if (Epoll.isAvailable()) {
                return new Transport(
                        "epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class, EpollServerSocketChannel.class);
            }
            if (KQueue.isAvailable()) {
                return new Transport(
                        "kqueue",
                        KQueueIoHandler.newFactory(),
                        KQueueSocketChannel.class,
                        KQueueServerSocketChannel.class);
            }
        }
        return nio();
    }

    /** Plain Java NIO, available everywhere. */
    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class);
    }

    /** This transport with event loops that decide with {@code strategy} how to wait for I/O. */
    Transport withSelectStrategy(SelectStrategyFactory strategy) {
        IoHandlerFactory factory = switch (name) {
            case "epoll" -> EpollIoHandler.newFactory(0, strategy);
            case "kqueue" -> KQueueIoHandler.newFactory(0, strategy);
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
