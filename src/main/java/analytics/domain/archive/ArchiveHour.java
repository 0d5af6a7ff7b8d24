package analytics.domain.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;

/**
 * One hour of record time in UTC, the unit the archive is partitioned by: directory {@code dt=YYYY-MM-DD/hr=HH}.
 * A record's hour is that of its {@code updatedAt}, when its last event happened, never the wall clock, so that a
 * replay puts every record where it was before.
 */
public record ArchiveHour(LocalDate date, int hour) implements Comparable<ArchiveHour> {

    private static final Comparator<ArchiveHour> ORDER =
            Comparator.comparing(ArchiveHour::date).thenComparingInt(ArchiveHour::hour);

    public ArchiveHour {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour must be 0-23, not " + hour);
        }
    }

    public static ArchiveHour of(Instant recordTime) {
        ZonedDateTime utc = recordTime.atZone(ZoneOffset.UTC);
        return new ArchiveHour(utc.toLocalDate(), utc.getHour());
    }

    /** The hive-style directory, relative to the archive root: {@code dt=2026-11-26/hr=04}. */
    public String directory() {
        return datePrefix(date) + "/hr=" + (hour < 10 ? "0" : "") + hour;
    }

    /** The directory of a whole day, which retention deletes at once: {@code dt=2026-11-26}. */
    public static String datePrefix(LocalDate date) {
        return "dt=" + date;
    }

    public boolean isAfter(ArchiveHour other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(ArchiveHour other) {
        return ORDER.compare(this, other);
    }
}
