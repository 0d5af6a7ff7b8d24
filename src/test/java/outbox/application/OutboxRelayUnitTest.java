package outbox.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import outbox.application.port.in.OutboxTopicsQuery;
import outbox.application.port.out.AnnounceShardOwnershipPort;
import outbox.application.port.out.PublishRecordsPort;
import outbox.domain.OutboxRecord;
import outbox.domain.OutboxShard;
import outbox.domain.ShardAcquired;
import outbox.domain.ShardReleased;
import outbox.domain.OutboxTopic;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

/** The relay's retry rules with in-memory fakes of Kafka and of the readers that hear its ownership changes. */
class OutboxRelayUnitTest {

    static final OutboxTopic TOPIC = new OutboxTopic("delivery.events", "outbox_delivery", 2);
    static final OutboxShard SHARD_0 = new OutboxShard(TOPIC, 0);
    static final OutboxShard SHARD_1 = new OutboxShard(TOPIC, 1);

    final FakeKafka kafka = new FakeKafka();
    final FakeReaders readers = new FakeReaders();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final OutboxRelay relay = new OutboxRelay(topics(), kafka, readers,
            new RelayProperties(true, Duration.ofMillis(1), Duration.ofMillis(5), 3, Duration.ofMinutes(1),
                    Duration.ofSeconds(5), Duration.ofMinutes(10),
                    Duration.ofSeconds(30), 5000, true),
            Clock.fixed(Instant.parse("2026-11-26T12:00:01Z"), ZoneOffset.UTC), meters);

    @Test
    void aFailedBatchIsRetriedWholeAndInOrderUntilItGoesThrough() throws Exception {
        relay.acquired(List.of(SHARD_0));
        kafka.failuresToCome = 4;
        List<OutboxRecord> batch = List.of(record(1), record(2), record(3));

        relay.relay(SHARD_0, batch);

        assertThat(kafka.attempts).hasSize(5).allSatisfy(attempt -> assertThat(attempt).isEqualTo(batch));
        assertThat(kafka.published).containsExactlyElementsOf(batch);
        ShardStatus status = status(SHARD_0);
        assertThat(status.state()).isEqualTo(ShardState.RUNNING);
        assertThat(status.failedAttempts()).isZero();
        assertThat(status.lastRelayedId()).isEqualTo(3);
        assertThat(meters.counter("relay.send.failures", "shard", "outbox_delivery_0", "topic", "delivery.events").count())
                .isEqualTo(4);
        assertThat(meters.counter("relay.events.relayed", "shard", "outbox_delivery_0", "topic", "delivery.events").count())
                .isEqualTo(3);
    }

    @Test
    void aShardCountsAsDownAfterTheConfiguredFailuresAndKeepsTrying() throws Exception {
        relay.acquired(List.of(SHARD_0, SHARD_1));
        kafka.failuresToCome = Integer.MAX_VALUE;
        CompletableFuture<Void> stuck = CompletableFuture.runAsync(() -> {
            try {
                relay.relay(SHARD_0, List.of(record(1)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        org.awaitility.Awaitility.await().until(() -> status(SHARD_0).failedAttempts() >= relay.downAfterAttempts());
        assertThat(status(SHARD_0).state()).isEqualTo(ShardState.RETRYING);
        assertThat(status(SHARD_0).lastError()).contains("broker unavailable");
        assertThat(status(SHARD_1).failedAttempts()).isZero();

        kafka.failuresToCome = 0;
        stuck.get(5, TimeUnit.SECONDS);
        assertThat(status(SHARD_0).failedAttempts()).isZero();
        assertThat(kafka.published).containsExactly(record(1));
    }

    @Test
    void releasingAShardEndsItsRetryWithoutRecordingTheBatch() throws Exception {
        relay.acquired(List.of(SHARD_0));
        kafka.failuresToCome = Integer.MAX_VALUE;
        CompletableFuture<Throwable> stuck = CompletableFuture.supplyAsync(() -> {
            try {
                relay.relay(SHARD_0, List.of(record(1)));
                return null;
            } catch (InterruptedException e) {
                return e;
            }
        });
        org.awaitility.Awaitility.await().until(() -> status(SHARD_0).failedAttempts() >= 2);

        relay.released(List.of(SHARD_0));

        assertThat(stuck.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(readers.stopped).containsExactly(SHARD_0);
        assertThat(status(SHARD_0).state()).isEqualTo(ShardState.NOT_OWNED);
        assertThat(status(SHARD_0).lastRelayedId()).isEqualTo(-1);
        assertThat(relay.owns(SHARD_0)).isFalse();
    }

    @Test
    void ownershipChangesStartAndStopTheShardsReaders() {
        relay.acquired(List.of(SHARD_0, SHARD_1));
        relay.released(List.of(SHARD_1));

        assertThat(readers.started).containsExactly(SHARD_0, SHARD_1);
        assertThat(readers.stopped).containsExactly(SHARD_1);
        assertThat(relay.owns(SHARD_0)).isTrue();
        assertThat(relay.owns(SHARD_1)).isFalse();
    }

    @Test
    void aFencedShardStopsAtOnceWithoutRetrying() {
        relay.acquired(List.of(SHARD_0));
        kafka.fenced = true;

        assertThatThrownBy(() -> relay.relay(SHARD_0, List.of(record(1)))).isInstanceOf(InterruptedException.class)
                .hasMessageContaining("Another instance");
        assertThat(kafka.attempts).hasSize(1);
    }

    private ShardStatus status(OutboxShard shard) {
        return relay.shardStatuses().stream().filter(s -> s.shard().equals(shard)).findFirst().orElseThrow();
    }

    private static OutboxRecord record(long id) {
        return new OutboxRecord("delivery.events", "d-1", "{\"sequence\":" + id + "}", Map.of("sequence", "" + id), id,
                Instant.parse("2026-11-26T12:00:00Z"));
    }

    private static OutboxTopicsQuery topics() {
        return () -> List.of(TOPIC);
    }

    static final class FakeKafka implements PublishRecordsPort {
        final List<List<OutboxRecord>> attempts = new CopyOnWriteArrayList<>();
        final List<OutboxRecord> published = new CopyOnWriteArrayList<>();
        volatile int failuresToCome;
        volatile boolean fenced;

        @Override
        public void publishAtomically(OutboxShard shard, List<OutboxRecord> records) {
            attempts.add(List.copyOf(records));
            if (fenced) {
                throw new ShardFencedException(shard, new IllegalStateException("fenced"));
            }
            if (failuresToCome > 0) {
                failuresToCome--;
                throw new IllegalStateException("broker unavailable");
            }
            published.addAll(records);
        }

        @Override
        public void release(OutboxShard shard) {
        }
    }

    static final class FakeReaders implements AnnounceShardOwnershipPort {
        final List<OutboxShard> started = new ArrayList<>();
        final List<OutboxShard> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void announce(ShardAcquired acquired) {
            started.add(acquired.shard());
        }

        @Override
        public void announce(ShardReleased released) {
            stopped.add(released.shard());
        }
    }

}
