package analytics.domain.archive;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The records of one source partition collected since its last finished batch: the offsets from
 * {@code startOffset} up to, not including, {@code nextOffset}, each either a row or skipped (a record that is not
 * archived, e.g. one that went to the dead-letter topic or belongs to an erased delivery). Once finished, its files are put into the
 * archive and then {@code nextOffset} is committed.
 */
public final class OpenBatch {

    private final int partition;
    private final long startOffset;
    private long nextOffset;
    private int rows;
    private @Nullable ArchiveHour latestHour;
    private Instant lastActivity;

    private OpenBatch(int partition, long startOffset, Instant now) {
        this.partition = partition;
        this.startOffset = startOffset;
        this.nextOffset = startOffset;
        this.lastActivity = now;
    }

    public static OpenBatch startingAt(int partition, long offset, Instant now) {
        return new OpenBatch(partition, offset, now);
    }

    /** A record that becomes a row of the file of {@code hour}. */
    public void add(long offset, ArchiveHour hour, Instant now) {
        advanceTo(offset, now);
        rows++;
        if (latestHour == null || hour.isAfter(latestHour)) {
            latestHour = hour;
        }
    }

    /** A record that is consumed but not archived; its offset is covered by this batch's commit all the same. */
    public void skip(long offset, Instant now) {
        advanceTo(offset, now);
    }

    private void advanceTo(long offset, Instant now) {
        if (offset < nextOffset) {
            throw new IllegalArgumentException("offset " + offset + " of partition " + partition
                    + " is behind this batch (next is " + nextOffset + ")");
        }
        nextOffset = offset + 1;
        lastActivity = now;
    }

    public int partition() {
        return partition;
    }

    public long startOffset() {
        return startOffset;
    }

    /** The offset to commit once the batch is in the archive. */
    public long nextOffset() {
        return nextOffset;
    }

    public int rows() {
        return rows;
    }

    public @Nullable ArchiveHour latestHour() {
        return latestHour;
    }

    public Instant lastActivity() {
        return lastActivity;
    }
}
