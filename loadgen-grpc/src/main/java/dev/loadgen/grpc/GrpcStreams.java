package dev.loadgen.grpc;

import dev.loadgen.http.Http2Call;
import dev.loadgen.http.Http2Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * gRPC on one HTTP/2 connection: makes its calls and holds what they share, this connection's own copies of the
 * run's framed static messages (each call writes a retained duplicate of one, so the bytes are copied once per
 * connection, not per call). Its share of the run's concurrent calls goes back to the driver when the connection
 * is gone, for the connection that replaces it.
 *
 * <p>Threading: created by the driver, then confined to the connection's event loop.
 */
final class GrpcStreams implements Http2Exchange {
    private final GrpcDriver driver;
    private final GrpcRequests requests;
    private final int capacity;
    private final int workerId;
    private final long deadlineNanos;
    /** This connection's copies of the framed static messages, per variant; null for templated data. */
    private ByteBuf[][] framed;

    private boolean released;

    GrpcStreams(GrpcDriver driver, GrpcRequests requests, int capacity, int workerId) {
        this.driver = driver;
        this.requests = requests;
        this.capacity = capacity;
        this.workerId = workerId;
        this.deadlineNanos = driver.deadlineNanos(requests.prepared());
    }

    @Override
    public Http2Call newCall() {
        byte[][][] variants = requests.framedVariants();
        if (framed == null && variants != null) {
            framed = new ByteBuf[variants.length][];
            for (int i = 0; i < variants.length; i++) {
                framed[i] = new ByteBuf[variants[i].length];
                for (int j = 0; j < variants[i].length; j++) {
                    framed[i][j] = ByteBufAllocator.DEFAULT
                            .directBuffer(variants[i][j].length)
                            .writeBytes(variants[i][j]);
                }
            }
        }
        return new GrpcCall(this);
    }

    @Override
    public void release() {
        if (released) {
            return;
        }
        released = true;
        if (framed != null) {
            for (ByteBuf[] variant : framed) {
                for (ByteBuf message : variant) {
                    message.release();
                }
            }
            framed = null;
        }
        driver.releaseCapacity(capacity);
    }

    /** The framed static messages of call {@code requestNumber}, this connection's copies. */
    ByteBuf[] framed(long requestNumber) {
        return framed[(int) ((requestNumber - 1) % framed.length)];
    }

    /** Whether calls pick among several static variants, and so need the run's request number. */
    boolean variesByRequestNumber() {
        return framed != null && framed.length > 1;
    }

    GrpcDriver driver() {
        return driver;
    }

    GrpcRequests requests() {
        return requests;
    }

    /** How long a call may take, the deadline sent as {@code grpc-timeout}. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    int workerId() {
        return workerId;
    }
}
