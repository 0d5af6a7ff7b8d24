package analytics.application.port.out;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import analytics.domain.archive.ArchiveFile;

/** The archive's directory tree on the local disk: what queries read. */
public interface LocalArchivePort {

    /**
     * Puts a staged file into the archive: forced to disk, then moved into place atomically (replacing a file of
     * the same name), the directory forced too. When this returns, the file survives a crash of the machine.
     */
    void publish(ArchiveFile file, Path staged);

    List<ArchiveFile> files(String topic, int partition);

    boolean exists(ArchiveFile file);

    Path pathOf(ArchiveFile file);

    void delete(ArchiveFile file);

    /** The {@code dt=} partitions present. */
    List<LocalDate> dates();

    /** Deletes a whole {@code dt=} partition. */
    void deleteDate(LocalDate date);
}
