package outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import outbox.application.port.in.RelayStatusQuery;
import platform.DeliveryDriver;
import platform.DeliveryEventsProbe;
import platform.DeliveryEventsProbe.Event;
import platform.HttpApi;
import platform.TestUsers;
import platform.RelayReady;
import platform.OutboxRows;
import platform.RelayIntegrationTest;
import platform.TestServers;

/** The relay when things go wrong: a shard that cannot send, a broker that goes away, and clean-up. */
@RelayIntegrationTest
@TestPropertySource(properties = {
        "relay.outbox.retention=2s",
        "relay.outbox.cleanup-interval=1s",
        "relay.outbox.down-after-attempts=3",
        "relay.outbox.max-backoff=1s",
        "relay.kafka.send-timeout=3s"})
class RelayFaultsIntegrationTest {

    static final int SHARDS = OutboxRows.SHARDS;

    @LocalServerPort
    int port;

    @Autowired
    DSLContext sql;

    @Autowired
    RelayStatusQuery relay;

    HttpApi api;
    DeliveryDriver deliveries;
    DeliveryEventsProbe probe;

    @BeforeEach
    void setUp() {
        api = new HttpApi(port);
        deliveries = new DeliveryDriver(api);
        probe = RelayReady.probeOnceRelaying(relay);
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void aShardThatCannotSendStallsAloneAndCatchesUpInOrderOnceItCan() throws Exception {
        int stuck = 3;
        String poisonKey = "oversized-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            setMaxMessageBytes(admin, "50000");
            // a row too large for the topic, as an oversized payload would be: the broker refuses it
            sql.execute("insert into outbox_delivery_" + stuck + " (event_id, aggregate_type, aggregate_id,"
                    + " event_type, sequence, occurred_at, payload, headers) values (?, 'delivery', ?, 'Oversized',"
                    + " 1, now(6), ?, '{}')", UUID.randomUUID().toString(), poisonKey,
                    "{\"padding\":\"" + "x".repeat(100_000) + "\"}");

            List<String> ids = createUntilEveryShardHasOne();
            List<String> healthy = ids.stream().filter(id -> shardOf(id) != stuck).toList();
            List<String> behindThePoison = ids.stream().filter(id -> shardOf(id) == stuck).toList();

            List<Event> arrived = probe.awaitUntil(Duration.ofSeconds(60),
                    received -> keys(received).containsAll(healthy));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpApi.Reply health = api.as(TestUsers.VIEWER)
                        .get("/actuator/health/outboxRelay/outbox_delivery_" + stuck);
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().path("status").asString()).isEqualTo("DOWN");
                assertThat(health.json().path("details").path("lastError").asString()).contains("RecordTooLarge");
            });
            assertThat(api.as(TestUsers.VIEWER).get("/actuator/health/outboxRelay/outbox_delivery_" + (stuck + 1)).status())
                    .isEqualTo(200);
            assertThat(keys(probe.drain(Duration.ofSeconds(2)))).doesNotContainAnyElementsOf(behindThePoison)
                    .doesNotContain(poisonKey);

            setMaxMessageBytes(admin, "2000000");

            List<Event> all = probe.awaitUntil(Duration.ofSeconds(60),
                    received -> keys(received).containsAll(behindThePoison) && keys(received).contains(poisonKey));
            List<String> shardOrder = all.stream().filter(e -> e.key().equals(poisonKey) || behindThePoison.contains(e.key()))
                    .map(Event::key).distinct().toList();
            assertThat(shardOrder.getFirst()).as("the stuck row goes first, nothing overtook it").isEqualTo(poisonKey);
            assertThat(keys(arrived)).as("while the shard was stuck: every other shard's deliveries, none of its own")
                    .containsAll(healthy).doesNotContainAnyElementsOf(behindThePoison).doesNotContain(poisonKey);
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.as(TestUsers.VIEWER).get("/actuator/health/outboxRelay/outbox_delivery_" + stuck).status() == 200);
        }
    }

    @Test
    void whileTheBrokerIsDownChangesAreAcceptedAndWaitThenAllArriveInOrder() throws Exception {
        String before = deliveries.create();
        probe.awaitUntil(Duration.ofSeconds(30), received -> keys(received).contains(before));

        TestServers.get().stopKafka();
        List<String> during;
        try {
            during = deliveries.wholeLives(40, 4);
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.shardStatuses().stream()
                    .anyMatch(s -> s.failedAttempts() >= 3));
        } finally {
            TestServers.get().startKafka();
        }

        Set<String> committed = committedEventIds(during);
        List<Event> events = probe.awaitUntil(Duration.ofMinutes(2),
                received -> received.stream().map(Event::eventId).collect(Collectors.toSet()).containsAll(committed));

        assertThat(committed).hasSize(40 * 5);
        assertThat(events).extracting(Event::eventId).containsAll(committed);
        assertThat(probe.outOfSequence()).isEmpty();
        assertThat(probe.byDelivery().get(before)).as("the delivery relayed before the outage, not again after it")
                .extracting(Event::sequence).containsExactly(1L);
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.shardStatuses().stream()
                .allMatch(s -> s.failedAttempts() == 0));
    }

    @Test
    void relayedRowsAreDeletedAfterTheRetentionWithoutProducingEvents() throws Exception {
        List<String> ids = deliveries.wholeLives(50, 4);
        // every whole life is five events; some rows may already be gone by the time they could be counted
        probe.awaitCount(Duration.ofSeconds(60), 50 * 5);

        await().atMost(Duration.ofSeconds(30)).until(() -> committedEventIds(ids).isEmpty());

        List<Event> events = probe.drain(Duration.ofSeconds(3));
        assertThat(events).hasSize(50 * 5);
        assertThat(keys(events)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(probe.duplicatesDropped()).isZero();
        assertThat(probe.outOfSequence()).isEmpty();
    }

    private List<String> createUntilEveryShardHasOne() {
        List<String> ids = new ArrayList<>();
        Set<Integer> shards = new HashSet<>();
        while (shards.size() < SHARDS || ids.size() < 40) {
            String id = deliveries.create();
            ids.add(id);
            shards.add(shardOf(id));
        }
        return ids;
    }

    private static Set<String> keys(List<Event> events) {
        return events.stream().map(Event::key).collect(Collectors.toSet());
    }

    private Set<String> committedEventIds(List<String> deliveryIds) {
        return OutboxRows.eventIds(sql, deliveryIds);
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

    private static int shardOf(String id) {
        return OutboxRows.shardOf(id);
    }
}
