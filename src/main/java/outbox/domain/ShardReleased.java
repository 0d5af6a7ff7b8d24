package outbox.domain;

/** This instance no longer owns the shard: its binlog reader stops and stores its offset. */
public record ShardReleased(OutboxShard shard) {
}
