package analytics.application.port.out;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import analytics.domain.archive.ArchiveFile;

/** Reads finished Parquet files. */
public interface ReadArchivedRowsPort {

    /** The local archive's files that hold rows of the delivery. */
    List<ArchiveFile> filesContaining(UUID deliveryId);

    /**
     * Writes {@code file} without the delivery's rows into a staging place.
     *
     * @return the staged file and how many rows it kept; {@code staged} is null when none are left
     */
    Rewrite stageWithout(ArchiveFile file, Path source, UUID deliveryId);

    /** The highest source offset in any of the files; empty for no files. */
    OptionalLong highestOffset(List<Path> files);

    /** @param removed rows of the delivery that were in the file */
    record Rewrite(CollectArchiveRowsPort.@Nullable StagedFile staged, long kept,
            long removed) {
    }
}
