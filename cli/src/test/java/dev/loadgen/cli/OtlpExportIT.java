package dev.loadgen.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --otlp-endpoint}: an OTLP/HTTP receiver in the test decodes what OpenTelemetry's exporter really sends
 * (the opentelemetry-proto messages), and WireMock, the target, records the {@code traceparent} each request carried:
 * one client span per traced request, with the HTTP conventions' attributes, whose trace and span IDs are the
 * trace ID and parent ID the server saw. A collector that is down, or that never answers, costs the run nothing:
 * every request is still made and the spans are counted as dropped.
 */
class OtlpExportIT {
    private WireMockServer target;
    private HttpServer collector;
    private final List<Span> received = new CopyOnWriteArrayList<>();
    private final List<String> serviceNames = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        target = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        target.start();
        target.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
        collector = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 16);
        collector.createContext("/v1/traces", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
            for (ResourceSpans resource : request.getResourceSpansList()) {
                for (KeyValue attribute : resource.getResource().getAttributesList()) {
                    if (attribute.getKey().equals("service.name")) {
                        serviceNames.add(attribute.getValue().getStringValue());
                    }
                }
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    received.addAll(scope.getSpansList());
                }
            }
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length);
            exchange.getResponseBody().write(response);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stop() {
        target.stop();
        collector.stop(0);
    }

    private String targetUrl() {
        return "http://127.0.0.1:" + target.port() + "/traced";
    }

    @Test
    @Timeout(120)
    void oneClientSpanPerTracedRequestWhoseIdsTheServerSawAsItsParent(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "4",
                "-n",
                "300",
                "--trace-sample",
                "1",
                "--json",
                json.toString(),
                "--otlp-endpoint",
                "http://127.0.0.1:" + collector.getAddress().getPort(),
                targetUrl());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Spans: 300 exported to http://127.0.0.1:"
                        + collector.getAddress().getPort() + "/v1/traces, 0 dropped");
        JsonNode spans = new ObjectMapper().readTree(json.toFile()).get("spans");
        assertThat(spans.get("exported").longValue()).isEqualTo(300);
        assertThat(spans.get("dropped").longValue()).isZero();

        Set<String> seen = target.getAllServeEvents().stream()
                .map(event -> event.getRequest().getHeader("traceparent"))
                .collect(Collectors.toSet());
        assertThat(seen).hasSize(300);
        assertThat(received).hasSize(300);
        assertThat(serviceNames).isNotEmpty().containsOnly("loadgen");
        HexFormat hex = HexFormat.of();
        for (Span span : received) {
            String traceparent = "00-" + hex.formatHex(span.getTraceId().toByteArray()) + "-"
                    + hex.formatHex(span.getSpanId().toByteArray()) + "-01";
            assertThat(seen).contains(traceparent);
            assertThat(span.getParentSpanId()).isEqualTo(ByteString.EMPTY);
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(span.getName()).isEqualTo("GET");
            assertThat(span.getEndTimeUnixNano()).isGreaterThan(span.getStartTimeUnixNano());
            Map<String, AnyValue> attributes = attributes(span);
            assertThat(attributes.get("http.request.method").getStringValue()).isEqualTo("GET");
            assertThat(attributes.get("http.response.status_code").getIntValue())
                    .isEqualTo(200);
            assertThat(attributes.get("url.full").getStringValue()).isEqualTo(targetUrl());
            assertThat(attributes.get("server.address").getStringValue()).isEqualTo("127.0.0.1");
            assertThat(attributes.get("server.port").getIntValue()).isEqualTo(target.port());
            assertThat(attributes.get("network.protocol.version").getStringValue())
                    .isEqualTo("1.1");
            assertThat(attributes.get("loadgen.send_delay_ns").getIntValue()).isGreaterThanOrEqualTo(0);
            assertThat(attributes).doesNotContainKey("error.type");
        }
    }

    @Test
    @Timeout(120)
    void grpcCallsBecomeRpcClientSpans() throws Exception {
        dev.loadgen.grpc.serve.GrpcTargetServer server = new dev.loadgen.grpc.serve.GrpcTargetServer("127.0.0.1", 0);
        server.start();
        try {
            CliRun run = CliRun.of(
                    "-t",
                    "1",
                    "-c",
                    "2",
                    "-n",
                    "50",
                    "--trace-sample",
                    "1",
                    "--otlp-endpoint",
                    "http://127.0.0.1:" + collector.getAddress().getPort(),
                    "--call",
                    "loadgen.target.Target/Unary",
                    "-D",
                    "{\"name\":\"x\"}",
                    server.uri().toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("Spans: 50 exported to");
        } finally {
            server.close();
        }
        assertThat(received).hasSize(50);
        for (Span span : received) {
            assertThat(span.getName()).isEqualTo("loadgen.target.Target/Unary");
            assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            Map<String, AnyValue> attributes = attributes(span);
            assertThat(attributes.get("rpc.system").getStringValue()).isEqualTo("grpc");
            assertThat(attributes.get("rpc.service").getStringValue()).isEqualTo("loadgen.target.Target");
            assertThat(attributes.get("rpc.method").getStringValue()).isEqualTo("Unary");
            assertThat(attributes.get("rpc.grpc.status_code").getIntValue()).isZero();
        }
    }

    @Test
    @Timeout(120)
    void aCollectorThatIsDownCostsTheRunNothingAndItsSpansAreCountedAsDropped() throws Exception {
        int nothing = Scrape.freePort();
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "4",
                "-n",
                "300",
                "--trace-sample",
                "1",
                "--otlp-endpoint",
                "http://127.0.0.1:" + nothing + "/v1/traces",
                targetUrl());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("300 requests in", "Spans: 0 exported to", ", 300 dropped");
        assertThat(target.getAllServeEvents()).hasSize(300);
    }

    @Test
    @Timeout(120)
    void aCollectorThatNeverAnswersDoesNotHoldTheRunUp() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            CliRun run = CliRun.of(
                    "-t",
                    "1",
                    "-c",
                    "4",
                    "-d",
                    "2s",
                    "--trace-sample",
                    "1",
                    "--otlp-endpoint",
                    "http://127.0.0.1:" + silent.getLocalPort(),
                    targetUrl());
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("Spans: 0 exported to");
            // 2 s of load, then at most the flush's 5 s and one export's timeout: bounded whatever the collector does.
            assertThat(seconds).isLessThan(20);
            java.util.regex.Matcher requests =
                    java.util.regex.Pattern.compile("(\\d+) requests in").matcher(run.out());
            assertThat(requests.find()).as(run.out()).isTrue();
            assertThat(run.out()).contains(", " + requests.group(1) + " dropped");
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    private static Map<String, AnyValue> attributes(Span span) {
        Map<String, AnyValue> attributes = new TreeMap<>();
        for (KeyValue attribute : span.getAttributesList()) {
            attributes.put(attribute.getKey(), attribute.getValue());
        }
        return attributes;
    }
}
