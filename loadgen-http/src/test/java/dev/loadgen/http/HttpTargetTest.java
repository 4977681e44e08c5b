package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.TargetSpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpTargetTest {
    @Test
    void charactersBeyondAsciiArePercentEncodedAsUtf8() throws Exception {
        HttpTarget target = HttpTarget.of(new URI("http://127.0.0.1:8080/日本/ünï?q=€&x=1"));

        assertThat(target.requestTarget()).isEqualTo("/%E6%97%A5%E6%9C%AC/%C3%BCn%C3%AF?q=%E2%82%AC&x=1");
    }

    @Test
    void whatTheUserEncodedIsSentAsItIs() throws Exception {
        HttpTarget target = HttpTarget.of(new URI("http://127.0.0.1/a%20b/%E6%97%A5?q=%C3%BC+x"));

        assertThat(target.requestTarget()).isEqualTo("/a%20b/%E6%97%A5?q=%C3%BC+x");
    }

    @Test
    void theRequestLineOfANonAsciiPathIsAscii() throws Exception {
        URI uri = new URI("http://127.0.0.1:8080/日本");
        byte[] request =
                RequestEncoder.head(new TargetSpec(uri, "GET", List.of(), new byte[0], false), HttpTarget.of(uri));

        assertThat(new String(request, StandardCharsets.ISO_8859_1))
                .startsWith("GET /%E6%97%A5%E6%9C%AC HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
    }

    @Test
    void userInfoIsSentAsBasicAuthenticationPercentDecoded() throws Exception {
        URI uri = new URI("http://us%40er:p%3Ass+w@127.0.0.1:8080/");
        String expected = "Basic "
                + java.util.Base64.getEncoder().encodeToString("us@er:p:ss+w".getBytes(StandardCharsets.UTF_8));

        assertThat(HttpTarget.of(uri).authorization()).isEqualTo(expected);
        assertThat(new String(
                        RequestEncoder.head(
                                new TargetSpec(uri, "GET", List.of(), new byte[0], false), HttpTarget.of(uri)),
                        StandardCharsets.ISO_8859_1))
                .contains("\r\nAuthorization: " + expected + "\r\n")
                .doesNotContain("p%3Ass");
    }

    @Test
    void aUsersOwnAuthorizationHeaderReplacesTheUserInfos() throws Exception {
        URI uri = new URI("http://user:pass@127.0.0.1/");
        TargetSpec spec = new TargetSpec(
                uri, "GET", List.of(new dev.loadgen.core.Header("authorization", "Bearer x")), new byte[0], false);

        String request = new String(RequestEncoder.head(spec, HttpTarget.of(uri)), StandardCharsets.ISO_8859_1);

        assertThat(request).contains("\r\nauthorization: Bearer x\r\n").doesNotContain("Basic");
    }

    @Test
    void noUserInfoNoAuthorization() throws Exception {
        assertThat(HttpTarget.of(new URI("https://example.com/")).authorization())
                .isNull();
    }
}
