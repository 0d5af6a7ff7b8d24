package analytics.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** Deliveries in one status for longer than the stuck limit: how many, and since when the oldest has waited. */
public record StuckStatus(long count, @Nullable Instant oldestSince) {

    public static final StuckStatus NONE = new StuckStatus(0, null);

    public StuckStatus plus(StuckStatus other) {
        Instant oldest = oldestSince == null ? other.oldestSince
                : other.oldestSince == null || oldestSince.isBefore(other.oldestSince) ? oldestSince
                : other.oldestSince;
        return new StuckStatus(count + other.count, oldest);
    }
}
