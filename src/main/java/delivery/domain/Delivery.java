package delivery.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import delivery.DeliveryEvent;
import delivery.DeliveryEvent.DeliveryCancelled;
import delivery.DeliveryEvent.DeliveryCreated;
import delivery.DeliveryEvent.DeliveryDelivered;
import delivery.DeliveryEvent.DeliveryPickedUp;
import delivery.DeliveryEvent.Location;
import delivery.DeliveryEvent.PickupReadyRequested;
import delivery.DeliveryEvent.RiderAssigned;
import delivery.DeliveryStatus;

/**
 * A delivery and the rules of its life.
 *
 * <p>Each change is recorded as a fact (who the rider is, when pick-up was requested, ...) and returns the event
 * that describes it, numbered by the delivery's version. A change the delivery has already made returns no event,
 * so a caller's retry is harmless. Rider assignment and the pick-up-ready request commute: whichever comes
 * second is still accepted, because the shop may ask for pick-up just before the rider accepts.
 */
public final class Delivery {

    private final DeliveryId id;
    private final HandOver handOver;
    private final Instant createdAt;
    private final @Nullable ServiceAssignment assignment;
    private DeliveryStatus status;
    private @Nullable String riderId;
    private @Nullable Instant riderAssignedAt;
    private @Nullable Instant pickupReadyRequestedAt;
    private @Nullable Instant pickedUpAt;
    private @Nullable Instant deliveredAt;
    private @Nullable Instant cancelledAt;
    private @Nullable String cancelReason;
    private long version;
    private Instant updatedAt;

    private Delivery(Snapshot s) {
        this.id = s.id();
        this.handOver = s.handOver();
        this.createdAt = s.createdAt();
        this.assignment = s.assignment();
        this.status = s.status();
        this.riderId = s.riderId();
        this.riderAssignedAt = s.riderAssignedAt();
        this.pickupReadyRequestedAt = s.pickupReadyRequestedAt();
        this.pickedUpAt = s.pickedUpAt();
        this.deliveredAt = s.deliveredAt();
        this.cancelledAt = s.cancelledAt();
        this.cancelReason = s.cancelReason();
        this.version = s.version();
        this.updatedAt = s.updatedAt();
    }

    /** A new delivery, assigned to the delivery service routing chose, and its first event, sequence 1. */
    public static Created handOver(DeliveryId id, HandOver handOver, ServiceAssignment assignment, Instant now) {
        Delivery delivery = new Delivery(new Snapshot(id, handOver, DeliveryStatus.CREATED, null, null, null, null,
                null, null, null, 1, now, now, assignment));
        var event = new DeliveryCreated(eventId(), id.value(), 1, now, handOver.order().orderService(),
                handOver.order().orderId(), handOver.shopName(), location(handOver.pickup()),
                location(handOver.dropoff()), handOver.requestedAt(), assignment.deliveryService(),
                assignment.rule(), assignment.ruleSetVersion());
        return new Created(delivery, event);
    }

    public static Delivery restore(Snapshot snapshot) {
        return new Delivery(snapshot);
    }

    /** True if a repeated hand-over carries the same facts as the one that created this delivery. */
    public boolean wasHandedOverAs(HandOver other) {
        return handOver.sameFactsAs(other);
    }

    public Optional<DeliveryEvent> assignRider(String rider, Instant now) {
        Objects.requireNonNull(rider, "rider");
        if (riderId != null) {
            if (riderId.equals(rider)) {
                return Optional.empty();
            }
            throw illegal("assign rider " + rider, "rider " + riderId + " is already assigned");
        }
        requireNotTerminal("assign rider " + rider);
        riderId = rider;
        riderAssignedAt = now;
        if (status == DeliveryStatus.CREATED) {
            status = DeliveryStatus.RIDER_ASSIGNED;
        }
        return Optional.of(new RiderAssigned(eventId(), id.value(), advance(now), now, rider));
    }

    public Optional<DeliveryEvent> requestPickupReady(Instant now) {
        if (pickupReadyRequestedAt != null) {
            return Optional.empty();
        }
        requireNotTerminal("request pick-up");
        if (status == DeliveryStatus.PICKED_UP) {
            throw illegal("request pick-up", "it is already picked up");
        }
        pickupReadyRequestedAt = now;
        status = DeliveryStatus.PICKUP_READY_REQUESTED;
        return Optional.of(new PickupReadyRequested(eventId(), id.value(), advance(now), now));
    }

    public Optional<DeliveryEvent> markPickedUp(Instant now) {
        if (pickedUpAt != null) {
            return Optional.empty();
        }
        requireNotTerminal("be picked up");
        if (riderId == null) {
            throw illegal("be picked up", "no rider is assigned");
        }
        pickedUpAt = now;
        status = DeliveryStatus.PICKED_UP;
        return Optional.of(new DeliveryPickedUp(eventId(), id.value(), advance(now), now, riderId));
    }

    public Optional<DeliveryEvent> markDelivered(Instant now) {
        if (deliveredAt != null) {
            return Optional.empty();
        }
        requireNotTerminal("be delivered");
        if (status != DeliveryStatus.PICKED_UP || riderId == null) {
            throw illegal("be delivered", "it has not been picked up");
        }
        deliveredAt = now;
        status = DeliveryStatus.DELIVERED;
        return Optional.of(new DeliveryDelivered(eventId(), id.value(), advance(now), now, riderId));
    }

    public Optional<DeliveryEvent> cancel(@Nullable String reason, Instant now) {
        if (cancelledAt != null) {
            return Optional.empty();
        }
        requireNotTerminal("be cancelled");
        DeliveryStatus cancelledIn = status;
        cancelledAt = now;
        cancelReason = reason;
        status = DeliveryStatus.CANCELLED;
        return Optional.of(new DeliveryCancelled(eventId(), id.value(), advance(now), now, cancelledIn, reason));
    }

    public DeliveryId id() {
        return id;
    }

    public DeliveryStatus status() {
        return status;
    }

    public long version() {
        return version;
    }

    public Snapshot snapshot() {
        return new Snapshot(id, handOver, status, riderId, riderAssignedAt, pickupReadyRequestedAt, pickedUpAt,
                deliveredAt, cancelledAt, cancelReason, version, createdAt, updatedAt, assignment);
    }

    private long advance(Instant now) {
        updatedAt = now;
        return ++version;
    }

    private void requireNotTerminal(String change) {
        if (status.isTerminal()) {
            throw illegal(change, "it is already " + status);
        }
    }

    private IllegalTransitionException illegal(String change, String why) {
        return new IllegalTransitionException(id, status, change, why);
    }

    private static UUID eventId() {
        return TimeOrderedUuids.next();
    }

    private static Location location(Place place) {
        return new Location(place.address(), place.latitude(), place.longitude());
    }

    /**
     * A delivery's state as persistence stores it. {@code assignment} is null only for deliveries created before
     * routing existed.
     */
    public record Snapshot(DeliveryId id, HandOver handOver, DeliveryStatus status, @Nullable String riderId,
            @Nullable Instant riderAssignedAt, @Nullable Instant pickupReadyRequestedAt, @Nullable Instant pickedUpAt,
            @Nullable Instant deliveredAt, @Nullable Instant cancelledAt, @Nullable String cancelReason, long version,
            Instant createdAt, Instant updatedAt, @Nullable ServiceAssignment assignment) {
    }

    /** The outcome of a hand-over: the new delivery and its {@link DeliveryCreated} event. */
    public record Created(Delivery delivery, DeliveryCreated event) {
    }
}
