package analytics.domain.archive;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One finished file of the archive. Its name is made of the source topic, partition and the offset of its first
 * record, zero-padded so that names sort by offset, as Kafka Connect's S3 sink names its objects:
 * {@code dt=2026-11-26/hr=04/delivery.integrated+3+0000000000000001234.parquet}. Nothing in the name depends on the
 * wall clock or on the writer, so a replay of the same offsets writes the same names, and the files of a partition
 * that a replay will write again are exactly those that start at or after its committed offset.
 *
 * @param startOffset offset of the file's first record in its source partition
 * @param hour        the record-time hour all of the file's records belong to
 */
public record ArchiveFile(String topic, int partition, long startOffset, ArchiveHour hour) {

    public static final String EXTENSION = ".parquet";
    /** {@link Long#MAX_VALUE} has 19 digits */
    static final int OFFSET_DIGITS = 19;
    /** Kafka topic names are {@code [a-zA-Z0-9._-]+}: a '+' cannot be part of one. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern PATH = Pattern.compile(
            "dt=(\\d{4}-\\d{2}-\\d{2})/hr=(\\d{2})/([a-zA-Z0-9._-]+)\\+(\\d{1,10})\\+(\\d{" + OFFSET_DIGITS + "})"
                    + Pattern.quote(EXTENSION));

    public ArchiveFile {
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("not a Kafka topic name: " + topic);
        }
        if (partition < 0 || startOffset < 0) {
            throw new IllegalArgumentException("partition and offset must not be negative");
        }
    }

    public String name() {
        String offset = Long.toString(startOffset);
        return topic + "+" + partition + "+" + "0".repeat(OFFSET_DIGITS - offset.length()) + offset + EXTENSION;
    }

    /** Path relative to the archive root, '/'-separated; also the key below an S3 prefix. */
    public String path() {
        return hour.directory() + "/" + name();
    }

    public boolean isOf(String topic, int partition) {
        return this.topic.equals(topic) && this.partition == partition;
    }

    /** The file a relative path names, or empty for anything else (staging files, foreign files). */
    public static Optional<ArchiveFile> parse(String relativePath) {
        Matcher m = PATH.matcher(relativePath);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int hour = Integer.parseInt(m.group(2));
            if (hour > 23) {
                return Optional.empty();
            }
            return Optional.of(new ArchiveFile(m.group(3), Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)),
                    new ArchiveHour(LocalDate.parse(m.group(1)), hour)));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
