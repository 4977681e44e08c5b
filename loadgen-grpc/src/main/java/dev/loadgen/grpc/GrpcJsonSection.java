package dev.loadgen.grpc;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.report.JsonReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The {@code grpc} field of a gRPC run's JSON result: the method, statuses by name, the most frequent error
 * messages, and the messages of streams each way with the gap between received messages. Immutable.
 */
public final class GrpcJsonSection implements JsonReport.Section {
    private static final int TOP_ERRORS = 10;

    private final GrpcReport.Input input;

    public GrpcJsonSection(GrpcReport.Input input) {
        this.input = input;
    }

    @Override
    public void write(JsonGenerator json) throws IOException {
        RunResult result = input.result();
        CallStats.Summary summary = input.summary();
        json.writeObjectFieldStart("grpc");
        if (input.method() != null) {
            json.writeStringField("method", input.method().fullMethodName());
            json.writeStringField("call_type", input.method().type().name());
        }
        json.writeObjectFieldStart("status_names");
        for (Map.Entry<Integer, Long> status : result.statuses().entrySet()) {
            json.writeNumberField(GrpcStatusNames.nameOf(status.getKey()), status.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("error_messages");
        for (Map.Entry<String, Long> error : summary.topErrors(TOP_ERRORS)) {
            json.writeStartObject();
            json.writeStringField("message", error.getKey());
            json.writeNumberField("count", error.getValue());
            json.writeEndObject();
        }
        json.writeEndArray();
        CallStats.Omitted omitted = summary.omittedErrors(TOP_ERRORS);
        json.writeObjectFieldStart("other_error_messages");
        json.writeNumberField("messages", omitted.messages());
        json.writeNumberField("count", omitted.calls());
        json.writeEndObject();
        double seconds = result.elapsedNanos() / 1e9;
        json.writeObjectFieldStart("messages");
        json.writeNumberField("sent", summary.messagesSent());
        json.writeNumberField("received", summary.messagesReceived());
        json.writeNumberField("sent_per_second", perSecond(summary.messagesSent(), seconds));
        json.writeNumberField("received_per_second", perSecond(summary.messagesReceived(), seconds));
        json.writeEndObject();
        JsonReport.latency(json, "message_latency", summary.messageLatencyNanos());
        json.writeEndObject();
    }

    private static BigDecimal perSecond(long count, double seconds) {
        double rate = seconds > 0 ? count / seconds : 0;
        return BigDecimal.valueOf(rate).setScale(2, RoundingMode.HALF_UP);
    }
}
