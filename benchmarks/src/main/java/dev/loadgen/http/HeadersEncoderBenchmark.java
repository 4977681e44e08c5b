package dev.loadgen.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request encoding on the HTTP/2 path, where each request's header block is encoded on its own: the same request
 * headers through loadgen's repeating encoder, against Netty's encoder doing the HPACK work every time. (The
 * HTTP/1.1 request is encoded once per run and rewritten from one buffer, so it has no per-request encoding.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeadersEncoderBenchmark {
    private final Http2Headers headers = new DefaultHttp2Headers()
            .method("GET")
            .scheme("http")
            .authority("127.0.0.1:8080")
            .path("/api/items?page=1")
            .add("user-agent", "loadgen")
            .add("accept", "application/json");
    private final RepeatedHeadersEncoder repeating = new RepeatedHeadersEncoder();
    private final DefaultHttp2HeadersEncoder netty = new DefaultHttp2HeadersEncoder();
    private ByteBuf buffer;

    @Setup
    public void setUp() throws Http2Exception {
        buffer = Unpooled.directBuffer(1024);
        // The first block of a connection fills the dynamic table; every later one is what a run repeats.
        repeating.encodeHeaders(1, headers, buffer.clear());
        netty.encodeHeaders(1, headers, buffer.clear());
    }

    @TearDown
    public void tearDown() {
        buffer.release();
    }

    @Benchmark
    public int repeatingEncoder() throws Http2Exception {
        repeating.encodeHeaders(3, headers, buffer.clear());
        return buffer.writerIndex();
    }

    @Benchmark
    public int nettyEncoder() throws Http2Exception {
        netty.encodeHeaders(3, headers, buffer.clear());
        return buffer.writerIndex();
    }
}
