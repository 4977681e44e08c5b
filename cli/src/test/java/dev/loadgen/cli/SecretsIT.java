package dev.loadgen.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials in the URL go to the server and into no output: text, JSON, HTML, JUnit, progress or errors. */
class SecretsIT {
    private WireMockServer wireMock;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        wireMock.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @AfterEach
    void stop() {
        wireMock.stop();
    }

    @Test
    void userInfoIsBasicAuthenticationAndSecretParametersAreSentButNeverShown() throws Exception {
        String url = "http://alice:hunter2@127.0.0.1:" + wireMock.port()
                + "/api?access_token=AT-SECRET&page=2&sig=SIG-SECRET&session=SESSION-SECRET";
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        Path junit = dir.resolve("r.xml");

        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "1",
                "-n",
                "3",
                "--mask-param",
                "session",
                "--json",
                json.toString(),
                "--html",
                html.toString(),
                "--junit",
                junit.toString(),
                "--assert",
                "errors==0",
                url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<LoggedRequest> requests =
                wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(anyUrl()));
        assertThat(requests).hasSize(3);
        for (LoggedRequest request : requests) {
            assertThat(request.getHeader("Authorization"))
                    .isEqualTo("Basic "
                            + Base64.getEncoder().encodeToString("alice:hunter2".getBytes(StandardCharsets.UTF_8)));
            assertThat(request.getUrl())
                    .isEqualTo("/api?access_token=AT-SECRET&page=2&sig=SIG-SECRET&session=SESSION-SECRET");
        }
        String shown = "http://alice:****@127.0.0.1:" + wireMock.port()
                + "/api?access_token=****&page=2&sig=****&session=****";
        assertThat(run.out()).contains("Running 3 requests test @ " + shown + "\n");
        for (String output : List.of(
                run.out(), run.err(), Files.readString(json), Files.readString(html), Files.readString(junit))) {
            assertThat(output)
                    .doesNotContain("hunter2")
                    .doesNotContain("AT-SECRET")
                    .doesNotContain("SIG-SECRET")
                    .doesNotContain("SESSION-SECRET");
        }
        assertThat(Files.readString(json)).contains(shown);
        assertThat(Files.readString(junit)).contains("page=2");
    }
}
