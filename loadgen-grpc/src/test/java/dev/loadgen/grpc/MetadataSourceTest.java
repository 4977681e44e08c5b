package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetadataSourceTest {
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\": \"b\"", "{\"a\" \"b\"}", "{\"a\": b c}"})
    void badJsonIsOneLineWithoutTheParsersWebAddress(String json) {
        assertThatThrownBy(() -> MetadataSource.parse(json, "--metadata"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("invalid JSON in --metadata: ")
                .hasMessageContaining("line 1 column")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("http");
    }

    @Test
    void notAnObjectIsSaidSo() {
        assertThatThrownBy(() -> MetadataSource.parse("[1]", "--metadata"))
                .isInstanceOf(InputException.class)
                .hasMessage("--metadata must be a JSON object of strings, e.g. {\"key\":\"value\"}");
    }
}
