package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The data element of an HTML report that loadgen wrote, parsed back. */
final class HtmlPage {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"" + HtmlReport.DATA_ELEMENT_ID + "\">(.*?)</script>",
            Pattern.DOTALL);

    private HtmlPage() {}

    static JsonNode data(Path page) throws IOException {
        Matcher matcher = DATA.matcher(Files.readString(page));
        assertThat(matcher.find()).as("the data element of %s", page).isTrue();
        return MAPPER.readTree(matcher.group(1));
    }

    /** A JSON file read the same way (decimals exact), for comparing figures with the page's. */
    static JsonNode json(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }
}
