package analytics.domain.archive;

/**
 * A record that is consumed but has no row in the archive: one that could not be read (it went to the dead-letter
 * topic first). Its offset still counts: the batch around it is committed past it.
 */
public record SkippedRecord(int partition, long offset) implements SourceRecord {
}
