package outbox.application.port.in;

import java.util.List;

import outbox.domain.OutboxRecord;
import outbox.domain.OutboxShard;

/** What a shard's binlog reader reports to the relay. */
public interface RelayOutboxUseCase {

    /**
     * Sends a batch of one shard's records to Kafka and returns once all of them are acknowledged. A failed send is
     * retried with back-off, the whole batch again and in the same order, for as long as this instance owns the
     * shard: nothing after a failed record is sent before it.
     *
     * @throws InterruptedException if the shard was released (or the thread interrupted) before the batch got
     *         through; the caller must then not record the batch as relayed
     */
    void relay(OutboxShard shard, List<OutboxRecord> batch) throws InterruptedException;

    /** Whether this instance still owns the shard: a reader of a shard it does not own must not restart. */
    boolean owns(OutboxShard shard);

    /** The reader connected and streams (again). */
    void captureRunning(OutboxShard shard);

    /** The reader stopped with an error; it is restarted with back-off while the shard is owned. */
    void captureFailed(OutboxShard shard, Throwable error);
}
