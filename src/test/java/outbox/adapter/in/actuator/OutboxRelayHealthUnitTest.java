package outbox.adapter.in.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import outbox.domain.OutboxShard;
import outbox.domain.OutboxTopic;
import outbox.domain.ReaderConnection;
import outbox.domain.ShardBacklog;
import outbox.domain.ShardHealth;
import outbox.domain.ShardState;
import outbox.domain.ShardStatus;

class OutboxRelayHealthUnitTest {

    static final OutboxShard SHARD = new OutboxShard(new OutboxTopic("delivery.events", "outbox_delivery", 8), 3);
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void anUnfitShardIsDownWithItsProblemsReaderAndBacklog() {
        ShardStatus status = new ShardStatus(SHARD, ShardState.RUNNING, 0, null, null, 17, 17, NOW.minusSeconds(90));
        ShardHealth shard = ShardHealth.judge(status, ReaderConnection.CONNECTED, true,
                ShardBacklog.measured(NOW, Duration.ofMillis(75_250)), 5, Duration.ofSeconds(60), NOW);

        Health health = OutboxRelayHealth.health(shard);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("relayedHere", true)
                .containsEntry("reader", ReaderConnection.CONNECTED)
                .containsEntry("oldestWaitingSeconds", 75.25)
                .containsEntry("backlogMeasuredAt", NOW.toString())
                .containsEntry("problems", List.of("the oldest waiting row is 75.3 s old (limit 60.0 s)"));
    }

    @Test
    void aShardRelayedElsewhereIsUpWithoutReaderOrBacklog() {
        ShardStatus status = new ShardStatus(SHARD, ShardState.NOT_OWNED, 0, null, null, -1, 0, null);

        Health health = OutboxRelayHealth.health(ShardHealth.judge(status, ReaderConnection.ABSENT, false, null, 5,
                Duration.ofSeconds(60), NOW));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("relayedHere", false).doesNotContainKeys("reader",
                "oldestWaitingSeconds", "problems");
    }
}
