package monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The dashboard works when Grafana provisions it from files: its data source is its own {@code datasource}
 * variable (an {@code ${DS_PROMETHEUS}} input is only filled in on manual import), every panel and query uses
 * it, and the provisioning files are there. Whether the metrics exist is checked against a live scrape in
 * {@code LiveStatusIntegrationTest}.
 */
class GrafanaDashboardUnitTest {

    final GrafanaDashboard dashboard = GrafanaDashboard.load();

    @Test
    void theDataSourceIsATemplateVariableThatEveryPanelAndQueryUses() {
        assertThat(dashboard.json().path("templating").path("list")).anySatisfy(variable -> {
            assertThat(variable.path("name").asString()).isEqualTo("datasource");
            assertThat(variable.path("type").asString()).isEqualTo("datasource");
            assertThat(variable.path("query").asString()).isEqualTo("prometheus");
        });
        assertThat(dashboard.panels()).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).isNotEmpty().allSatisfy(target ->
                    assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}"));
        });
        assertThat(dashboard.json().toString()).doesNotContain("DS_PROMETHEUS");
    }

    @Test
    void thePanelsShowWhatTheBoardShows() {
        assertThat(dashboard.metricNames()).contains("delivery_status_count", "intake_gate_state",
                "analytics_deliveries_handed_over_total", "analytics_delivery_events_total", "relay_lag_seconds_max",
                "analytics_alarm_active", "analytics_stuck_deliveries", "kafka_consumer_group_lag_records",
                "analytics_streams_restoring_records")
                .doesNotContain("max", "rate", "sum", "status", "by");
    }

    @Test
    void provisioningFilesPointAtTheDashboardsAndAPrometheusSource() throws Exception {
        String dashboards = Files.readString(Path.of("monitoring/grafana/provisioning/dashboards/delivery-relay.yml"));
        String sources = Files.readString(Path.of("monitoring/grafana/provisioning/datasources/prometheus.yml"));
        assertThat(dashboards).contains("type: file", "path:");
        assertThat(sources).contains("type: prometheus");
    }
}
