package analytics.domain.archive;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import analytics.domain.IntegratedDelivery;

/**
 * One integrated delivery record that becomes one row of the archive, with where it came from (its source
 * partition and offset are columns too, so every row can be traced to exactly one record).
 */
public record ArchiveEntry(int partition, long offset, IntegratedDelivery delivery) implements SourceRecord {

    /** Coordinates as the delivery API accepts them: at most 6 decimals, so the archive's DECIMAL(9,6) holds them. */
    public static final int COORDINATE_SCALE = 6;

    public ArchiveEntry {
        List<String> problems = problems(delivery);
        if (!problems.isEmpty()) {
            throw new UnarchivableRecordException(String.join("; ", problems));
        }
    }

    /** The record-time hour the row is filed under. */
    public ArchiveHour hour() {
        return ArchiveHour.of(delivery.updatedAt());
    }

    /**
     * What makes a record unfit for the archive. Jackson fills absent fields of a record with null, whatever the
     * record says, so the fields every row needs are checked here rather than trusted.
     */
    static List<String> problems(IntegratedDelivery delivery) {
        List<String> problems = new ArrayList<>();
        if (delivery.deliveryId() == null) {
            problems.add("deliveryId is missing");
        }
        if (delivery.updatedAt() == null) {
            problems.add("updatedAt is missing");
        }
        if (delivery.status() == null) {
            problems.add("status is missing");
        }
        if (delivery.lastEventId() == null || delivery.lastEventType() == null) {
            problems.add("lastEventId or lastEventType is missing");
        }
        if (delivery.schemaVersion() != IntegratedDelivery.SCHEMA_VERSION) {
            problems.add("schemaVersion " + delivery.schemaVersion() + " is not the archived version "
                    + IntegratedDelivery.SCHEMA_VERSION);
        }
        checkLocation("pickup", delivery.pickup(), problems);
        checkLocation("dropoff", delivery.dropoff(), problems);
        checkMicros("requestedAt", delivery.requestedAt(), problems);
        checkMicros("createdAt", delivery.createdAt(), problems);
        checkMicros("riderAssignedAt", delivery.riderAssignedAt(), problems);
        checkMicros("pickupReadyRequestedAt", delivery.pickupReadyRequestedAt(), problems);
        checkMicros("pickedUpAt", delivery.pickedUpAt(), problems);
        checkMicros("deliveredAt", delivery.deliveredAt(), problems);
        checkMicros("cancelledAt", delivery.cancelledAt(), problems);
        checkMicros("expiredAt", delivery.expiredAt(), problems);
        checkMicros("updatedAt", delivery.updatedAt(), problems);
        return problems;
    }

    /** The archive keeps timestamps in microseconds, as the delivery module records them; finer would be cut. */
    private static void checkMicros(String name, @Nullable Instant time, List<String> problems) {
        if (time != null && time.getNano() % 1_000 != 0) {
            problems.add(name + " is more precise than microseconds");
        }
    }

    private static void checkLocation(String name, IntegratedDelivery.@Nullable Location location,
            List<String> problems) {
        if (location == null) {
            return;
        }
        checkCoordinate(name + ".latitude", location.latitude(), 90, problems);
        checkCoordinate(name + ".longitude", location.longitude(), 180, problems);
    }

    private static void checkCoordinate(String name, @Nullable BigDecimal value, int limit, List<String> problems) {
        if (value == null) {
            problems.add(name + " is missing");
        } else if (value.scale() > COORDINATE_SCALE && value.stripTrailingZeros().scale() > COORDINATE_SCALE) {
            problems.add(name + " has more than " + COORDINATE_SCALE + " decimals");
        } else if (value.abs().compareTo(BigDecimal.valueOf(limit)) > 0) {
            problems.add(name + " is out of range");
        }
    }

    /** The record cannot be archived as it is; {@link #getMessage()} says why, without any of its values. */
    public static final class UnarchivableRecordException extends IllegalArgumentException {
        public UnarchivableRecordException(String reason) {
            super(reason);
        }
    }
}
