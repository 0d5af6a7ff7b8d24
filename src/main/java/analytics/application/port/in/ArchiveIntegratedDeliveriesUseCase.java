package analytics.application.port.in;

import analytics.domain.IntegratedDelivery;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import analytics.domain.archive.ArchiveFile;
import analytics.domain.archive.RotationReason;
import analytics.domain.archive.SourceRecord;

/**
 * The archive writer as its consumer drives it. Exactly once, the way Kafka Connect's S3 sink does it: records
 * are collected per source partition into an open batch; a finished batch's files are written to a staging place,
 * forced to disk and moved into the archive (and uploaded to the mirror, if one is configured) before any method
 * here returns it; only then may the caller commit its {@link FinishedBatch#nextOffset()}. All methods are called
 * from the consumer's thread, in the order the consumer sees things.
 */
public interface ArchiveIntegratedDeliveriesUseCase {

    /** The topic archived: integrated delivery records, key = delivery id, as the Streams step publishes them. */
    String SOURCE_TOPIC = IntegratedDelivery.TOPIC;

    /**
     * Partitions given to this writer, with their committed offsets (empty: none yet). Deletes each partition's
     * files that a replay from there would write again.
     *
     * @return where to resume a partition whose position is not its committed offset (no commit, but the archive
     *         already holds its records)
     */
    Map<Integer, Long> assigned(Map<Integer, OptionalLong> committedOffsets);

    /** Takes in records, in offset order within each partition; returns the batches finished on the way. */
    List<FinishedBatch> take(List<? extends SourceRecord> records, Instant now);

    /** Finishes the batches that have been idle for the idle timeout. */
    List<FinishedBatch> rotateIdle(Instant now);

    /** The partitions go to another consumer, or the writer stops: their open batches are finished now. */
    List<FinishedBatch> handOver(Collection<Integer> partitions);

    /**
     * The partitions were lost without a hand-over (this consumer left the group): their open batches are dropped;
     * whoever reads them next replays from the committed offset.
     */
    void lost(Collection<Integer> partitions);

    /**
     * Partitions with records taken in but not yet in the archive. For every other assigned partition, everything
     * the consumer has read is archived, so its position may be committed as it is (it can be past the last
     * record: transaction markers and aborted records take offsets too).
     */
    Set<Integer> partitionsWithOpenBatches();

    /**
     * After a failure (a file could not be written, moved or uploaded, or a commit failed): open batches are
     * dropped, and files at or after each committed offset deleted, as at assignment. The caller then seeks each
     * partition back to its committed offset.
     */
    Map<Integer, Long> recover(Map<Integer, OptionalLong> committedOffsets);

    /**
     * A batch whose files are in the archive.
     *
     * @param nextOffset the offset to commit for its partition
     * @param files      the files written, one per record-time hour present (none if every record was skipped)
     */
    record FinishedBatch(int partition, long nextOffset, RotationReason reason, List<ArchiveFile> files) {
        public FinishedBatch {
            files = List.copyOf(files);
        }
    }
}
