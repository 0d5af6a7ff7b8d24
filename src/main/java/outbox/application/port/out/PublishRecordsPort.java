package outbox.application.port.out;

import java.util.List;

import outbox.domain.OutboxRecord;
import outbox.domain.OutboxShard;

public interface PublishRecordsPort {

    /**
     * Publishes the records atomically and in order: after a normal return all are acknowledged by the brokers;
     * after an exception none is visible to read-committed consumers.
     *
     * @throws ShardFencedException if another instance has taken the shard over
     */
    void publishAtomically(OutboxShard shard, List<OutboxRecord> records);

    /** Releases what the shard's publisher holds (its producer) when the shard moves elsewhere. */
    void release(OutboxShard shard);

    class ShardFencedException extends RuntimeException {
        public ShardFencedException(OutboxShard shard, Throwable cause) {
            super("Another instance has taken over shard " + shard, cause);
        }
    }
}
