package dev.loadgen.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.gate.StatusNames;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard in deploy/ queries only metrics the endpoint serves, and every one of them. */
class DashboardTest {
    private static final Path DASHBOARD = Path.of("../deploy/grafana/loadgen-dashboard.json");

    @Test
    void queriesExactlyTheServedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new HashSet<>();
        Pattern name = Pattern.compile("loadgen_[a-z_]+");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher matcher = name.matcher(target.get("expr").asText());
                while (matcher.find()) {
                    queried.add(matcher.group().replaceAll("_(total|bucket|count|sum)$", ""));
                }
            }
        }
        Set<String> served = new HashSet<>();
        LiveMetrics metrics = new LiveMetrics("http", StatusNames.NUMERIC, LatencyBuckets.defaults(), true);
        for (MetricSnapshot snapshot : metrics.collect()) {
            served.add(snapshot.getMetadata().getPrometheusName());
        }
        assertThat(queried).isEqualTo(served);
    }
}
