package analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import analytics.adapter.in.streams.JsonSerde;
import analytics.adapter.in.streams.LiveStatusTopology;
import analytics.domain.AlarmEvent;
import monitoring.GrafanaDashboard;
import platform.DeliveryDriver;
import platform.HttpApi;
import platform.HttpApi.Reply;
import platform.RelayIntegrationTest;
import platform.TestServers;
import platform.TestUsers;

/**
 * The live stores, the alarms and the intake gate on the real broker and database, through HTTP: counts and one
 * delivery over REST, who may read them, the headers every page gets, stuck deliveries closing the intake while
 * existing deliveries still progress, an operator's override, and the counts agreeing with the database.
 *
 * <p>Small thresholds: three deliveries stuck for three seconds raise the (critical) alarm; evaluations every half
 * second.
 */
@RelayIntegrationTest
@TestPropertySource(properties = {
        "relay.alarms.evaluation-interval=500ms",
        "relay.alarms.min-active=0s",
        "relay.alarms.stuck.max-count=3",
        "relay.alarms.stuck.max-age=3s",
        "relay.alarms.gate.refresh-interval=200ms",
        "relay.alarms.gate.retry-after=7s",
        "relay.kafka.lag-monitor.interval=1s" })
class LiveStatusIntegrationTest {

    static final Duration SETTLE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HttpApi orders() {
        return new HttpApi(port);
    }

    HttpApi viewer() {
        return orders().as(TestUsers.VIEWER);
    }

    HttpApi operator() {
        return orders().as(TestUsers.OPERATOR);
    }

