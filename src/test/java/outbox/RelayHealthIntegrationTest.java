package outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import delivery.DeliveryRelayApplication;
import outbox.application.port.in.RelayStatusQuery;
import outbox.domain.ShardState;
import platform.DeliveryEventsProbe;
import platform.HttpApi;
import platform.OutboxRows;
import platform.RelayHealthGroup;
import platform.RelayIntegrationTest;
import platform.TestServers;
import platform.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * What the health endpoints say when the relay stalls, a reader loses the database, or the broker goes away:
 * {@code /actuator/health/relay} judges each shard, {@code /actuator/health/readiness} only says whether writes are
 * possible. The connection settings of the readers come from the datasource URL here ({@link TestServers} sets
 * only the CDC user).
 */
@RelayIntegrationTest
@TestPropertySource(properties = {
        "relay.outbox.max-waiting-age=3s",
        "relay.outbox.backlog-check-interval=500ms",
        // failures in a row alone must not make the stalled shard DOWN here: the age has to
        "relay.outbox.down-after-attempts=100000",
        "relay.outbox.max-backoff=1s",
        "relay.kafka.send-timeout=3s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class RelayHealthIntegrationTest {

    static final int SHARDS = OutboxRows.SHARDS;
    static final Pattern OLDEST_WAITING = Pattern.compile(
            "relay_rows_oldest_waiting_age_seconds\\{shard=\"outbox_delivery_(\\d)\",topic=\"delivery.events\"} (\\S+)");

    @LocalServerPort
    int port;

    @Autowired
    DSLContext sql;

    @Autowired
    RelayStatusQuery relay;

    HttpApi api;
    HttpApi viewer;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port).anonymous();
        viewer = new HttpApi(port).as(TestUsers.VIEWER);
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.shardStatuses().stream()
                .allMatch(s -> s.state() == ShardState.RUNNING));
        await().atMost(Duration.ofSeconds(60)).until(() -> viewer.get("/actuator/health/relay").status() == 200);
        // UP allows a reader its first connection after the shard was acquired: wait until each one has it
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, String> readers = RelayHealthGroup.readers(viewer.get("/actuator/health/relay"));
            return readers.size() == SHARDS && readers.values().stream().allMatch("CONNECTED"::equals);
        });
    }

    @Test
    @Order(1)
    void eachShardRelayedHereIsUpWithAConnectedReaderAndReadinessIsTheDatabaseOnly() {
        HttpApi.Reply relayGroup = viewer.get("/actuator/health/relay");
        JsonNode shards = relayGroup.json().path("components").path("outboxRelay").path("components");
        assertThat(relayGroup.json().path("components").propertyNames()).containsExactly("outboxRelay");
        for (int shard = 0; shard < SHARDS; shard++) {
            JsonNode details = shards.path("outbox_delivery_" + shard).path("details");
            assertThat(details.path("relayedHere").asBoolean()).isTrue();
            assertThat(details.path("reader").asString()).isEqualTo("CONNECTED");
        }

        HttpApi.Reply readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
        // anonymous callers (the load balancer) get the status only; the components are for operators and viewers
        assertThat(viewer.get("/actuator/health/readiness").json().path("components").propertyNames())
                .containsExactlyInAnyOrder("db", "readinessState");
    }

    @Test
    @Order(2)
    void aShardWhoseOldestRowWaitsLongerThanTheLimitIsDownInTheRelayGroupWhileReadinessStaysUp() throws Exception {
        int stuck = 5;
        try (Admin admin = admin()) {
            setMaxMessageBytes(admin, "50000");
            try {
                // a row the broker refuses (too large for the topic): the shard retries it, in order, and waits
                sql.execute("insert into outbox_delivery_" + stuck + " (event_id, aggregate_type, aggregate_id,"
                        + " event_type, sequence, occurred_at, payload, headers) values (?, 'delivery', ?, 'Oversized',"
                        + " 1, now(6), ?, '{}')", UUID.randomUUID().toString(), "oversized-" + UUID.randomUUID(),
                        "{\"padding\":\"" + "x".repeat(100_000) + "\"}");

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    HttpApi.Reply relayGroup = viewer.get("/actuator/health/relay");
                    assertThat(relayGroup.status()).isEqualTo(503);
                    JsonNode shards = relayGroup.json().path("components").path("outboxRelay").path("components");
                    JsonNode down = shards.path("outbox_delivery_" + stuck);
                    assertThat(down.path("status").asString()).isEqualTo("DOWN");
                    assertThat(down.path("details").path("problems").toString())
                            .contains("the oldest waiting row is").contains("limit 3.0 s")
                            .doesNotContain("attempts failed").doesNotContain("binlog reader");
                    assertThat(down.path("details").path("reader").asString()).isEqualTo("CONNECTED");
                    for (int shard = 0; shard < SHARDS; shard++) {
                        if (shard != stuck) {
                            assertThat(shards.path("outbox_delivery_" + shard).path("status").asString())
                                    .as("shard %d", shard).isEqualTo("UP");
                        }
                    }
                });
                assertThat(oldestWaitingSeconds(stuck)).isGreaterThan(3.0);
                assertThat(oldestWaitingSeconds(stuck == 0 ? 1 : 0)).isZero();

                HttpApi.Reply readiness = api.get("/actuator/health/readiness");
                assertThat(readiness.status()).isEqualTo(200);
                assertThat(readiness.text("status")).isEqualTo("UP");
            } finally {
                setMaxMessageBytes(admin, "2000000");
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(viewer.get("/actuator/health/relay/outboxRelay/outbox_delivery_" + stuck).status()).isEqualTo(200);
            assertThat(oldestWaitingSeconds(stuck)).isLessThan(3.0);
        });
    }

    @Test
    @Order(3)
    void aReaderThatLostTheDatabaseIsDownUntilItIsBack() {
        TestServers.get().stopMariaDb();
        long restartedAt;
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpApi.Reply relayGroup = viewer.get("/actuator/health/relay");
                assertThat(relayGroup.status()).isEqualTo(503);
                JsonNode shards = relayGroup.json().path("components").path("outboxRelay").path("components");
                for (int shard = 0; shard < SHARDS; shard++) {
                    assertThat(shards.path("outbox_delivery_" + shard).path("details").path("problems").toString())
                            .as("shard %d", shard).contains("binlog reader is not");
                }
            });
        } finally {
            TestServers.get().startMariaDb();
            restartedAt = System.nanoTime();
        }
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            HttpApi.Reply relayGroup = viewer.get("/actuator/health/relay");
            assertThat(relayGroup.status()).isEqualTo(200);
            JsonNode shards = relayGroup.json().path("components").path("outboxRelay").path("components");
            for (int shard = 0; shard < SHARDS; shard++) {
                assertThat(shards.path("outbox_delivery_" + shard).path("details").path("reader").asString())
                        .as("shard %d", shard).isEqualTo("CONNECTED");
            }
        });
        // a measurement for the README, not an assertion
        System.out.printf("[measured] all readers connected and the relay group UP %d ms after the database was back%n",
                (System.nanoTime() - restartedAt) / 1_000_000);
    }

    @Test
    @Order(4)
    void withTheBrokerAwayReadinessStaysUpAndFullHealthShowsTheBrokerDown() {
        TestServers.get().stopKafka();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpApi.Reply health = viewer.get("/actuator/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().path("components").path("kafka").path("status").asString()).isEqualTo("DOWN");
            });
            List<Long> fullMillis = new ArrayList<>();
            List<Long> readinessMillis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                HttpApi.Reply health = viewer.get("/actuator/health");
                fullMillis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(health.json().path("components").path("kafka").path("status").asString()).isEqualTo("DOWN");
                assertThat(health.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
                assertThat(health.json().path("components").path("bus").path("status").asString())
                        .as("the bus listener keeps running while the broker is away").isEqualTo("UP");

                start = System.nanoTime();
                HttpApi.Reply readiness = api.get("/actuator/health/readiness");
                readinessMillis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(readiness.status()).isEqualTo(200);
                assertThat(readiness.text("status")).isEqualTo("UP");
                assertThat(viewer.get("/actuator/health/readiness").json().path("components").propertyNames())
                        .containsExactlyInAnyOrder("db", "readinessState");
            }
            System.out.printf("[measured] broker down: /actuator/health %s ms, /actuator/health/readiness %s ms%n",
                    fullMillis, readinessMillis);
            System.out.println("[measured] full health with the broker down: " + viewer.get("/actuator/health").body());
        } finally {
            TestServers.get().startKafka();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(
                viewer.get("/actuator/health").json().path("components").path("kafka").path("status").asString()));
    }

    @Test
    @Order(5)
    void theProdProfileWithoutTheBinlogReadersPasswordRefusesToStartAndSaysWhatToDo(CapturedOutput output) {
        Map<String, Object> settings = new LinkedHashMap<>(TestServers.get().applicationProperties());
        // the prod profile's relay.cdc.password=${RELAY_CDC_PASSWORD:} then stays empty
        settings.remove("relay.cdc.password");
        settings.put("server.port", "0");
        settings.put("spring.profiles.active", "prod");
        String[] arguments = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(DeliveryRelayApplication.class).run(arguments))
                .hasStackTraceContaining("relay.cdc.password is not set");
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("The binlog readers have no password for database user 'relay_cdc'")
                .contains("Set relay.cdc.username and relay.cdc.password (e.g. RELAY_CDC_USERNAME and RELAY_CDC_PASSWORD)");
    }

    private double oldestWaitingSeconds(int shard) {
        Matcher gauge = OLDEST_WAITING.matcher(api.get("/actuator/prometheus").body());
        while (gauge.find()) {
            if (Integer.parseInt(gauge.group(1)) == shard) {
                return Double.parseDouble(gauge.group(2));
            }
        }
        throw new AssertionError("no relay_rows_oldest_waiting_age_seconds gauge for shard " + shard);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestServers.get().kafka().bootstrapServers()));
    }

    private static void setMaxMessageBytes(Admin admin, String bytes) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, DeliveryEventsProbe.TOPIC);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, bytes), AlterConfigOp.OpType.SET))))
                .all().get();
    }
}
