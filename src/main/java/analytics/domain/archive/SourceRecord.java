package analytics.domain.archive;

/** A record of the archived topic as the writer takes it in: at a partition and offset, archived or skipped. */
public sealed interface SourceRecord permits ArchiveEntry, SkippedRecord {

    int partition();

    long offset();
}