    Map<String, Long> counts(HttpApi api) {
        Reply reply = api.get("/analytics/status-counts");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Map<String, Long> counts = new LinkedHashMap<>();
        reply.json().path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    /**
     * Real deliveries left in progress would count as stuck after three seconds (this class's threshold) and close
     * the intake for the tests that follow: each test's real deliveries are delivered when it ends (not cancelled:
     * a burst of cancellations would raise the cancellation alarm, which closes the intake too).
     */
    @AfterEach
    void deliverWhatIsLeftInProgress() {
        DeliveryDriver driver = new DeliveryDriver(orders());
        jdbc.query("SELECT id, status, rider_id FROM delivery WHERE status IN ('CREATED', 'RIDER_ASSIGNED', "
                + "'PICKUP_READY_REQUESTED', 'PICKED_UP')", row -> {
            String id = row.getString(1);
            String status = row.getString(2);
            if (row.getString(3) == null) {
                driver.step(id, "assign-rider");
            }
            if (!status.equals("PICKED_UP")) {
                driver.step(id, "mark-picked-up");
            }
            driver.step(id, "mark-delivered");
        });
    }

    void awaitGateFollowsAlarms() {
        await().atMost(SETTLE).untilAsserted(() -> {
            var gate = operator().get("/admin/intake-gate").json();
            assertThat(gate.path("alarmsEvaluatedAt").isNull()).as(gate.toString()).isFalse();
            assertThat(gate.path("decision").asString()).isEqualTo("OPEN");
            assertThat(gate.path("failOpen").asBoolean()).isFalse();
        });
    }

    @Test
    void countsAndOneDeliveryAreReadableByOperatorsAndViewersOnly() {
        try (IntegratedFeed feed = new IntegratedFeed()) {
            await().atMost(SETTLE).until(() -> viewer().get("/analytics/status-counts").status() == 200);
            Map<String, Long> before = counts(viewer());
            IntegratedRecords life = IntegratedRecords.delivery("api-orders");
            feed.send(life.created(Instant.now()));
            feed.send(life.riderAssigned(Instant.now()));

            await().atMost(SETTLE).untilAsserted(() -> assertThat(counts(viewer()).get("RIDER_ASSIGNED"))
                    .isEqualTo(before.get("RIDER_ASSIGNED") + 1));
            Reply one = viewer().get("/analytics/deliveries/" + life.id());
            assertThat(one.status()).as(one.body()).isEqualTo(200);
            assertThat(one.text("status")).isEqualTo("RIDER_ASSIGNED");
            assertThat(one.header("X-Served-By")).isEqualTo("here");
            assertThat(operator().get("/analytics/deliveries/" + life.id()).status()).isEqualTo(200);

            feed.send(life.delivered(Instant.now()));
            await().atMost(SETTLE).untilAsserted(() -> assertThat(viewer().get("/analytics/deliveries/"
                    + life.id()).text("type")).isEqualTo("urn:delivery-relay:problem:delivery-not-in-progress"));
        }
        assertThat(viewer().get("/analytics/deliveries/not-a-uuid").status()).isEqualTo(400);
        assertThat(orders().get("/analytics/status-counts").status()).as("order services do not read analytics")
                .isEqualTo(403);
        assertThat(orders().anonymous().get("/analytics/status-counts").status()).isEqualTo(401);
        assertThat(orders().anonymous().get("/board/index.html").status()).isEqualTo(401);
    }

    @Test
    void everyPageAndAnswerCarriesAContentSecurityPolicyAndNoReferrer() {
        for (Reply reply : List.of(viewer().get("/board/index.html"), viewer().get("/board/board.js"),
                viewer().get("/webjars/uplot/dist/uPlot.iife.min.js"), orders().anonymous().get("/board/index.html"),
                viewer().get("/analytics/status-counts"))) {
            assertThat(reply.header("Content-Security-Policy")).contains("default-src 'self'", "script-src 'self'",
                    "frame-ancestors 'none'");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
        assertThat(viewer().get("/board/index.html").body()).contains("/webjars/uplot/dist/uPlot.iife.min.js")
                .doesNotContain("<script>").doesNotContain("style=");
        assertThat(viewer().get("/webjars/uplot/dist/uPlot.iife.min.js").status()).isEqualTo(200);
    }

    @Test
    void aStateChangeFromAnotherSitesPageIsRefusedBeforeItsCredentialsAreLookedAt() {
        String body = """
                {"mode":"CLOSED","duration":"PT1M","reason":"forged"}""";
        Reply forged = operator().put("/admin/intake-gate", body, "Origin", "https://evil.example");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text("type")).isEqualTo("urn:delivery-relay:problem:cross-origin-request");
        // a bearer token is not looked at either: refused for its origin, not for the token
        Reply forgedWithToken = orders().anonymous().put("/admin/intake-gate", body, "Origin", "https://evil.example",
                "Authorization", "Bearer not-a-jwt");
        assertThat(forgedWithToken.status()).isEqualTo(403);
        assertThat(forgedWithToken.text("type")).isEqualTo("urn:delivery-relay:problem:cross-origin-request");
        Reply fetchMetadata = orders().post("/deliveries", DeliveryDriver.handOverJson("forged-" + UUID.randomUUID()),
                "Sec-Fetch-Site", "cross-site");
        assertThat(fetchMetadata.status()).isEqualTo(403);
        assertThat(operator().get("/admin/intake-gate", "Origin", "https://evil.example").status())
                .as("reads are not changes").isEqualTo(200);
        Reply sameOrigin = orders().post("/deliveries", DeliveryDriver.handOverJson("same-" + UUID.randomUUID()),
                "Origin", "http://127.0.0.1:" + port);
        assertThat(sameOrigin.status()).as(sameOrigin.body()).isIn(201, 503);
    }

    @Test
    void stuckDeliveriesCloseTheIntakeWhileExistingDeliveriesProgressAndItReopensWhenTheyMoveOn() {
        DeliveryDriver driver = new DeliveryDriver(orders());
        try (IntegratedFeed feed = new IntegratedFeed()) {
            awaitGateFollowsAlarms();
            String existing = driver.create();

            // three deliveries that have waited an hour for a rider
            List<IntegratedRecords> stuck = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                IntegratedRecords life = IntegratedRecords.delivery("stuck-orders");
                feed.send(life.created(Instant.now().minus(Duration.ofHours(1))));
                stuck.add(life);
            }

            await().atMost(SETTLE).untilAsserted(() -> {
                Reply refused = orders().post("/deliveries", DeliveryDriver.handOverJson("o-" + UUID.randomUUID()));
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("7");
                assertThat(refused.contentType()).isEqualTo("application/problem+json");
                assertThat(refused.text("type")).isEqualTo("urn:delivery-relay:problem:intake-closed");
                assertThat(refused.text("detail")).contains("stuck-deliveries");
            });
            var gate = operator().get("/admin/intake-gate").json();
            assertThat(gate.path("decision").asString()).isEqualTo("CLOSED");
            assertThat(gate.path("closingAlarms").get(0).path("id").asString()).isEqualTo("stuck-deliveries");
            String metrics = orders().anonymous().get("/actuator/prometheus").body();
            assertThat(metrics).contains("analytics_alarm_active{alarm=\"stuck-deliveries\",severity=\"critical\"} 1.0")
                    .contains("intake_gate_state{state=\"closed\"} 1.0");
            assertThat(metrics).containsPattern("analytics_stuck_deliveries\\{status=\"CREATED\"} [3-9]\\.0");
            awaitAlarmEvent("stuck-deliveries", AlarmEvent.Kind.RAISED);

            // progress of what was handed over goes on
            driver.step(existing, "assign-rider");
            driver.step(existing, "request-pickup-ready");
            driver.step(existing, "mark-picked-up");
            driver.step(existing, "mark-delivered");
            stuck.forEach(life -> feed.send(life.cancelled(Instant.now())));

            await().atMost(SETTLE).untilAsserted(() -> assertThat(orders().post("/deliveries",
                    DeliveryDriver.handOverJson("o-" + UUID.randomUUID())).status()).isEqualTo(201));
            awaitAlarmEvent("stuck-deliveries", AlarmEvent.Kind.CLEARED);
        }
    }

