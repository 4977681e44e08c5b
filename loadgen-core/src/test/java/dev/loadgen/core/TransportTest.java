package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import org.junit.jupiter.api.Test;

/** Choosing a transport by name; the test machines run Linux with io_uring allowed. */
class TransportTest {
    @Test
    void autoTakesTheFirstAvailableInItsOrder() throws Exception {
        assertThat(Transport.AUTO_ORDER).containsExactlyInAnyOrder("io_uring", "epoll", "kqueue", "nio");
        String first = Transport.AUTO_ORDER.stream()
                .filter(name -> Transport.unavailability(name) == null)
                .findFirst()
                .orElseThrow();

        assertThat(Transport.best().name()).isEqualTo(first);
        assertThat(Transport.of("auto").name()).isEqualTo(first);
        assertThat(Transport.AUTO_ORDER.get(0))
                .as("epoll stays the default on Linux")
                .isEqualTo("epoll");
        assertThat(first).isEqualTo("epoll");
    }

    @Test
    void namedTransportsGiveTheirOwnChannels() throws Exception {
        assertThat(Transport.of("io_uring").socketChannelClass()).isEqualTo(IoUringSocketChannel.class);
        assertThat(Transport.of("EPOLL").socketChannelClass()).isEqualTo(EpollSocketChannel.class);
        assertThat(Transport.of("nio").socketChannelClass()).isEqualTo(NioSocketChannel.class);
        assertThat(Transport.nio().name()).isEqualTo("nio");
    }

    @Test
    void aTransportThatDoesNotWorkHereSaysWhy() {
        assertThat(Transport.unavailability("kqueue")).isNotBlank();
        assertThatThrownBy(() -> Transport.of("kqueue"))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("the kqueue transport does not work here (")
                .hasMessageEndingWith("); try --transport auto");
    }

    @Test
    void anUnknownNameIsInvalidInput() {
        assertThatThrownBy(() -> Transport.of("uring"))
                .isInstanceOf(InputException.class)
                .hasMessage("--transport must be one of auto, io_uring, epoll, kqueue, nio (got 'uring')");
    }

    @Test
    void ioUringLoopsKeepTheirOwnWayOfWaiting() throws Exception {
        Transport ioUring = Transport.of("io_uring");

        assertThat(ioUring.withSelectStrategy(BatchingSelectStrategy.FACTORY).ioHandlerFactory())
                .isSameAs(ioUring.ioHandlerFactory());
    }
}
