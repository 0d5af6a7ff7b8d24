package outbox.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one shard's relay for health and metrics.
 *
 * @param failedAttempts attempts that failed in a row for the records at the head of the shard (0 when healthy)
 * @param lastRelayedId  highest outbox row id acknowledged by Kafka since this instance last acquired the shard, -1
 *                       before the first
 * @param ownedSince     when this instance acquired the shard; null while it does not own it
 */
public record ShardStatus(OutboxShard shard, ShardState state, int failedAttempts, @Nullable String lastError,
        @Nullable Instant lastErrorAt, long lastRelayedId, long relayed, @Nullable Instant ownedSince) {
}