    @Test
    void operatorsForceTheGateClosedForAWhileAndHandItBack() {
        awaitGateFollowsAlarms();
        String close = """
                {"mode":"CLOSED","duration":"PT10M","reason":"payment provider down"}""";
        assertThat(viewer().put("/admin/intake-gate", close).status()).as("viewers only look").isEqualTo(403);
        assertThat(operator().put("/admin/intake-gate", """
                {"mode":"CLOSED","duration":"PT48H","reason":"too long"}""").status()).isEqualTo(400);
        assertThat(operator().put("/admin/intake-gate", """
                {"mode":"SHUT","duration":"PT1M","reason":"no such mode"}""").status()).isEqualTo(400);

        Reply forced = operator().put("/admin/intake-gate", close);
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        assertThat(forced.text("decision")).isEqualTo("CLOSED");
        await().atMost(SETTLE).untilAsserted(() -> {
            Reply refused = orders().post("/deliveries", DeliveryDriver.handOverJson("o-" + UUID.randomUUID()));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.text("detail")).contains("forced closed by ops", "payment provider down");
        });
        assertThat(viewer().get("/admin/intake-gate").json().path("override").path("by").asString()).isEqualTo("ops");

        assertThat(operator().delete("/admin/intake-gate?reason=provider%20back").status()).isEqualTo(200);
        await().atMost(SETTLE).untilAsserted(() -> assertThat(orders().post("/deliveries",
                DeliveryDriver.handOverJson("o-" + UUID.randomUUID())).status()).isEqualTo(201));

