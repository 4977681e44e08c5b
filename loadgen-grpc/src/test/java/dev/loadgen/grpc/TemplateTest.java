package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.InputException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
    private static final Template.CallData CALL = new Template.CallData(42, 3, "/pkg.Svc/Do", "pkg.Svc", "Do");

    private static String render(String text) throws InputException {
        return Template.compile(text, "--data").render(CALL);
    }

    @Test
    void callDataActions() throws InputException {
        assertThat(render("n={{.RequestNumber}} w={{.WorkerID}}")).isEqualTo("n=42 w=g3c0");
        assertThat(render("{{.FullyQualifiedName}} {{.ServiceName}} {{.MethodName}}"))
                .isEqualTo("/pkg.Svc/Do pkg.Svc Do");
    }

    @Test
    void spacesAndTrimMarkersInsideActions() throws InputException {
        assertThat(render("[{{ .RequestNumber }}][{{- .RequestNumber -}}]")).isEqualTo("[42][42]");
    }

    @Test
    void textWithoutActionsIsNotATemplateAndRendersAsItself() throws InputException {
        assertThat(Template.isTemplate("{\"name\":\"x\"}")).isFalse();
        assertThat(Template.isTemplate("{\"name\":\"{{.WorkerID}}\"}")).isTrue();
        assertThat(render("{\"a\":{\"b\":1}}")).isEqualTo("{\"a\":{\"b\":1}}");
    }

    @Test
    void timestampsAreNow() throws InputException {
        long before = System.currentTimeMillis();
        long seconds = Long.parseLong(render("{{.TimestampUnix}}"));
        long millis = Long.parseLong(render("{{.TimestampUnixMilli}}"));
        long nanos = Long.parseLong(render("{{.TimestampUnixNano}}"));
        long after = System.currentTimeMillis();
        assertThat(seconds).isBetween(before / 1000, after / 1000);
        assertThat(millis).isBetween(before, after);
        assertThat(nanos / 1_000_000).isBetween(before, after);
    }

    @Test
    void randomValuesVaryAndStayInBounds() throws InputException {
        Template template = Template.compile("{{newUUID}} {{.UUID}} {{randomInt 1 100}} {{randomString 8}}", "--data");
        Set<String> uuids = new HashSet<>();
        Set<Long> ints = new HashSet<>();
        Set<String> strings = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String[] words = template.render(CALL).split(" ", -1);
            uuids.add(UUID.fromString(words[0]).toString());
            uuids.add(UUID.fromString(words[1]).toString());
            long value = Long.parseLong(words[2]);
            assertThat(value).isBetween(1L, 99L);
            ints.add(value);
            assertThat(words[3]).matches("[A-Za-z0-9]{8}");
            strings.add(words[3]);
        }
        assertThat(uuids).hasSize(1000);
        assertThat(ints.size()).isGreaterThan(50);
        assertThat(strings).hasSize(500);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{{.Nope}}                | unknown template {{.Nope}} in --data (known: .RequestNumber",
                "{{randomInt 5}}          | invalid template {{randomInt 5}} in --data: randomInt takes 2 numbers",
                "{{randomInt 9 3}}        | randomInt needs MIN < MAX",
                "{{randomInt a 3}}        | 'a' is not a number",
                "{{randomString}}         | randomString takes 1 number",
                "{{randomString -1}}      | invalid template {{randomString -1}} in --data",
                "{{randomString 99999999}} | invalid template {{randomString 99999999}} in --data",
            })
    void badTemplatesAreOneClearError(String text, String message) {
        assertThatThrownBy(() -> Template.compile(text, "--data"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }
}
