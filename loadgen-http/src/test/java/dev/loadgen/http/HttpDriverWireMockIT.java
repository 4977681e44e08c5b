package dev.loadgen.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.Header;
import dev.loadgen.core.RunResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP behaviours and faults from WireMock on 127.0.0.1; every count is checked against WireMock's journal. */
class HttpDriverWireMockIT {
    private WireMockServer wireMock;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().containerThreads(16));
        wireMock.start();
    }

    @AfterEach
    void stop() {
        wireMock.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + wireMock.port() + path;
    }

    private int served() {
        return wireMock.getAllServeEvents().size();
    }

    @Test
    void countsEveryResponseAndItsBytes() throws Exception {
        String body = "x".repeat(1000);
        wireMock.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody(body)));

        RunResult result = LoadRuns.run(LoadRuns.countBounded(url("/ok"), 2, 4, 200, 5000));

        assertThat(result.requests()).isEqualTo(200).isEqualTo(served());
        assertThat(result.statuses()).isEqualTo(Map.of(200, 200L));
        assertThat(result.totalErrors()).isZero();
        assertThat(result.bytesRead()).isGreaterThan(200L * body.length());
        assertThat(result.latencyNanos().getTotalCount()).isEqualTo(200);
    }

    @Test
    void sendsMethodHeadersAndBody() throws Exception {
        wireMock.stubFor(post("/api")
                .withHeader("X-Test", equalTo("yes"))
                .withRequestBody(equalTo("{\"a\":1}"))
                .willReturn(aResponse().withStatus(201)));
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        RunResult result = LoadRuns.run(
                LoadRuns.spec(url("/api"), "POST", List.of(new Header("X-Test", "yes")), body, 1, 2, 0, 30, 5000));

        assertThat(result.statuses()).isEqualTo(Map.of(201, 30L));
        assertThat(served()).isEqualTo(30);
        long expectedWritten =
                30L * wireMock.getAllServeEvents().get(0).getRequest().getBody().length;
        assertThat(result.bytesWritten()).isGreaterThan(expectedWritten);
    }

    @Test
    void statusMixIsCountedByCodeAndErrorsAreTheFailingOnes() throws Exception {
        wireMock.stubFor(get("/mix")
                .inScenario("mix")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200))
                .willSetStateTo("next"));
        wireMock.stubFor(get("/mix")
                .inScenario("mix")
                .whenScenarioStateIs("next")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo(Scenario.STARTED));

        RunResult result = LoadRuns.run(LoadRuns.countBounded(url("/mix"), 1, 1, 40, 5000));

        assertThat(result.statuses()).isEqualTo(Map.of(200, 20L, 503, 20L));
        assertThat(result.errors(ErrorKind.STATUS)).isEqualTo(20);
        assertThat(result.requests()).isEqualTo(40).isEqualTo(served());
    }

    @Test
    void connectionResetIsAReadErrorAndTheConnectionIsReplaced() throws Exception {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        RunResult result = LoadRuns.run(LoadRuns.countBounded(url("/reset"), 1, 2, 20, 5000));

        assertThat(result.errors(ErrorKind.READ)).isEqualTo(20).isEqualTo(served());
        assertThat(result.requests()).isZero();
    }

    @Test
    void emptyResponseIsAReadError() throws Exception {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        RunResult result = LoadRuns.run(LoadRuns.countBounded(url("/empty"), 1, 2, 20, 5000));

        assertThat(result.errors(ErrorKind.READ)).isEqualTo(20).isEqualTo(served());
        assertThat(result.requests()).isZero();
    }

    @Test
    void malformedChunkIsAProtocolOrReadErrorNeverAResponse() throws Exception {
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        RunResult result = LoadRuns.run(LoadRuns.countBounded(url("/chunk"), 1, 1, 10, 5000));

        assertThat(result.errors(ErrorKind.PROTOCOL) + result.errors(ErrorKind.READ))
                .isEqualTo(10)
                .isEqualTo(served());
        assertThat(result.errors(ErrorKind.PROTOCOL)).isPositive();
        assertThat(result.requests()).isZero();
    }

    @Test
    void chunkedDribbleIsReadCompletely() throws Exception {
        wireMock.stubFor(get("/dribble")
                .willReturn(
                        aResponse().withStatus(200).withBody("y".repeat(500)).withChunkedDribbleDelay(5, 50)));

        RunResult result = LoadRuns.run(LoadRuns.countBounded(url("/dribble"), 1, 2, 10, 5000));

        assertThat(result.requests()).isEqualTo(10).isEqualTo(served());
        assertThat(result.totalErrors()).isZero();
        assertThat(result.latencyNanos().getMinValue()).isGreaterThanOrEqualTo(40_000_000L);
    }

    @Test
    void delayLongerThanTimeoutIsATimeoutAndIsEnforced() throws Exception {
        wireMock.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

        RunResult result = LoadRuns.run(LoadRuns.countBounded(url("/slow"), 1, 2, 4, 200));

        assertThat(result.errors(ErrorKind.TIMEOUT)).isEqualTo(4);
        assertThat(result.requests()).isZero();
        assertThat(served()).isEqualTo(4);
        // Enforced, not merely counted when the late response lands: the run ends long before the 3 s delay.
        assertThat(result.elapsedNanos()).isLessThan(2_900_000_000L);
    }
}
