package dev.loadgen.http.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.StartException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetServerIT {
    private static final String GREETING = "Hello from loadgen\n";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TargetServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws StartException {
        server = TargetServer.builder().port(0).threads(2).build();
        address = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bindsAnEphemeralPortOnLoopback() {
        assertThat(address.getPort()).isPositive();
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
        assertThat(server.address()).isEqualTo(address);
        assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + address.getPort() + "/"));
    }

    @Test
    void answersAnyMethodAndPathWithTheGreeting() throws Exception {
        List<HttpRequest> requests = List.of(
                request("/").GET().build(),
                request("/a/b/c?x=1").POST(BodyPublishers.ofString("payload")).build(),
                request("/items/7").PUT(BodyPublishers.ofString("{}")).build(),
                request("/items/7").DELETE().build(),
                request("/").method("PATCH", BodyPublishers.noBody()).build());
        for (HttpRequest request : requests) {
            HttpResponse<String> response = CLIENT.send(request, BodyHandlers.ofString());
            assertThat(response.statusCode()).as(request.method()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(GREETING);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            assertThat(response.headers().firstValue("content-length")).hasValue("19");
        }
    }

    @Test
    void headGetsTheHeadersWithoutTheBody() throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            RawConnection.Response head = connection
                    .send("HEAD /?size=1000 HTTP/1.1\r\nHost: t\r\n\r\n")
                    .readHeadResponse();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("1000");
            // Had a body been sent, this response would start with it and not parse.
            assertThat(connection.send(get("/")).read().bodyText()).isEqualTo(GREETING);
        }
    }

    @ParameterizedTest
    @CsvSource({"200ms, 200", "150, 150", "120000us, 120", "1s, 1000"})
    void aDelayHoldsTheResponseAtLeastThatLong(String delay, long millis) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send("/?delay=" + delay);
        long elapsedNanos = System.nanoTime() - start;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(GREETING);
        assertThat(elapsedNanos).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aDelayedResponseHoldsNoThread() throws Exception {
        server.close();
        server = TargetServer.builder().port(0).threads(1).build();
        address = server.start();

        CompletableFuture<HttpResponse<String>> delayed =
                CLIENT.sendAsync(request("/?delay=30s").build(), BodyHandlers.ofString());
        awaitRequestsReceived(1);
        HttpResponse<String> prompt = send("/");

        // With its only event loop asleep, the server could not have answered the second request first.
        assertThat(prompt.statusCode()).isEqualTo(200);
        assertThat(delayed).isNotDone();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 299, 404, 418, 500, 503, 599})
    void statusSetsTheStatusAndKeepsTheBody(int status) throws Exception {
        HttpResponse<String> response = send("/?status=" + status);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(GREETING);
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 205, 304})
    void statusesWithoutContentGoWithoutABody(int status) throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            RawConnection.Response response =
                    connection.send(get("/?status=" + status + "&size=100")).read();
            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("content-length")).isIn(null, "0");
            // The connection stays usable: no stray body bytes precede the next response.
            assertThat(connection.send(get("/")).read().bodyText()).isEqualTo(GREETING);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1, 1",
        "19, 19",
        "1024, 1024",
        "1k, 1024",
        "65531, 65531",
        "65532, 65532",
        "100000, 100000",
        "3m, 3145728"
    })
    void sizeSetsTheExactBodyLength(String size, int bytes) throws Exception {
        HttpResponse<byte[]> response = CLIENT.send(request("/?size=" + size).build(), BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue(Integer.toString(bytes));
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(GREETING.repeat(bytes / GREETING.length() + 1).substring(0, bytes));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "status=101 | bad status '101': expected a final status code, 200 to 599",
                "status=600 | bad status '600': expected a final status code, 200 to 599",
                "status=ok | bad status 'ok': expected a final status code, 200 to 599",
                "size=65m | bad size '65m': at most 64m",
                "size=-1 | bad size '-1': expected a whole number of bytes, optionally with k (1024) or m (1048576)",
                "delay=5x | bad delay '5x': expected a whole number with unit us, ms or s (a bare number is ms)",
                "delay=61s | bad delay '61s': at most 60s",
                "size=1&size=2 | size given more than once"
            })
    void badValuesGetA400WithAOneLineReasonAndKeepTheConnection(String query, String reason) throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            RawConnection.Response response =
                    connection.send(get("/?" + query + "&verbose=1")).read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("content-type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(response.bodyText()).isEqualTo(reason + "\n");
            assertThat(connection.send(get("/")).read().status()).isEqualTo(200);
        }
    }

    @Test
    void unknownParametersAreIgnored() throws Exception {
        HttpResponse<String> response = send("/?verbose=1&size=5&x");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Hello");
    }

    @Test
    void keepsTheConnectionAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        long bytesRead;
        try (RawConnection connection = new RawConnection(address)) {
            for (int i = 0; i < 5; i++) {
                RawConnection.Response response = connection.send(get("/n" + i)).read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isNull();
            }
            // The first is held longest, yet all three must come back in the order they were asked.
            connection.send(get("/?delay=300ms&size=1") + get("/?size=2") + get("/?delay=50ms&size=3&status=503"));
            assertThat(connection.read().body()).hasSize(1);
            assertThat(connection.read().body()).hasSize(2);
            RawConnection.Response last = connection.read();
            assertThat(last.body()).hasSize(3);
            assertThat(last.status()).isEqualTo(503);
            bytesRead = connection.bytesRead();
        }
        server.close();

        assertThat(server.counts()).isEqualTo(new ServedCounts(8, 8, bytesRead, Map.of(200, 7L, 503, 1L)));
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            RawConnection.Response response = connection
                    .send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n" + get("/ignored"))
                    .read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
        server.close();

        // The request pipelined after the close was neither answered nor counted.
        assertThat(server.counts().requestsReceived()).isEqualTo(1);
        assertThat(server.counts().responsesWritten()).isEqualTo(1);
    }

    @Test
    void http10WithoutKeepAliveIsClosedAfterTheResponse() throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            RawConnection.Response response =
                    connection.send("GET / HTTP/1.0\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo(GREETING);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void http10WithKeepAliveStaysOpenAndSaysSo() throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            for (int i = 0; i < 3; i++) {
                RawConnection.Response response = connection
                        .send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isEqualTo("keep-alive");
            }
        }
    }

    @Test
    void requestBodiesAreReadAndDiscarded() throws Exception {
        String large = "x".repeat(100_000);
        long bytesRead;
        try (RawConnection connection = new RawConnection(address)) {
            connection.send(
                    "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + large.length() + "\r\n\r\n" + large);
            assertThat(connection.read().bodyText()).isEqualTo(GREETING);
            connection.send("POST /upload?size=2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n" + Integer.toHexString(large.length()) + "\r\n" + large + "\r\n"
                    + "0\r\nX-Trailer: t\r\n\r\n");
            assertThat(connection.read().bodyText()).isEqualTo("He");
            // Had any body byte been taken for a request, this one would not parse.
            assertThat(connection.send(get("/?size=3")).read().bodyText()).isEqualTo("Hel");
            bytesRead = connection.bytesRead();
        }
        server.close();

        assertThat(server.counts()).isEqualTo(new ServedCounts(3, 3, bytesRead, Map.of(200, 3L)));
    }

    @Test
    void expectContinueGetsAnInterimResponseBeforeTheBody() throws Exception {
        long bytesRead;
        try (RawConnection connection = new RawConnection(address)) {
            RawConnection.Response interim = connection
                    .send("PUT / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
                    .read();
            assertThat(interim.status()).isEqualTo(100);
            assertThat(connection.send("hello").read().bodyText()).isEqualTo(GREETING);
            bytesRead = connection.bytesRead();
        }
        server.close();

        assertThat(server.counts()).isEqualTo(new ServedCounts(1, 1, bytesRead, Map.of(200, 1L)));
    }

    @Test
    void aMalformedRequestGetsA400AndTheConnectionClosed() throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            RawConnection.Response response =
                    connection.send("NOT AN HTTP REQUEST\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.bodyText()).isEqualTo("malformed HTTP request\n");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientLeavingBeforeItsResponseCountsAsReceivedButNotWritten() throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            connection.send(get("/?delay=300ms"));
            awaitRequestsReceived(1);
        }
        // Past the delay: had the response been written anyway, it would be counted by now.
        Thread.sleep(600);
        server.close();

        assertThat(server.counts()).isEqualTo(new ServedCounts(1, 0, 0, Map.of()));
    }

    @Test
    void aRequestCutShortIsNeitherCountedNorAnswered() throws Exception {
        try (RawConnection connection = new RawConnection(address)) {
            connection.send("GET /?status=500 HTTP/1.1\r\nHost: t\r\n");
            // Let the server read the partial head, so it is the close that cuts it short.
            Thread.sleep(200);
        }
        try (RawConnection connection = new RawConnection(address)) {
            assertThat(connection.send(get("/")).read().status()).isEqualTo(200);
        }
        server.close();

        assertThat(server.counts().requestsReceived()).isEqualTo(1);
        assertThat(server.counts().responsesByStatus()).isEqualTo(Map.of(200, 1L));
    }

    @Test
    void countsAreExactUnderConcurrentClients() throws Exception {
        int clients = 8;
        int requestsEach = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requestsEach; i++) {
                        String path = i % 5 == 0 ? "/?status=503&size=" + i : "/?size=" + i;
                        assertThat(send(path).body()).hasSize(i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        server.close();

        ServedCounts counts = server.counts();
        int total = clients * requestsEach;
        assertThat(counts.requestsReceived()).isEqualTo(total);
        assertThat(counts.responsesWritten()).isEqualTo(total);
        assertThat(counts.responsesByStatus()).isEqualTo(Map.of(200, total * 4L / 5, 503, total / 5L));
        assertThat(counts.responsesWithStatus(404)).isZero();
    }

    @Test
    void aTakenPortFailsToStartWithAOneLineReason() {
        TargetServer second = TargetServer.builder().port(address.getPort()).build();
        assertThatThrownBy(second::start)
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("cannot listen on 127.0.0.1:" + address.getPort() + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        second.close();
    }

    @Test
    void anUnknownHostFailsToStart() {
        TargetServer unknown =
                TargetServer.builder().host("no-such-host.invalid").port(0).build();
        assertThatThrownBy(unknown::start)
                .isInstanceOf(StartException.class)
                .hasMessage("cannot listen on no-such-host.invalid:0: unknown host");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(server.uri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(String pathAndQuery) throws Exception {
        return CLIENT.send(request(pathAndQuery).build(), BodyHandlers.ofString());
    }

    private static String get(String pathAndQuery) {
        return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: t\r\n\r\n";
    }

    private void awaitRequestsReceived(long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.counts().requestsReceived() < count) {
            assertThat(System.nanoTime()).as("waiting for %d requests", count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
