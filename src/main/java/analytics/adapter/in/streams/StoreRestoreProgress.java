package analytics.adapter.in.streams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * How many records this instance still has to restore into its stores (from changelogs and global topics) before
 * they answer: a gauge, the board and the health endpoint show it, and store reads answer 503 meanwhile.
 */
public final class StoreRestoreProgress implements StateRestoreListener {

    private final Map<String, Long> remaining = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        remaining.put(key(partition, store), Math.max(0, endingOffset - startingOffset));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
        remaining.computeIfPresent(key(partition, store), (key, left) -> Math.max(0, left - restored));
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        remaining.remove(key(partition, store));
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        remaining.remove(key(partition, store));
    }

    /** Records still to restore, over all stores of this instance. */
    public long remainingRecords() {
        return remaining.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String key(TopicPartition partition, String store) {
        return store + "@" + partition;
    }
}
