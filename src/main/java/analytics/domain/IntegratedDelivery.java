package analytics.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import delivery.DeliveryEvent;
import delivery.DeliveryEvent.DeliveryCancelled;
import delivery.DeliveryEvent.DeliveryCreated;
import delivery.DeliveryEvent.DeliveryDelivered;
import delivery.DeliveryEvent.DeliveryPickedUp;
import delivery.DeliveryEvent.PickupReadyRequested;
import delivery.DeliveryEvent.RiderAssigned;

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
 * <p>Merging is commutative: every event only fills the facts it carries (each of them is set once in a
 * delivery's life), and the status is derived from the facts present, so an event that was overtaken still fills
 * its facts without moving the status backwards.
 *
 * @param status          where the delivery is; {@link Status#EXPIRED} when it was idle too long to be followed
 * @param outcome         how it ended, null while in progress
 * @param cancelledIn     the status it was cancelled in
 * @param lastSequence    highest per-delivery sequence taken in
 * @param lastEventId     the event that caused this record (for an expiry: the last one taken in)
 * @param lastEventType   its type, e.g. {@code RiderAssigned}
 * @param updatedAt       when the newest event taken in happened (or the delivery expired)
 * @param traceparent     W3C trace context of the change behind the event that caused this record, if it carried one
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

    /** The Kafka topic these records are published on, keyed by delivery id. */
    public static final String TOPIC = "delivery.integrated";

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

    /** The delivery as its first event taken in tells it (usually {@code DeliveryCreated}, but not necessarily). */
    public static IntegratedDelivery of(DeliveryEvent event, @Nullable String traceparent) {
        return Facts.none(event.deliveryId()).take(event).record(event, traceparent);
    }

    /** This delivery with one more event's facts; facts already known stay as they are. */
    public IntegratedDelivery with(DeliveryEvent event, @Nullable String traceparent) {
        if (!event.deliveryId().equals(deliveryId)) {
            throw new IllegalArgumentException("event of delivery " + event.deliveryId() + " is not for " + deliveryId);
        }
        return Facts.of(this).take(event).record(event, traceparent);
    }

    /** The final record of a delivery that was idle too long: it expired {@code at}. */
    public IntegratedDelivery expired(Instant at) {
        if (finished()) {
            throw new IllegalStateException("delivery " + deliveryId + " has already ended: " + outcome);
        }
        Facts facts = Facts.of(this);
        facts.expiredAt = at;
        return facts.record(lastEventId, lastEventType, lastSequence, at.isAfter(updatedAt) ? at : updatedAt, null);
    }

    /** The facts of one delivery, filled by events in any order. */
    private static final class Facts {
        final UUID deliveryId;
        @Nullable String orderService;
        @Nullable String orderId;
        @Nullable String shopName;
        @Nullable Location pickup;
        @Nullable Location dropoff;
        @Nullable Instant requestedAt;
        @Nullable String deliveryService;
        @Nullable String routingRule;
        @Nullable Long routingRuleSetVersion;
        @Nullable String riderId;
        @Nullable String cancelledIn;
        @Nullable String cancelReason;
        @Nullable Instant createdAt;
        @Nullable Instant riderAssignedAt;
        @Nullable Instant pickupReadyRequestedAt;
        @Nullable Instant pickedUpAt;
        @Nullable Instant deliveredAt;
        @Nullable Instant cancelledAt;
        @Nullable Instant expiredAt;
        long lastSequence;
        @Nullable Instant updatedAt;

        private Facts(UUID deliveryId) {
            this.deliveryId = deliveryId;
        }

        static Facts none(UUID deliveryId) {
            return new Facts(deliveryId);
        }

        static Facts of(IntegratedDelivery d) {
            Facts f = new Facts(d.deliveryId);
            f.orderService = d.orderService;
            f.orderId = d.orderId;
            f.shopName = d.shopName;
            f.pickup = d.pickup;
            f.dropoff = d.dropoff;
            f.requestedAt = d.requestedAt;
            f.deliveryService = d.deliveryService;
            f.routingRule = d.routingRule;
            f.routingRuleSetVersion = d.routingRuleSetVersion;
            f.riderId = d.riderId;
            f.cancelledIn = d.cancelledIn;
            f.cancelReason = d.cancelReason;
            f.createdAt = d.createdAt;
            f.riderAssignedAt = d.riderAssignedAt;
            f.pickupReadyRequestedAt = d.pickupReadyRequestedAt;
            f.pickedUpAt = d.pickedUpAt;
            f.deliveredAt = d.deliveredAt;
            f.cancelledAt = d.cancelledAt;
            f.expiredAt = d.expiredAt;
            f.lastSequence = d.lastSequence;
            f.updatedAt = d.updatedAt;
            return f;
        }

        Facts take(DeliveryEvent event) {
            switch (event) {
                case DeliveryCreated created -> {
                    orderService = first(orderService, created.orderService());
                    orderId = first(orderId, created.orderId());
                    shopName = first(shopName, created.shopName());
                    pickup = first(pickup, location(created.pickup()));
                    dropoff = first(dropoff, location(created.dropoff()));
                    requestedAt = first(requestedAt, created.requestedAt());
                    deliveryService = first(deliveryService, created.deliveryService());
                    routingRule = first(routingRule, created.routingRule());
                    routingRuleSetVersion = first(routingRuleSetVersion, created.routingRuleSetVersion());
                    createdAt = first(createdAt, created.occurredAt());
                }
                case RiderAssigned assigned -> {
                    riderId = first(riderId, assigned.riderId());
                    riderAssignedAt = first(riderAssignedAt, assigned.occurredAt());
                }
                case PickupReadyRequested requested ->
                    pickupReadyRequestedAt = first(pickupReadyRequestedAt, requested.occurredAt());
                case DeliveryPickedUp pickedUp -> {
                    riderId = first(riderId, pickedUp.riderId());
                    pickedUpAt = first(pickedUpAt, pickedUp.occurredAt());
                }
                case DeliveryDelivered delivered -> {
                    riderId = first(riderId, delivered.riderId());
                    deliveredAt = first(deliveredAt, delivered.occurredAt());
                }
                case DeliveryCancelled cancelled -> {
                    if (cancelledAt == null) {
                        cancelledAt = cancelled.occurredAt();
                        cancelledIn = cancelled.cancelledIn().name();
                        cancelReason = cancelled.reason();
                    }
                }
            }
            lastSequence = Math.max(lastSequence, event.sequence());
            updatedAt = updatedAt == null || event.occurredAt().isAfter(updatedAt) ? event.occurredAt() : updatedAt;
            return this;
        }

        IntegratedDelivery record(DeliveryEvent cause, @Nullable String traceparent) {
            return record(cause.eventId(), cause.getClass().getSimpleName(), lastSequence,
                    updatedAt == null ? cause.occurredAt() : updatedAt, traceparent);
        }

        /** The status follows from the facts, furthest step first, so the order events arrive in does not matter. */
        IntegratedDelivery record(UUID causeId, String causeType, long sequence, Instant updated,
                @Nullable String traceparent) {
            Status status = cancelledAt != null ? Status.CANCELLED
                    : deliveredAt != null ? Status.DELIVERED
                    : expiredAt != null ? Status.EXPIRED
                    : pickedUpAt != null ? Status.PICKED_UP
                    : pickupReadyRequestedAt != null ? Status.PICKUP_READY_REQUESTED
                    : riderAssignedAt != null ? Status.RIDER_ASSIGNED
                    : Status.CREATED;
            @Nullable Outcome outcome = switch (status) {
                case CANCELLED -> Outcome.CANCELLED;
                case DELIVERED -> Outcome.DELIVERED;
                case EXPIRED -> Outcome.EXPIRED;
                default -> null;
            };
            @Nullable Instant end = cancelledAt != null ? cancelledAt : deliveredAt != null ? deliveredAt : expiredAt;
            return new IntegratedDelivery(SCHEMA_VERSION, deliveryId, orderService, orderId, shopName, pickup, dropoff,
                    requestedAt, deliveryService, routingRule, routingRuleSetVersion, riderId, status, outcome,
                    cancelledIn, cancelReason, createdAt, riderAssignedAt, pickupReadyRequestedAt, pickedUpAt,
                    deliveredAt, cancelledAt, status == Status.EXPIRED ? expiredAt : null,
                    millisBetween(createdAt, riderAssignedAt), millisBetween(pickupReadyRequestedAt, pickedUpAt),
                    millisBetween(pickedUpAt, deliveredAt), millisBetween(createdAt, end), sequence, causeId,
                    causeType, updated, traceparent);
        }

        private static <T> T first(@Nullable T known, T told) {
            return known != null ? known : told;
        }

        private static Location location(DeliveryEvent.Location place) {
            return new Location(place.address(), place.latitude(), place.longitude());
        }

        private static @Nullable Long millisBetween(@Nullable Instant from, @Nullable Instant to) {
            return from == null || to == null ? null : Duration.between(from, to).toMillis();
        }
    }
}
