package dev.loadgen.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP/1.1 response parser on one whole response in one buffer, as a read from a socket hands it over: the
 * headers nginx sends with a small body, and a chunked response. Per operation: reset, parse to the end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponseParserBenchmark {
    private static final String NGINX = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Thu, 03 Dec 2026 18:00:00 GMT\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Length: 6\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n"
            + "hello\n";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "\r\n"
            + "6\r\nhello\n\r\n"
            + "10\r\n0123456789abcdef\r\n"
            + "0\r\n\r\n";

    @Param({"nginx", "chunked"})
    public String response;

    private final ResponseParser parser = new ResponseParser();
    private ByteBuf buffer;

    @Setup
    public void setUp() {
        byte[] bytes = (response.equals("nginx") ? NGINX : CHUNKED).getBytes(StandardCharsets.US_ASCII);
        buffer = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    @TearDown
    public void tearDown() {
        buffer.release();
    }

    @Benchmark
    public boolean parse() {
        buffer.readerIndex(0);
        parser.reset(false);
        return parser.parse(buffer) == ResponseParser.Result.COMPLETE;
    }
}
