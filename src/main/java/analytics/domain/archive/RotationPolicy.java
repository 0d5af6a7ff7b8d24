package analytics.domain.archive;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * When an open batch is finished. Two rules depend only on the records, so a replay from the same offset cuts in
 * the same places: the batch holds {@code maxRecords} rows, or a record of a later record-time hour arrives. A
 * record of an earlier hour (a late one) stays in the batch and goes to the file of its own hour. The third rule,
 * idle time, depends on the wall clock: a replay may cut elsewhere, which is why the writer deletes a partition's
 * uncommitted files before writing it again ({@link ResumePlan}).
 */
public record RotationPolicy(int maxRecords, Duration idleTimeout) {

    public RotationPolicy {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
    }

    /** Whether {@code batch} must be finished before a record of {@code hour} joins it. */
    public @Nullable RotationReason beforeAdding(OpenBatch batch, ArchiveHour hour) {
        ArchiveHour latest = batch.latestHour();
        return latest != null && hour.isAfter(latest) ? RotationReason.RECORD_HOUR : null;
    }

    /** Whether {@code batch} is full. */
    public @Nullable RotationReason afterAdding(OpenBatch batch) {
        return batch.rows() >= maxRecords ? RotationReason.RECORD_COUNT : null;
    }

    public boolean isIdle(OpenBatch batch, Instant now) {
        return !now.isBefore(batch.lastActivity().plus(idleTimeout));
    }
}
