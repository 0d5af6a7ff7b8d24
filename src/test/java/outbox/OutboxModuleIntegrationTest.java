package outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.zip.CRC32;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionOperations;

import delivery.DeliveryEvent;
import delivery.DeliveryEvent.RiderAssigned;
import delivery.DeliveryRelayApplication;
import outbox.application.port.in.RelayStatusQuery;
import outbox.application.port.out.LoadOutboxTopicsPort;
import outbox.domain.OutboxTopic;
import outbox.domain.ShardState;
import platform.ModuleTestSupport;
import platform.TestServersInitializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox module alone, on the shared MariaDB, with the relay switched off ({@code relay.outbox.enabled=false}):
 * an exported event published in a transaction waits in the shard table its evaluated key hashes to, with its
 * envelope; an instance that does not relay owns no shard; and a registry row whose shard table is missing stops
 * the registry's load with a message that says what to do.
 */
@ApplicationModuleTest(classes = DeliveryRelayApplication.class)
@ContextConfiguration(initializers = TestServersInitializer.class)
@TestPropertySource(properties = "relay.outbox.enabled=false")
@Import(ModuleTestSupport.class)
class OutboxModuleIntegrationTest {

    final DSLContext sql;
    final JsonMapper json;
    final RelayStatusQuery relay;
    final ApplicationContext context;
    final LoadOutboxTopicsPort topics;
    final TransactionOperations transactions;

    OutboxModuleIntegrationTest(DSLContext sql, JsonMapper json, RelayStatusQuery relay, ApplicationContext context,
            LoadOutboxTopicsPort topics, TransactionOperations transactions) {
        this.sql = sql;
        this.json = json;
        this.relay = relay;
        this.context = context;
        this.topics = topics;
        this.transactions = transactions;
    }

    @Test
    void anExportedEventWaitsInTheShardOfItsKeyWithItsEnvelope(Scenario scenario) {
        UUID deliveryId = UUID.randomUUID();
        // awkward text and the last microsecond of a second: the append binds its values by hand (JooqOutboxTables)
        String rider = "O'Brien \"7\" back\\slash 100% 김밥 \uD83C\uDF59";
        RiderAssigned event = new RiderAssigned(UUID.randomUUID(), deliveryId, 2,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).plusNanos(999_999_000), rider);
        String table = "outbox_delivery_" + shardOf(deliveryId.toString(), 8);

        scenario.publish(event)
                .andWaitForStateChange(() -> sql.fetchExists(sql.selectFrom(table)
                        .where("event_id = ?", event.eventId().toString())))
                .andVerify(stored -> {
                    assertThat(stored).isTrue();
                    Record row = sql.fetchOne("select * from " + table + " where event_id = ?",
                            event.eventId().toString());
                    assertThat(row).isNotNull();
                    assertThat(row.get("aggregate_id", String.class)).isEqualTo(deliveryId.toString());
                    assertThat(row.get("aggregate_type", String.class)).isEqualTo(DeliveryEvent.AGGREGATE_TYPE);
                    assertThat(row.get("event_type", String.class)).isEqualTo("RiderAssigned");
                    assertThat(row.get("sequence", Long.class)).isEqualTo(2L);
                    assertThat(row.get("occurred_at", LocalDateTime.class))
                            .isEqualTo(LocalDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
                    JsonNode payload = json.readTree(row.get("payload", String.class));
                    assertThat(payload.path("riderId").asString()).isEqualTo(rider);
                    assertThat(payload.path("eventId").asString()).isEqualTo(event.eventId().toString());
                    JsonNode headers = json.readTree(row.get("headers", String.class));
                    assertThat(headers.path(EventEnvelope.SCHEMA_VERSION).asString()).isEqualTo("1");
                    assertThat(headers.path(EventEnvelope.CONTENT_TYPE).asString()).isEqualTo("application/json");
                });
    }

    @Test
    void anInstanceThatDoesNotRelayNeverAsksForShards() {
        // the lease consumer is a SmartLifecycle that the context would have started by now
        assertThat(context.getBean("shardLeases", SmartLifecycle.class).isRunning()).isFalse();
        assertThat(relay.shardStatuses()).isNotEmpty()
                .allSatisfy(status -> assertThat(status.state()).isEqualTo(ShardState.NOT_OWNED));
    }

    @Test
    void aRegistryRowWithoutItsShardTableStopsTheLoadWithWhatToDo() {
        // inside a transaction rolled back, so no other test and no running component ever sees the row
        Throwable refused = transactions.execute(tx -> {
            tx.setRollbackOnly();
            sql.execute("insert into outbox_topic (topic, table_prefix, shard_count) values (?, ?, 1)",
                    "missing.events", "outbox_missing");
            return catchThrowable(topics::loadTopics);
        });

        assertThat(refused).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topic missing.events through table outbox_missing_0")
                .hasMessageContaining("shard tables and their outbox_topic row must come in the same migration");
        assertThat(topics.loadTopics()).extracting(OutboxTopic::topic).doesNotContain("missing.events");
    }

    /** The documented rule, computed independently of the outbox's code. */
    private static int shardOf(String key, int shards) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }
}
