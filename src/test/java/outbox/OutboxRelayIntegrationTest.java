package outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import outbox.application.port.in.RelayStatusQuery;
import outbox.application.port.in.ShardOwnershipUseCase;
import platform.DeliveryDriver;
import platform.DeliveryEventsProbe;
import platform.DeliveryEventsProbe.Event;
import platform.HttpApi;
import platform.RelayReady;
import platform.OutboxRows;
import platform.RelayIntegrationTest;

/**
 * The relay on one instance against a real MariaDB binlog and a real Kafka broker: what arrives, in which order,
 * and what happens when a shard's reader stops in the middle of a stream.
 */
@RelayIntegrationTest
class OutboxRelayIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    DSLContext sql;

    @Autowired
    ShardOwnershipUseCase ownership;

    @Autowired
    RelayStatusQuery relay;

    DeliveryDriver deliveries;
    DeliveryEventsProbe probe;

    @BeforeEach
    void setUp() {
        deliveries = new DeliveryDriver(new HttpApi(port));
        probe = RelayReady.probeOnceRelaying(relay);
    }

    @AfterEach
    void tearDown() {
        probe.close();
    }

    @Test
    void eachChangeArrivesOnceKeyedByDeliveryWithItsHeadersAndPayload() throws Exception {
        String id = deliveries.create();
        deliveries.step(id, "assign-rider");
        deliveries.step(id, "request-pickup-ready");
        deliveries.step(id, "mark-picked-up");
        deliveries.step(id, "mark-delivered");

        List<Event> events = probe.awaitCount(Duration.ofSeconds(30), 5);

        assertThat(events).extracting(Event::key).containsOnly(id);
        assertThat(events).extracting(Event::eventType).containsExactly("DeliveryCreated", "RiderAssigned",
                "PickupReadyRequested", "DeliveryPickedUp", "DeliveryDelivered");
        assertThat(events).extracting(Event::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(events).extracting(Event::partition).containsOnly(events.get(0).partition());
        Event created = events.get(0);
        assertThat(created.headers()).containsOnlyKeys(EventEnvelope.EVENT_ID, EventEnvelope.EVENT_TYPE,
                EventEnvelope.SEQUENCE, EventEnvelope.OCCURRED_AT, EventEnvelope.AGGREGATE_TYPE,
                EventEnvelope.SCHEMA_VERSION, EventEnvelope.CONTENT_TYPE, EventEnvelope.TRACEPARENT);
        assertThat(created.timestamp()).isEqualTo(created.occurredAt().toEpochMilli());
        String stored = sql.fetchValue("select payload from outbox_delivery_" + shardOf(id)
                + " where event_id = ?", created.eventId()).toString();
        assertThat(created.value()).isEqualTo(stored);
        assertThat(probe.drain(Duration.ofSeconds(2))).hasSize(5);

        String shard = "outbox_delivery_" + shardOf(id);
        String metrics = new HttpApi(port).get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("relay_events_relayed_total\\{shard=\"" + shard + "\",topic=\"delivery.events\"} [1-9]")
                .containsPattern("relay_lag_seconds_count\\{shard=\"" + shard + "\",topic=\"delivery.events\"} [1-9]")
                .contains("relay_lag_seconds_max{shard=\"" + shard + "\"")
                .contains("relay_send_failures_total{shard=\"" + shard + "\"")
                .contains("relay_shard_owned{shard=\"" + shard + "\",topic=\"delivery.events\"} 1.0");
    }

    @Test
    void aThousandConcurrentLivesArriveInSequencePerDeliveryWithExactlyTheCommittedEvents() throws Exception {
        List<String> ids = deliveries.wholeLives(1_000, 16);

        Set<String> committed = committedEventIds(ids);
        List<Event> events = probe.awaitUntil(Duration.ofMinutes(2),
                received -> received.stream().map(Event::eventId).collect(Collectors.toSet()).containsAll(committed));

        assertThat(committed).hasSize(5 * 1_000);
        assertThat(events).extracting(Event::eventId).containsExactlyInAnyOrderElementsOf(committed);
        assertThat(probe.outOfSequence()).isEmpty();
        assertThat(probe.byDelivery()).hasSize(1_000).allSatisfy((delivery, lifeEvents) -> assertThat(lifeEvents)
                .extracting(Event::eventType).endsWith("DeliveryPickedUp", "DeliveryDelivered"));
        assertThat(probe.duplicatesDropped()).isZero();
    }

    @Test
    void aReaderStoppedMidStreamResumesFromItsOffsetWithoutLosingAnything() throws Exception {
        var shards = ownership.allShards();
        // every reader past its first snapshot, its position stored, before readers are stopped: one stopped during
        // that snapshot takes it again, under the table locks of Debezium's default snapshot locking, which hold
        // the load's writes back past the client's timeout on a slow machine; this test is about a reader that
        // streams
        Set<Integer> shardsWithADelivery = new HashSet<>();
        while (shardsWithADelivery.size() < shards.size()) {
            shardsWithADelivery.add(shardOf(deliveries.create()));
        }
        await().atMost(Duration.ofSeconds(90))
                .until(() -> relay.shardStatuses().stream().allMatch(status -> status.relayed() > 0));
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // the readers' offsets flush every second
        // the load's failure (a refused request, a timeout) fails this test through get(), not silently its thread
        CompletableFuture<List<String>> load = CompletableFuture.supplyAsync(() -> {
            try {
                return deliveries.wholeLives(300, 8);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, Executors.newSingleThreadExecutor());
        for (int round = 0; round < 3; round++) {
            await().pollDelay(Duration.ofMillis(400)).until(() -> true);
            ownership.released(shards);
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            ownership.acquired(shards);
        }
        List<String> ids = load.get(5, TimeUnit.MINUTES);

        // what the database committed is what must arrive: not only the deliveries the probe happened to see
        Set<String> committed = committedEventIds(ids);
        List<Event> events = probe.awaitUntil(Duration.ofMinutes(2),
                received -> received.stream().map(Event::eventId).collect(Collectors.toSet()).containsAll(committed));

        assertThat(ids).hasSize(300).doesNotHaveDuplicates();
        assertThat(committed).hasSize(300 * 5);
        assertThat(events).extracting(Event::eventId).containsAll(committed);
        assertThat(probe.outOfSequence()).isEmpty();
    }

    private Set<String> committedEventIds(List<String> deliveryIds) {
        return OutboxRows.eventIds(sql, deliveryIds);
    }

    private static int shardOf(String id) {
        return OutboxRows.shardOf(id);
    }

}
