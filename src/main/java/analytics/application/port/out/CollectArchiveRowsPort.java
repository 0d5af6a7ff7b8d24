package analytics.application.port.out;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import analytics.domain.archive.ArchiveEntry;
import analytics.domain.archive.ArchiveFile;

/** Holds the rows of open batches, per source partition, and writes them as Parquet files into a staging place. */
public interface CollectArchiveRowsPort {

    void add(ArchiveEntry entry);

    /**
     * Writes the partition's collected rows as one file per record-time hour, each named after the offset of its
     * first row ({@link ArchiveFile}), sorted by offset, into a staging place. The rows stay collected until
     * {@link #discard}.
     */
    List<StagedFile> stage(String topic, int partition);

    /** Forgets the partition's collected rows and staged files. */
    void discard(int partition);

    /** Drops one delivery's rows from every open batch; returns how many. */
    long removeDelivery(UUID deliveryId);

    /** A written file not yet in the archive. */
    record StagedFile(ArchiveFile file, Path path, long rows) {
    }
}
