package outbox.domain;

/** This instance now owns the shard: its binlog reader starts from the shard's stored offset. */
public record ShardAcquired(OutboxShard shard) {
}
