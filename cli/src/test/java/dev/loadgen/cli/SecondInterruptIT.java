package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C twice against a server that never answers: the first waits for the requests in flight (up to a 60 s
 * timeout), the second ends the run at once with its report.
 */
class SecondInterruptIT {
    private static final Path LAUNCHER =
            Path.of("..", "loadgen").toAbsolutePath().normalize();
    /** How long the second Ctrl-C may take to end the process: the JVM's exit, on a loaded 2-core machine. */
    private static final long EXIT_SECONDS = 10;

    private ServerSocket silent;
    private final List<Socket> accepted = new ArrayList<>();

    /** Accepts connections and reads what comes, never answering. */
    @BeforeEach
    void startSilentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(
                () -> {
                    try {
                        while (true) {
                            Socket socket = silent.accept();
                            synchronized (accepted) {
                                accepted.add(socket);
                            }
                            Thread reader = new Thread(() -> drain(socket), "silent-reader");
                            reader.setDaemon(true);
                            reader.start();
                        }
                    } catch (IOException e) {
                        // Closed by the test.
                    }
                },
                "silent-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void drain(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The client went away.
        }
    }

    @AfterEach
    void stopSilentServer() throws IOException {
        silent.close();
        synchronized (accepted) {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    @Timeout(120)
    void aSecondCtrlCEndsTheRunAtOnceWithItsReport() throws Exception {
        Process process = new ProcessBuilder(
                        LAUNCHER.toString(),
                        "-t",
                        "1",
                        "-c",
                        "2",
                        "-d",
                        "2m",
                        "--timeout",
                        "60s",
                        "http://127.0.0.1:" + silent.getLocalPort() + "/")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("Running 2m test @ ");
            assertThat(out.readLine()).isEqualTo("  1 threads and 2 connections");
            Thread.sleep(500);

            interrupt(process);
            // The first Ctrl-C waits for the two requests in flight, which the server never answers.
            assertThat(process.waitFor(2, TimeUnit.SECONDS)).isFalse();
            long second = System.nanoTime();
            interrupt(process);
            assertThat(process.waitFor(EXIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            long exitNanos = System.nanoTime() - second;

            StringBuilder rest = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append(line).append('\n');
            }
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(err).isEqualTo(ExitCode.INTERRUPTED);
            assertThat(exitNanos).isLessThan(TimeUnit.SECONDS.toNanos(EXIT_SECONDS));
            assertThat(rest.toString()).contains("  0 requests in ", "Requests/sec:");
            assertThat(err).contains("requests still in flight were abandoned", "interrupted");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void interrupt(Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
