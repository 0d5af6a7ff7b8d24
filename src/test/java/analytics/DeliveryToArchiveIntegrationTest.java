package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import platform.DeliveryDriver;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.RelayIntegrationTest;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The whole analytics path with nothing stood in: deliveries changed over HTTP are relayed from the outbox to
 * {@code delivery.events}, integrated by the Streams step into {@code delivery.integrated}, archived in Parquet
 * files, and the archive's SQL endpoint then tells exactly the database's truth: one row per change of each
 * delivery, its last status, its last sequence (the row's version).
 */
@RelayIntegrationTest
@TestPropertySource(properties = {
        "relay.analytics.archive.max-records-per-file=40",
        "relay.analytics.archive.idle-rotation=500ms" })
class DeliveryToArchiveIntegrationTest {

    static final Duration ARCHIVED = Duration.ofSeconds(120);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void httpChangesReachTheArchiveAndItsQueryEqualsTheDatabase() throws Exception {
        DeliveryDriver driver = new DeliveryDriver(new HttpApi(port));
        String[][] lives = { {}, { "assign-rider" }, { "request-pickup-ready" },
                { "assign-rider", "request-pickup-ready", "mark-picked-up" },
                { "assign-rider", "request-pickup-ready", "mark-picked-up", "mark-delivered" },
                { "assign-rider", "mark-picked-up", "mark-delivered" }, { "cancel" }, { "assign-rider", "cancel" } };
        Map<String, Long> changesPerDelivery = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            for (String[] steps : lives) {
                String id = driver.create();
                for (String step : steps) {
                    driver.step(id, step);
                }
                changesPerDelivery.put(id, steps.length + 1L);
            }
        }
        String ids = "(" + String.join(",", changesPerDelivery.keySet().stream().map(id -> "'" + id + "'").toList())
                + ")";
        Map<String, String> databaseStatus = new HashMap<>();
        Map<String, Long> databaseVersion = new HashMap<>();
        jdbc.query("SELECT id, status, version FROM delivery WHERE id IN " + ids, row -> {
            databaseStatus.put(row.getString(1), row.getString(2));
            databaseVersion.put(row.getString(1), row.getLong(3));
        });
        assertThat(databaseStatus).hasSameSizeAs(changesPerDelivery);

        HttpApi viewer = new HttpApi(port).as(TestUsers.VIEWER);
        await().atMost(ARCHIVED).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Reply reply = viewer.post("/admin/analytics/archive/query", "{\"sql\": \"SELECT delivery_id, "
                    + "arg_max(status, last_sequence), max(last_sequence), count(*), "
                    + "count(DISTINCT last_sequence) FROM deliveries WHERE delivery_id IN " + ids
                    + " GROUP BY delivery_id\"}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            Map<String, String> archivedStatus = new HashMap<>();
            Map<String, Long> archivedSequence = new HashMap<>();
            Map<String, Long> archivedRows = new HashMap<>();
            Map<String, Long> archivedSequences = new HashMap<>();
            for (JsonNode row : reply.json().path("rows")) {
                String id = row.get(0).asString();
                archivedStatus.put(id, row.get(1).asString());
                archivedSequence.put(id, row.get(2).asLong());
                archivedRows.put(id, row.get(3).asLong());
                archivedSequences.put(id, row.get(4).asLong());
            }
            assertThat(archivedStatus).as("last status per delivery").isEqualTo(databaseStatus);
            assertThat(archivedSequence).as("last sequence per delivery = the row's version")
                    .isEqualTo(databaseVersion);
            assertThat(archivedRows).as("one archived record per change").isEqualTo(changesPerDelivery);
            assertThat(archivedSequences).as("each change once").isEqualTo(changesPerDelivery);
        });
        List<String> finished = databaseStatus.entrySet().stream()
                .filter(e -> e.getValue().equals("DELIVERED") || e.getValue().equals("CANCELLED"))
                .map(Map.Entry::getKey).toList();
        assertThat(finished).as("the mix has finished deliveries").hasSize(16);
    }
}
