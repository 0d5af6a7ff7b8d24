package analytics;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import analytics.domain.IntegratedDelivery;
import analytics.domain.IntegratedDelivery.Outcome;
import analytics.domain.IntegratedDelivery.Status;

/**
 * Integrated records of one delivery's life as the integrated step (issue 9) publishes them: one per accepted event,
 * each with everything known so far. Tests that feed {@code delivery.integrated} themselves build them here.
 */
public final class IntegratedRecords {

    private final UUID id;
    private final String orderService;
    private @Nullable IntegratedDelivery last;

    private IntegratedRecords(UUID id, String orderService) {
        this.id = id;
        this.orderService = orderService;
    }

    public static IntegratedRecords delivery(UUID id, String orderService) {
        return new IntegratedRecords(id, orderService);
    }

    public static IntegratedRecords delivery(String orderService) {
        return delivery(UUID.randomUUID(), orderService);
    }

    public UUID id() {
        return id;
    }

    public @Nullable IntegratedDelivery last() {
        return last;
    }

    public IntegratedDelivery created(Instant at) {
        return next(Status.CREATED, null, "DeliveryCreated", at, at, null, null, null, null, null, null, null);
    }

    public IntegratedDelivery riderAssigned(Instant at) {
        IntegratedDelivery d = require();
        Status status = d.status() == Status.PICKUP_READY_REQUESTED ? Status.PICKUP_READY_REQUESTED
                : Status.RIDER_ASSIGNED;
        return next(status, null, "RiderAssigned", at, d.createdAt(), at, d.pickupReadyRequestedAt(), null, null,
                null, null, "rider-7");
    }

    public IntegratedDelivery pickupReadyRequested(Instant at) {
        IntegratedDelivery d = require();
        return next(Status.PICKUP_READY_REQUESTED, null, "PickupReadyRequested", at, d.createdAt(),
                d.riderAssignedAt(), at, null, null, null, null, d.riderId());
    }

    public IntegratedDelivery pickedUp(Instant at) {
        IntegratedDelivery d = require();
        return next(Status.PICKED_UP, null, "DeliveryPickedUp", at, d.createdAt(), d.riderAssignedAt(),
                d.pickupReadyRequestedAt(), at, null, null, null, d.riderId());
    }

    public IntegratedDelivery delivered(Instant at) {
        IntegratedDelivery d = require();
        return next(Status.DELIVERED, Outcome.DELIVERED, "DeliveryDelivered", at, d.createdAt(), d.riderAssignedAt(),
                d.pickupReadyRequestedAt(), d.pickedUpAt(), at, null, null, d.riderId());
    }

    public IntegratedDelivery cancelled(Instant at) {
        IntegratedDelivery d = require();
        return next(Status.CANCELLED, Outcome.CANCELLED, "DeliveryCancelled", at, d.createdAt(), d.riderAssignedAt(),
                d.pickupReadyRequestedAt(), d.pickedUpAt(), null, at, null, d.riderId());
    }

    /** Idle too long: the integrated step's final record, with no new event behind it. */
    public IntegratedDelivery expired(Instant at) {
        IntegratedDelivery d = require();
        return build(Status.EXPIRED, Outcome.EXPIRED, d.lastEventType(), d.lastSequence(), at, d.createdAt(),
                d.riderAssignedAt(), d.pickupReadyRequestedAt(), d.pickedUpAt(), null, null, at, d.riderId());
    }

    private IntegratedDelivery require() {
        if (last == null) {
            throw new IllegalStateException("created first");
        }
        return last;
    }

    private IntegratedDelivery next(Status status, @Nullable Outcome outcome, String eventType, Instant at,
            @Nullable Instant createdAt, @Nullable Instant assignedAt, @Nullable Instant readyAt,
            @Nullable Instant pickedUpAt, @Nullable Instant deliveredAt, @Nullable Instant cancelledAt,
            @Nullable Instant expiredAt, @Nullable String riderId) {
        return build(status, outcome, eventType, (last == null ? 0 : last.lastSequence()) + 1, at, createdAt,
                assignedAt, readyAt, pickedUpAt, deliveredAt, cancelledAt, expiredAt, riderId);
    }

    private IntegratedDelivery build(Status status, @Nullable Outcome outcome, String eventType, long sequence,
            Instant at, @Nullable Instant createdAt, @Nullable Instant assignedAt, @Nullable Instant readyAt,
            @Nullable Instant pickedUpAt, @Nullable Instant deliveredAt, @Nullable Instant cancelledAt,
            @Nullable Instant expiredAt, @Nullable String riderId) {
        last = new IntegratedDelivery(IntegratedDelivery.SCHEMA_VERSION, id, orderService, "order-" + id, "Kimbap Heaven",
                null, null, createdAt, "in-house", "fallback", 1L, riderId, status, outcome,
                status == Status.CANCELLED ? "CREATED" : null, null, createdAt, assignedAt, readyAt, pickedUpAt,
                deliveredAt, cancelledAt, expiredAt, null, null, null, null, sequence, UUID.randomUUID(), eventType, at,
                null);
        return last;
    }
}
