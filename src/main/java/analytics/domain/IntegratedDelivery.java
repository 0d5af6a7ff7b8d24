package analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One delivery as analysts want it: everything known about it after one more of its events, published on
 * {@code delivery.integrated} (key: the delivery id) on every accepted event, the final one included, and archived.
 * Fields are only ever added within a {@link #SCHEMA_VERSION}; nullable ones are unknown until the event that
 * tells them has been seen.
 *
 * <p>Durations are whole milliseconds between two steps, null until both have happened:
 * {@code toAssignmentMillis} created → rider assigned; {@code pickupWaitMillis} pick-up requested by the shop →
 * picked up (how long the order waited for its rider); {@code toDeliveryMillis} picked up → delivered;
 * {@code totalMillis} created → the end (delivered, cancelled or expired).
 *
 * @param status          where the delivery is; {@link Status#EXPIRED} when it was idle too long to be followed
 * @param outcome         how it ended, null while in progress
 * @param cancelledIn     the status it was cancelled in
 * @param lastSequence    highest per-delivery sequence taken in
 * @param updatedAt       when the last event happened (or the delivery expired)
 * @param traceparent     W3C trace context of the change behind the last event, if it carried one
 */
public record IntegratedDelivery(
        int schemaVersion,
        UUID deliveryId,
        @Nullable String orderService,
        @Nullable String orderId,
        @Nullable String shopName,
        @Nullable Location pickup,
        @Nullable Location dropoff,
        @Nullable Instant requestedAt,
        @Nullable String deliveryService,
        @Nullable String routingRule,
        @Nullable Long routingRuleSetVersion,
        @Nullable String riderId,
        Status status,
        @Nullable Outcome outcome,
        @Nullable String cancelledIn,
        @Nullable String cancelReason,
        @Nullable Instant createdAt,
        @Nullable Instant riderAssignedAt,
        @Nullable Instant pickupReadyRequestedAt,
        @Nullable Instant pickedUpAt,
        @Nullable Instant deliveredAt,
        @Nullable Instant cancelledAt,
        @Nullable Instant expiredAt,
        @Nullable Long toAssignmentMillis,
        @Nullable Long pickupWaitMillis,
        @Nullable Long toDeliveryMillis,
        @Nullable Long totalMillis,
        long lastSequence,
        UUID lastEventId,
        String lastEventType,
        Instant updatedAt,
        @Nullable String traceparent) {

    public static final int SCHEMA_VERSION = 1;

    /** A place as the order service described it. */
    public record Location(String address, BigDecimal latitude, BigDecimal longitude) {
    }

    public enum Status {
        CREATED, RIDER_ASSIGNED, PICKUP_READY_REQUESTED, PICKED_UP, DELIVERED, CANCELLED, EXPIRED
    }

    public enum Outcome {
        DELIVERED, CANCELLED, EXPIRED
    }

    public boolean finished() {
        return outcome != null;
    }
}