        List<String> audit = new ArrayList<>();
        try (var consumer = consumer()) {
            consumer.subscribe(List.of(LiveStatusTopology.GATE_OVERRIDES_TOPIC));
            await().atMost(SETTLE).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> audit.add(record.value()));
                assertThat(audit).anySatisfy(json -> assertThat(json).contains("\"mode\":\"CLOSED\"",
                        "\"by\":\"ops\"", "payment provider down"));
                assertThat(audit).anySatisfy(json -> assertThat(json).contains("\"mode\":\"AUTO\"",
                        "provider back"));
            });
        }
    }

    /**
     * The counts equal the database's in-progress deliveries per status:
     * <pre>
     * SELECT status, COUNT(*) FROM delivery
     *  WHERE status IN ('CREATED', 'RIDER_ASSIGNED', 'PICKUP_READY_REQUESTED', 'PICKED_UP')
     *    AND updated_at >= NOW(6) - INTERVAL :expiry SECOND
     *  GROUP BY status
     * </pre>
     * A delivery idle longer than the integrated step's expiry is EXPIRED in analytics (a final record) while the
     * database still shows its last status: the comparison leaves those out, and this test drives all of its
     * deliveries well within that time. Deliveries are driven over HTTP only.
     */
    @Test
    void countsAgreeWithTheDatabaseOnceTheStreamHasCaughtUp() throws Exception {
        // these deliveries stay in progress longer than this class's stuck limit (3 s): an operator holds the
        // intake open meanwhile, as one would while knowingly running such a batch
        Reply held = operator().put("/admin/intake-gate", """
                {"mode":"OPEN","duration":"PT5M","reason":"counting test"}""");
        assertThat(held.status()).as(held.body()).isEqualTo(200);
        await().atMost(SETTLE).untilAsserted(() ->
                assertThat(operator().get("/admin/intake-gate").text("decision")).isEqualTo("OPEN"));
        try {
            compareCountsWithTheDatabase();
        } finally {
            operator().delete("/admin/intake-gate?reason=counting%20done");
        }
    }

    void compareCountsWithTheDatabase() throws Exception {
        DeliveryDriver driver = new DeliveryDriver(orders());
        String[][] lives = { {}, {}, { "assign-rider" }, { "request-pickup-ready" },
                { "assign-rider", "request-pickup-ready", "mark-picked-up" },
                { "assign-rider", "mark-picked-up" }, { "assign-rider", "mark-picked-up", "mark-delivered" },
                { "cancel" }, { "assign-rider", "cancel" } };
        for (int round = 0; round < 3; round++) {
            for (String[] steps : lives) {
                String id = driver.create();
                for (String step : steps) {
                    driver.step(id, step);
                }
            }
        }
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(counts(viewer()))
                .isEqualTo(databaseCounts(Duration.ofHours(1))));
    }

    Map<String, Long> databaseCounts(Duration expiry) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String status : List.of("CREATED", "RIDER_ASSIGNED", "PICKUP_READY_REQUESTED", "PICKED_UP")) {
            counts.put(status, 0L);
        }
        jdbc.query("""
                SELECT status, COUNT(*) FROM delivery
                 WHERE status IN ('CREATED', 'RIDER_ASSIGNED', 'PICKUP_READY_REQUESTED', 'PICKED_UP')
                   AND updated_at >= NOW(6) - INTERVAL ? SECOND
                 GROUP BY status""", row -> {
            counts.put(row.getString(1), row.getLong(2));
        }, expiry.toSeconds());
        return counts;
    }

    @Test
    void everyGrafanaPanelQueriesMetricsThatTheServiceExports() throws Exception {
        // a delivery through its life, so that the relay's, the routing's and the analytics' meters exist
        new DeliveryDriver(orders()).wholeLives(1, 1);
        await().atMost(SETTLE).untilAsserted(() -> {
            String scrape = orders().anonymous().get("/actuator/prometheus").body();
            assertThat(GrafanaDashboard.load().metricNames()).allSatisfy(metric -> assertThat(scrape)
                    .as("metric %s of the Grafana dashboard", metric).containsPattern("(?m)^" + metric + "[{ ]"));
        });
    }

    static void awaitAlarmEvent(String alarmId, AlarmEvent.Kind kind) {
        List<AlarmEvent> events = new ArrayList<>();
        try (var consumer = consumer()) {
            consumer.subscribe(List.of(LiveStatusTopology.ALARMS_TOPIC));
            await().atMost(SETTLE).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> events.add(
                        JsonSerde.JSON.readValue(record.value(), AlarmEvent.class)));
                assertThat(events).anySatisfy(event -> {
                    assertThat(event.alarmId()).isEqualTo(alarmId);
                    assertThat(event.kind()).isEqualTo(kind);
                });
            });
        }
    }

    static KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "live-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
    }
}
