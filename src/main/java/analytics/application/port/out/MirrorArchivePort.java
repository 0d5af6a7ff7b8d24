package analytics.application.port.out;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

import analytics.domain.archive.ArchiveFile;

/**
 * A second copy of the archive under the same names, e.g. an S3 bucket. Every method returns only when the
 * change is complete and durable on the other side.
 */
public interface MirrorArchivePort {

    /** Uploads {@code localFile} as {@code file}, replacing an object of the same name. */
    void upload(ArchiveFile file, Path localFile);

    List<ArchiveFile> files(String topic, int partition);

    void delete(ArchiveFile file);

    List<LocalDate> dates();

    void deleteDate(LocalDate date);

    /**
     * Fetches the files into a temporary place, lets {@code read} read them, and deletes them again: to read what
     * only the mirror still has.
     */
    <T> T readDownloaded(List<ArchiveFile> files, Function<List<Path>, T> read);

    /** Where the mirror is, for logs and reports: e.g. {@code s3://bucket/prefix}. */
    String describe();
}
