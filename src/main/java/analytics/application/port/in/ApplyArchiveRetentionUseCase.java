package analytics.application.port.in;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Deletes the archive's days older than the retention, by partition date (UTC), locally and in the mirror. */
public interface ApplyArchiveRetentionUseCase {

    RetentionReport applyRetention(Instant now);

    /** @param deletedDates the {@code dt=} partitions deleted; empty when retention is off or nothing was due */
    record RetentionReport(List<LocalDate> deletedDates) {
        public RetentionReport {
            deletedDates = List.copyOf(deletedDates);
        }
    }
}
