package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.StartException;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.Transport;
import io.netty.channel.ChannelException;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections whose socket cannot even be created, as when the process has no file descriptor left: each fails
 * with one callback, and the run ends with its report instead of hanging.
 */
class DescriptorExhaustionIT {
    /** A channel whose socket cannot be opened: what {@code socket(2)} failing with EMFILE looks like to Netty. */
    public static final class NoDescriptorChannel extends NioSocketChannel {
        public NoDescriptorChannel() {
            super(noSocket());
        }

        private static SocketChannel noSocket() {
            throw new ChannelException("Failed to open a socket.", new IOException("Too many open files"));
        }
    }

    private static final Transport NO_DESCRIPTORS =
            new Transport("nio", NioIoHandler.newFactory(), NoDescriptorChannel.class, NioServerSocketChannel.class);

    @Test
    void aRunWhoseSocketsCannotBeCreatedEndsWithItsConnectErrorsCounted() {
        RunSpec spec = LoadRuns.spec("http://127.0.0.1:9/", "GET", List.of(), new byte[0], 2, 4, 500, 0, 200);

        RunResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (LoadRun run =
                    LoadRun.prepare(spec, NO_DESCRIPTORS, LoadRuns.prepare(spec).createDriver(spec, NO_DESCRIPTORS))) {
                return run.execute();
            }
        });

        assertThat(result.requests()).isZero();
        assertThat(result.errors(ErrorKind.CONNECT)).isGreaterThanOrEqualTo(4);
        assertThat(result.stopReason()).isEqualTo(StopReason.DURATION);
    }

    @Test
    void thePreflightSaysWhyInsteadOfWaitingForItsTimeout() {
        RunSpec spec = LoadRuns.spec("http://127.0.0.1:9/", "GET", List.of(), new byte[0], 1, 1, 500, 0, 20_000);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (LoadRun run =
                    LoadRun.prepare(spec, NO_DESCRIPTORS, LoadRuns.prepare(spec).createDriver(spec, NO_DESCRIPTORS))) {
                assertThatThrownBy(run::preflight)
                        .isInstanceOf(StartException.class)
                        .hasMessage("cannot connect to 127.0.0.1:9: Too many open files");
            }
        });
    }

    @Test
    void http2ConnectionsFailTheSameWay() {
        RunSpec spec = LoadRuns.spec("http://127.0.0.1:9/", "GET", List.of(), new byte[0], 1, 2, 500, 0, 200);

        RunResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (LoadRun run = LoadRun.prepare(
                    spec, NO_DESCRIPTORS, LoadRuns.prepare(spec, "--h2c").createDriver(spec, NO_DESCRIPTORS))) {
                return run.execute();
            }
        });

        assertThat(result.requests()).isZero();
        assertThat(result.errors(ErrorKind.CONNECT)).isGreaterThanOrEqualTo(2);
    }
}
