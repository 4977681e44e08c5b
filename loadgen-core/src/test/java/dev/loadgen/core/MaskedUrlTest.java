package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskedUrlTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://127.0.0.1:8080/a?b=1                         | http://127.0.0.1:8080/a?b=1",
                "http://user:hunter2@host/                           | http://user:****@host/",
                "http://TOKEN@host/                                  | http://****@host/",
                "http://host/?access_token=abc&x=1                   | http://host/?access_token=****&x=1",
                "http://host/?x=1&API_KEY=abc&sig=d&signature=e      | http://host/?x=1&API_KEY=****&sig=****&signature=****",
                "http://host/?token=a&token=b&password=c&key=d       | http://host/?token=****&token=****&password=****&key=****",
                "http://host/?api%5Fkey=abc&monkey=banana            | http://host/?api%5Fkey=****&monkey=banana",
                "http://host/?token&x=1#token=frag                   | http://host/?token&x=1#token=frag",
                "http://host/path#frag?token=a                       | http://host/path#frag?token=a",
                "http://u:p@bad^host/?X-Amz-Signature=s              | http://u:****@bad^host/?X-Amz-Signature=****",
                "grpc://127.0.0.1:50051                              | grpc://127.0.0.1:50051",
                "not a url?token=x                                   | not a url?token=****",
            })
    void secretsAreMaskedAndTheRestIsKeptAsWritten(String url, String masked) {
        assertThat(MaskedUrl.of(url)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "http://host/?session=abc&x=1     | http://host/?session=****&x=1",
                "http://host/?Session=abc&token=t | http://host/?Session=****&token=****",
            })
    void namesTheUserAddsAreMaskedToo(String url, String masked) {
        Set<String> names = new java.util.HashSet<>(MaskedUrl.DEFAULT_SECRET_PARAMS);
        names.add("session");

        assertThat(MaskedUrl.of(url, names)).isEqualTo(masked);
    }
}
