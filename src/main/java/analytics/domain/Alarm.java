package analytics.domain;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An alarm that is raised now.
 *
 * @param id           stable per condition: the detector's name, plus {@code :<order service>} for one that names one
 * @param value        the measured value at the last evaluation
 * @param threshold    the value at which it was raised
 * @param clearLevel   it clears at or below this value (hysteresis), once it has been raised long enough
 * @param orderService the order service it is about, if any (shedding)
 */
public record Alarm(String id, String detector, Severity severity, String message, double value, double threshold,
        double clearLevel, Instant raisedAt, @Nullable String orderService) {
}
