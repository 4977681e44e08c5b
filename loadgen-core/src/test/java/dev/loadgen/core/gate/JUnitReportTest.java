package dev.loadgen.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.StopReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The JUnit XML's content; its conformance to the schema is checked where the CLI writes it (GatesIT). */
class JUnitReportTest {
    @Test
    void oneTestCasePerAssertionAndLimitWithFailuresCarryingMeasuredAndExpected() throws Exception {
        AssertionParser parser = new AssertionParser(TestStatusNames.HTTP_LIKE);
        RunResult result = Results.hundredResponses(Map.of(ErrorKind.STATUS, 2L), Map.of(200, 98L, 500, 2L), 0);
        List<AssertionResult> assertions =
                AssertionResult.evaluate(parser.parseAll(List.of("p50<1s", "errors<1", "status:500<1 ")), result);
        BaselineComparison comparison = BaselineComparison.of(
                RunMetrics.of(result),
                RunMetrics.of(result),
                parser.parseRegressionLimits("p99=10%"),
                TestStatusNames.HTTP_LIKE);
        var suite = new JUnitReport.Suite(
                "http://127.0.0.1:8080/?a=1&b=<2>",
                Instant.parse("2026-01-02T03:04:05Z"),
                2_500_000_000L,
                StopReason.ABORTED,
                assertions,
                comparison.checked(),
                assertions.get(1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        JUnitReport.write(suite, out);

        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toByteArray()));
        Element testsuite = xml.getDocumentElement();
        assertThat(testsuite.getTagName()).isEqualTo("testsuite");
        assertThat(testsuite.getAttribute("name")).isEqualTo("loadgen http://127.0.0.1:8080/?a=1&b=<2>");
        assertThat(testsuite.getAttribute("tests")).isEqualTo("4");
        assertThat(testsuite.getAttribute("failures")).isEqualTo("2");
        assertThat(testsuite.getAttribute("time")).isEqualTo("2.500");
        assertThat(testsuite.getAttribute("timestamp")).isEqualTo("2026-01-02T03:04:05");
        Element property = (Element) testsuite.getElementsByTagName("property").item(0);
        assertThat(property.getParentNode().getNodeName()).isEqualTo("properties");
        assertThat(property.getAttribute("name")).isEqualTo("stop_reason");
        assertThat(property.getAttribute("value")).isEqualTo("aborted");
        NodeList cases = testsuite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("p50<1s");
        assertThat(((Element) cases.item(0)).getElementsByTagName("failure").getLength())
                .isZero();
        Element errors = (Element)
                ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(errors.getAttribute("message")).isEqualTo("measured 2, expected < 1 (the run was stopped early)");
        Element status = (Element)
                ((Element) cases.item(2)).getElementsByTagName("failure").item(0);
        assertThat(((Element) cases.item(2)).getAttribute("name")).isEqualTo("status:500<1");
        assertThat(status.getAttribute("message")).isEqualTo("measured 2, expected < 1");
        assertThat(((Element) cases.item(3)).getAttribute("name")).isEqualTo("p99=10%");
        assertThat(((Element) cases.item(3)).getAttribute("classname")).isEqualTo("loadgen.baseline");
    }
}
