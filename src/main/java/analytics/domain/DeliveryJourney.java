package analytics.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A delivery in progress as the analytics step keeps it: what the sequence guard has seen of its events and the
 * integrated record so far, in one value, so that one lookup both judges an event and merges it.
 *
 * @param lastSeenAt stream time when its last event was taken in; it expires when idle for too long after that
 */
public record DeliveryJourney(DeliveryProgress progress, IntegratedDelivery delivery, Instant lastSeenAt) {

    /** When this delivery expires if nothing more happens to it. */
    public Instant idleDeadline(Duration idleTimeout) {
        return lastSeenAt.plus(idleTimeout);
    }
}
