package parcels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import outbox.EventEnvelope;
import outbox.application.port.in.RelayStatusQuery;
import platform.DeliveryEventsProbe;
import platform.DeliveryEventsProbe.Event;
import platform.RelayIntegrationTest;
import platform.RelayReady;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A second event stream needs no change in the outbox: an event type of another module (here a test-only one),
 * its topic registered with its own shard tables by a migration (a test-only Flyway location), and the real
 * relay carries it to Kafka keyed by its evaluated key, next to the delivery stream.
 */
@RelayIntegrationTest
@TestPropertySource(properties = "spring.flyway.locations=classpath:db/migration,classpath:db/second-stream")
class SecondEventStreamIntegrationTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RelayStatusQuery relay;

    @Autowired
    DSLContext sql;

    @Autowired
    JsonMapper json;

    DeliveryEventsProbe parcels;

    @BeforeEach
    void setUp() {
        parcels = RelayReady.probeOnceRelaying(relay, ParcelScanned.TOPIC);
    }

    @AfterEach
    void tearDown() {
        parcels.close();
    }

    @Test
    void theRelayCarriesTheNewStreamToItsTopicKeyedByTheEvaluatedKey() {
        assertThat(relay.shardStatuses()).extracting(status -> status.shard().table())
                .contains("outbox_parcel_0", "outbox_parcel_1", "outbox_delivery_0");
        List<ParcelScanned> scans = List.of(scan("ICN", "P-1", 1), scan("ICN", "P-1", 2), scan("GMP", "P-7", 1),
                scan("ICN", "P-1", 3));
        for (ParcelScanned scan : scans) {
            transactions.executeWithoutResult(tx -> events.publishEvent(scan));
        }

        List<Event> received = parcels.awaitCount(Duration.ofSeconds(30), scans.size());

        assertThat(received).extracting(Event::key).containsExactlyInAnyOrder("ICN/P-1", "ICN/P-1", "ICN/P-1",
                "GMP/P-7");
        assertThat(parcels.byDelivery().get("ICN/P-1")).extracting(Event::sequence).containsExactly(1L, 2L, 3L);
        Event first = parcels.byDelivery().get("ICN/P-1").getFirst();
        assertThat(first.headers())
                .containsEntry(EventEnvelope.EVENT_ID, scans.getFirst().eventId().toString())
                .containsEntry(EventEnvelope.EVENT_TYPE, "ParcelScanned")
                .containsEntry(EventEnvelope.AGGREGATE_TYPE, "parcel")
                .containsEntry(EventEnvelope.SCHEMA_VERSION, "1")
                .containsEntry(EventEnvelope.OCCURRED_AT, scans.getFirst().occurredAt().toString());
        JsonNode payload = json.readTree(first.value());
        assertThat(payload.path(EventEnvelope.EVENT_TYPE).asString()).isEqualTo("ParcelScanned");
        assertThat(payload.path(EventEnvelope.SCHEMA_VERSION).asInt()).isEqualTo(1);
        assertThat(payload.path("parcelId").asString()).isEqualTo("P-1");
        assertThat(payload.path("scanner").asString()).isEqualTo("gate-3");
        // each key's events wait in the shard its evaluated key hashes to, in their own tables
        assertThat(sql.fetchCount(sql.selectFrom("outbox_parcel_" + shardOf("ICN/P-1", 2))
                .where("aggregate_id = 'ICN/P-1'"))).isEqualTo(3);
        assertThat(parcels.drain(Duration.ofSeconds(2))).hasSize(scans.size());
    }

    @Test
    void anEventPublishedOutsideATransactionIsRefusedNotWritten() {
        ParcelScanned loose = scan("ICN", "P-9", 1);

        assertThatThrownBy(() -> events.publishEvent(loose)).isInstanceOf(IllegalTransactionStateException.class);
        assertThat(sql.fetchCount(sql.selectFrom("outbox_parcel_" + shardOf("ICN/P-9", 2))
                .where("aggregate_id = 'ICN/P-9'"))).isZero();
    }

    private static ParcelScanned scan(String depot, String parcel, long sequence) {
        return new ParcelScanned(UUID.randomUUID(), depot, parcel, sequence,
                Instant.now().truncatedTo(ChronoUnit.MICROS), "gate-3");
    }

    /** The documented rule, computed independently of the outbox's code. */
    private static int shardOf(String key, int shards) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}
