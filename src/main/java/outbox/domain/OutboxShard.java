package outbox.domain;

/** One outbox table: one relay stream, in commit order, owned by one instance at a time. */
public record OutboxShard(OutboxTopic topic, int index) {

    public OutboxShard {
        if (index < 0 || index >= topic.shardCount()) {
            throw new IllegalArgumentException("Shard " + index + " outside 0.." + (topic.shardCount() - 1));
        }
    }

    public String table() {
        return topic.table(index);
    }

    /**
     * The name this shard's binlog reader goes by: its engine name, its Debezium topic prefix and so the
     * {@code server} of its Debezium metrics.
     */
    public String readerName() {
        return "outbox-relay." + table();
    }

    @Override
    public String toString() {
        return table();
    }
}
