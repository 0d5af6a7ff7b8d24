package outbox.adapter.in.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.kafka.core.KafkaAdmin;

import outbox.application.RelayProperties;
import outbox.application.port.in.RelayOutboxUseCase;
import outbox.domain.OutboxRecord;
import outbox.domain.OutboxShard;
import outbox.domain.OutboxTopic;
import outbox.domain.ShardAcquired;
import outbox.domain.ShardReleased;
import platform.TestServers;
import platform.embedded.EmbeddedMariaDb;
import platform.kafka.RelayKafkaProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shard readers against the real database and broker, through the production adapter: a shard released while
 * its reader is still starting or taking its first snapshot (no stored offset, as on a first start or after a purged
 * binlog) stops, so that the hand-over to another instance does not wait on it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DebeziumShardReadersIntegrationTest {

    /** tables of their own, which the application's readers do not read, filled so that a snapshot takes a while */
    static final OutboxTopic TOPIC = new OutboxTopic("readers.test", "readers_test_" + UUID.randomUUID().toString()
            .substring(0, 8), 8);
    static final int ROWS_PER_SHARD = 5_000;

    @Test
    void shardsReleasedWhileTheirReadersStartAndTakeTheirFirstSnapshotStop() throws Exception {
        var mariaDb = TestServers.get().mariaDb();
        Flyway.configure().dataSource(mariaDb.jdbcUrl(), EmbeddedMariaDb.APP_USER, mariaDb.appPassword())
                .locations("classpath:db/migration").load().migrate();
        try (var connection = java.sql.DriverManager.getConnection(mariaDb.jdbcUrl(), EmbeddedMariaDb.APP_USER,
                mariaDb.appPassword()); var statement = connection.createStatement()) {
            for (int index = 0; index < TOPIC.shardCount(); index++) {
                String table = TOPIC.table(index);
                statement.execute("create table " + table + " like outbox_delivery_0");
                statement.execute("insert into " + table + " (event_id, aggregate_type, aggregate_id, event_type,"
                        + " sequence, occurred_at, payload, headers) select uuid(), 'Delivery', concat('d-', seq),"
                        + " 'DeliveryCreated', 1, now(6), '{\"a\":1}', '{}' from seq_1_to_" + ROWS_PER_SHARD);
            }
        }
        List<String> report = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            DebeziumShardReaders readers = readers(round);
            List<OutboxShard> shards = new ArrayList<>();
            for (int index = 0; index < TOPIC.shardCount(); index++) {
                OutboxShard shard = new OutboxShard(TOPIC, index);
                shards.add(shard);
                readers.on(new ShardAcquired(shard));
            }
            Thread.sleep(500L * round);
            List<CompletableFuture<Long>> stops = shards.stream().map(shard -> CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                readers.on(new ShardReleased(shard));
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            })).toList();
            List<Long> millis = stops.stream().map(CompletableFuture::join).toList();
            report.add("round " + round + ": " + millis);
            System.out.println("round " + round + " released after " + (500 * round) + " ms: stops took " + millis);
            assertThat(readerThreads()).as("round %d: readers still running after their shards were released", round)
                    .isEmpty();
        }
        System.out.println(report);
    }

    private static List<String> readerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("relay-" + TOPIC.tablePrefix())).toList();
    }

    private static DebeziumShardReaders readers(int round) {
        TestServers servers = TestServers.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        CdcProperties cdc = new CdcProperties(CdcProperties.Connector.MARIADB, null, null, null,
                EmbeddedMariaDb.CDC_USER, servers.mariaDb().cdcPassword(), 284_000 + 10L * round, "when_needed",
                "relay.test-offsets-" + run, "relay.test-schema-history-" + run + ".", Duration.ofSeconds(1),
                Duration.ofMillis(100), 2048, 8192, Duration.ofSeconds(10), Duration.ofSeconds(2), Map.of());
        RelayKafkaProperties kafka = new RelayKafkaProperties(1, (short) 1, 1, "relay-test", Duration.ofSeconds(10),
                new RelayKafkaProperties.LagMonitor(false, Duration.ofSeconds(30)));
        RelayProperties relay = new RelayProperties(true, Duration.ofMillis(100), Duration.ofSeconds(10), 5,
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(30), 5000, true);
        DataSourceProperties datasource = new DataSourceProperties();
        datasource.setUrl(servers.mariaDb().jdbcUrl());
        KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", servers.kafka().bootstrapServers()));
        return new DebeziumShardReaders(new AcceptingRelay(), cdc, kafka, relay, admin, JsonMapper.builder().build(),
                () -> List.of(TOPIC), datasource);
    }

    /** Takes every batch as relayed while the shard is owned, as the relay does once Kafka acknowledged it. */
    static final class AcceptingRelay implements RelayOutboxUseCase {
        @Override
        public void relay(OutboxShard shard, List<OutboxRecord> batch) {
        }

        @Override
        public boolean owns(OutboxShard shard) {
            return true;
        }

        @Override
        public void captureRunning(OutboxShard shard) {
        }

        @Override
        public void captureFailed(OutboxShard shard, Throwable error) {
        }
    }
}
