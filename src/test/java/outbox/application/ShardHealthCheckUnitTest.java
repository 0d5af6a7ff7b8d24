package outbox.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import outbox.application.port.in.RelayStatusQuery;
import outbox.application.port.out.MeasureOutboxBacklogPort;
import outbox.domain.OutboxShard;
import outbox.domain.OutboxTopic;
import outbox.domain.ReaderConnection;
import outbox.domain.ShardHealth;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

class ShardHealthCheckUnitTest {

    static final OutboxTopic TOPIC = new OutboxTopic("delivery.events", "outbox_delivery", 2);
    static final OutboxShard SHARD_0 = new OutboxShard(TOPIC, 0);
    static final OutboxShard SHARD_1 = new OutboxShard(TOPIC, 1);
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    final Map<OutboxShard, ShardStatus> statuses = new HashMap<>(Map.of(
            SHARD_0, new ShardStatus(SHARD_0, ShardState.RUNNING, 0, null, null, 120, 20, NOW.minusSeconds(300)),
            SHARD_1, new ShardStatus(SHARD_1, ShardState.NOT_OWNED, 0, null, null, -1, 0, null)));
    final Map<OutboxShard, ReaderConnection> connections = new HashMap<>(Map.of(
            SHARD_0, ReaderConnection.CONNECTED, SHARD_1, ReaderConnection.ABSENT));
    final FakeTables tables = new FakeTables();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ShardHealthCheck check = new ShardHealthCheck(new FakeRelay(), connections::get, tables,
            new RelayProperties(true, Duration.ofMillis(100), Duration.ofSeconds(10), 5, Duration.ofSeconds(60),
                    Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(30), 5000, true),
            Clock.fixed(NOW, ZoneOffset.UTC), meters);

    @Test
    void anOwnedShardIsMeasuredPastItsLastAcknowledgedRowAndNotOwnedOnesNotAtAll() {
        tables.ages.put(SHARD_0, Duration.ofSeconds(75));

        check.measureBacklog();

        assertThat(tables.asked).containsExactly(new Asked(SHARD_0, 120, null));
        ShardHealth shard0 = health(SHARD_0);
        assertThat(shard0.fine()).isFalse();
        assertThat(shard0.problems()).containsExactly("the oldest waiting row is 75.0 s old (limit 60.0 s)");
        assertThat(health(SHARD_1).fine()).isTrue();
        assertThat(health(SHARD_1).backlog()).isNull();
    }

    @Test
    void beforeItsFirstAcknowledgementOnlyRowsCreatedSinceTheShardWasAcquiredCount() {
        statuses.put(SHARD_0, new ShardStatus(SHARD_0, ShardState.RUNNING, 0, null, null, -1, 0, NOW.minusSeconds(42)));

        check.measureBacklog();

        assertThat(tables.asked).containsExactly(new Asked(SHARD_0, -1, Duration.ofSeconds(42)));
    }

    @Test
    void theGaugeShowsTheLastMeasurementAndZeroWhenNothingWaits() {
        tables.ages.put(SHARD_0, Duration.ofMillis(2_500));
        check.measureBacklog();

        assertThat(gauge(SHARD_0)).isEqualTo(2.5);
        assertThat(gauge(SHARD_1)).isZero();

        tables.ages.remove(SHARD_0);
        check.measureBacklog();
        assertThat(gauge(SHARD_0)).isZero();
    }

    @Test
    void aFailedMeasurementIsReportedAndTheNextOneRecovers() {
        tables.failure = new IllegalStateException("database away");
        check.measureBacklog();

        assertThat(health(SHARD_0).backlog()).isNotNull();
        assertThat(health(SHARD_0).backlog().failure()).contains("database away");

        tables.failure = null;
        tables.ages.put(SHARD_0, Duration.ofSeconds(1));
        check.measureBacklog();
        assertThat(health(SHARD_0).backlog().failure()).isNull();
        assertThat(health(SHARD_0).backlog().oldestWaitingAge()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aDisconnectedReaderOfAnOwnedShardMakesItUnfit() {
        connections.put(SHARD_0, ReaderConnection.DISCONNECTED);

        assertThat(health(SHARD_0).problems()).containsExactly("the binlog reader is not connected to the database");
    }

    @Test
    void aReaderIsGivenTimeForItsFirstConnectionAfterEachAcquisitionButNotAfterItHasConnected() {
        statuses.put(SHARD_0, new ShardStatus(SHARD_0, ShardState.RUNNING, 0, null, null, -1, 0, NOW.minusSeconds(3)));
        connections.put(SHARD_0, ReaderConnection.ABSENT);
        assertThat(health(SHARD_0).fine()).as("Debezium polls before it connects").isTrue();

        connections.put(SHARD_0, ReaderConnection.CONNECTED);
        check.measureBacklog(); // the scheduled round notices the connection too, without a health request
        connections.put(SHARD_0, ReaderConnection.DISCONNECTED);
        assertThat(health(SHARD_0).problems()).containsExactly("the binlog reader is not connected to the database");

        // acquired again (after losing it to another instance): a new reader, a new first connection
        statuses.put(SHARD_0, new ShardStatus(SHARD_0, ShardState.RUNNING, 0, null, null, -1, 0, NOW.minusSeconds(1)));
        connections.put(SHARD_0, ReaderConnection.ABSENT);
        assertThat(health(SHARD_0).fine()).isTrue();
    }

    @Test
    void releasingTheShardForgetsItsMeasurement() {
        tables.ages.put(SHARD_0, Duration.ofSeconds(75));
        check.measureBacklog();
        statuses.put(SHARD_0, new ShardStatus(SHARD_0, ShardState.NOT_OWNED, 0, null, null, 120, 20, null));

        check.measureBacklog();

        assertThat(health(SHARD_0).fine()).isTrue();
        assertThat(gauge(SHARD_0)).isZero();
    }

    private ShardHealth health(OutboxShard shard) {
        return check.shardHealth().stream().filter(h -> h.status().shard().equals(shard)).findFirst().orElseThrow();
    }

    private double gauge(OutboxShard shard) {
        return meters.get("relay.rows.oldest.waiting.age").tag("shard", shard.table()).timeGauge().value();
    }

    record Asked(OutboxShard shard, long afterId, @Nullable Duration createdWithin) {
    }

    static final class FakeTables implements MeasureOutboxBacklogPort {
        final Map<OutboxShard, Duration> ages = new HashMap<>();
        final List<Asked> asked = new ArrayList<>();
        @Nullable RuntimeException failure;

        @Override
        public Optional<Duration> oldestAgeAfter(OutboxShard shard, long afterId, @Nullable Duration createdWithin) {
            asked.add(new Asked(shard, afterId, createdWithin));
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(ages.get(shard));
        }
    }

    final class FakeRelay implements RelayStatusQuery {
        @Override
        public List<ShardStatus> shardStatuses() {
            return List.of(statuses.get(SHARD_0), statuses.get(SHARD_1));
        }

        @Override
        public int downAfterAttempts() {
            return 5;
        }
    }
}
