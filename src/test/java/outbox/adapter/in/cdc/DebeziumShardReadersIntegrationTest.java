package outbox.adapter.in.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
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
import platform.logging.KnownNoiseFilterInstaller;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shard readers against the real database and broker, through the production adapter: shards released while
 * their readers are still starting or taking their first snapshot (no stored offset, as on a first start or after a
 * purged binlog) stop before the report of a slow stop is due ({@link DebeziumShardReaders#SLOW_STOP}), and leave
 * no thread named after them behind (Debezium's engine leaves its task threads unnamed), so the hand-over to another
 * instance does not wait on them. Engine failures are seen only until the release: a reader told to stop reports
 * none. Each round gives the
 * readers a fresh offset topic, so each takes its snapshot again, and releases them a little later than the round
 * before; the last round lets them relay everything first, which shows that the engines do read the tables.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DebeziumShardReadersIntegrationTest {

    /** tables of their own, which the application's readers do not read, filled so that a snapshot takes a while */
    static final OutboxTopic TOPIC = new OutboxTopic("readers.test", "readers_test_" + UUID.randomUUID().toString()
            .substring(0, 8), 8);
    static final int ROWS_PER_SHARD = 5_000;
    static final int EARLY_ROUNDS = 8;
    static final String LOCK_HEARTBEAT = "-lock-heartbeat";

    @BeforeAll
    static void tables() throws Exception {
        KnownNoiseFilterInstaller.install();
        var mariaDb = TestServers.get().mariaDb();
        Flyway.configure().dataSource(mariaDb.jdbcUrl(), EmbeddedMariaDb.APP_USER, mariaDb.appPassword())
                .locations("classpath:db/migration").load().migrate();
        try (var connection = DriverManager.getConnection(mariaDb.jdbcUrl(), EmbeddedMariaDb.APP_USER,
                mariaDb.appPassword()); var statement = connection.createStatement()) {
            for (int index = 0; index < TOPIC.shardCount(); index++) {
                String table = TOPIC.table(index);
                statement.execute("create table " + table + " like outbox_delivery_0");
                statement.execute("insert into " + table + " (event_id, aggregate_type, aggregate_id, event_type,"
                        + " sequence, occurred_at, payload, headers) select uuid(), 'Delivery', concat('d-', seq),"
                        + " 'DeliveryCreated', 1, now(6), '{\"a\":1}', '{}' from seq_1_to_" + ROWS_PER_SHARD);
            }
        }
    }

    @Test
    void shardsReleasedWhileTheirReadersStartOrTakeTheirFirstSnapshotStopPromptlyAndLeaveNoThread() throws Exception {
        List<String> rounds = new ArrayList<>();
        for (int round = 0; round <= EARLY_ROUNDS; round++) {
            boolean last = round == EARLY_ROUNDS;
            CountingRelay relay = new CountingRelay();
            DebeziumShardReaders readers = readers(round, relay);
            try {
                List<OutboxShard> shards = new ArrayList<>();
                for (int index = 0; index < TOPIC.shardCount(); index++) {
                    OutboxShard shard = new OutboxShard(TOPIC, index);
                    shards.add(shard);
                    readers.on(new ShardAcquired(shard));
                }
                if (last) {
                    await().atMost(Duration.ofMinutes(3))
                            .until(() -> shards.stream().allMatch(shard -> relay.relayed(shard) >= ROWS_PER_SHARD));
                } else {
                    Thread.sleep(500L * round);
                }
                // released in parallel, each on a virtual thread, as OutboxRelay.released does
                List<AtomicLong> stopMillis = shards.stream().map(shard -> new AtomicLong(-1)).toList();
                List<Throwable> stopFailures = new CopyOnWriteArrayList<>();
                List<Thread> stops = new ArrayList<>();
                for (int index = 0; index < shards.size(); index++) {
                    OutboxShard shard = shards.get(index);
                    AtomicLong took = stopMillis.get(index);
                    stops.add(Thread.ofVirtual().start(() -> {
                        long start = System.nanoTime();
                        try {
                            readers.on(new ShardReleased(shard));
                            took.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                        } catch (RuntimeException | Error e) {
                            stopFailures.add(e);
                        }
                    }));
                }
                for (Thread stop : stops) {
                    stop.join();
                }
                List<Long> millis = stopMillis.stream().map(AtomicLong::get).toList();
                List<Long> relayed = shards.stream().map(relay::relayed).toList();
                long heartbeats = threadsNamedAfterTheReaders().stream().filter(name -> name.endsWith(LOCK_HEARTBEAT))
                        .count();
                rounds.add(("round %d (released %s): stops took %s ms, rows relayed %s, snapshot lock heartbeats"
                        + " left behind so far %d").formatted(round,
                        last ? "after all rows" : "after " + 500 * round + " ms", millis, relayed, heartbeats));
                System.out.println(rounds.getLast());

                assertThat(stopFailures).as("round %d: stops that threw", round).isEmpty();
                assertThat(millis).as("round %d: every stop returned, before the report of a slow stop", round)
                        .allMatch(took -> took >= 0 && took < DebeziumShardReaders.SLOW_STOP.toMillis());
                // a stopped Kafka client's or executor's thread may take a moment to end after its close returned
                int finalRound = round;
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(readerThreads())
                        .as("round %d: threads of readers whose shards were released", finalRound).isEmpty());
                assertThat(relay.failures).as("round %d: engines that failed", round).isEmpty();
                if (last) {
                    assertThat(relayed).as("every row of every table, relayed once").containsOnly((long) ROWS_PER_SHARD);
                }
            } finally {
                readers.destroy();
            }
        }
        System.out.println(String.join("\n", rounds));
    }

    /**
     * The readers' own threads and every thread Debezium named after one of them, except its snapshot's lock
     * heartbeat: Debezium 3.5 stops that one only when the snapshot releases its lock, never when the snapshot is
     * interrupted while it holds it ({@code BinlogSnapshotChangeEventSource.stopLockHeartbeat}), so each reader
     * stopped then leaves it behind (README, "The relay"); counted apart.
     */
    private static List<String> readerThreads() {
        return threadsNamedAfterTheReaders().stream().filter(name -> !name.endsWith(LOCK_HEARTBEAT)).toList();
    }

    private static List<String> threadsNamedAfterTheReaders() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(TOPIC.tablePrefix())).toList();
    }

    private static DebeziumShardReaders readers(int round, RelayOutboxUseCase relay) {
        TestServers servers = TestServers.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        CdcProperties cdc = new CdcProperties(CdcProperties.Connector.MARIADB, null, null, null,
                EmbeddedMariaDb.CDC_USER, servers.mariaDb().cdcPassword(), 284_000 + 10L * round, "when_needed",
                "relay.test-offsets-" + run, "relay.test-schema-history-" + run + ".", Duration.ofSeconds(1),
                Duration.ofMillis(100), 2048, 8192, Duration.ofSeconds(10), Duration.ofSeconds(2), Map.of());
        RelayKafkaProperties kafka = new RelayKafkaProperties(1, (short) 1, 1, "relay-test", Duration.ofSeconds(10),
                new RelayKafkaProperties.LagMonitor(false, Duration.ofSeconds(30)));
        RelayProperties properties = new RelayProperties(true, Duration.ofMillis(100), Duration.ofSeconds(10), 5,
                Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(30), 5000, true);
        DataSourceProperties datasource = new DataSourceProperties();
        datasource.setUrl(servers.mariaDb().jdbcUrl());
        KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", servers.kafka().bootstrapServers()));
        return new DebeziumShardReaders(relay, cdc, kafka, properties, admin, JsonMapper.builder().build(),
                () -> List.of(TOPIC), datasource);
    }

    /** Takes every batch as relayed, as the relay does once Kafka acknowledged it, and counts the rows per shard. */
    static final class CountingRelay implements RelayOutboxUseCase {
        final Map<String, LongAdder> rows = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        long relayed(OutboxShard shard) {
            LongAdder count = rows.get(shard.table());
            return count == null ? 0 : count.sum();
        }

        @Override
        public void relay(OutboxShard shard, List<OutboxRecord> batch) {
            rows.computeIfAbsent(shard.table(), table -> new LongAdder()).add(batch.size());
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
            failures.add(shard + ": " + error);
        }
    }
}
