package analytics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import delivery.DeliveryEvent;
import delivery.DeliveryEvent.DeliveryCancelled;
import delivery.DeliveryEvent.DeliveryCreated;
import delivery.DeliveryEvent.DeliveryDelivered;
import delivery.DeliveryEvent.DeliveryPickedUp;
import delivery.DeliveryEvent.Location;
import delivery.DeliveryEvent.PickupReadyRequested;
import delivery.DeliveryEvent.RiderAssigned;
import delivery.DeliveryStatus;

/** One delivery's events as the delivery module publishes them, for tests: times are {@code start} + minutes. */
public final class DeliveryEvents {

    public static final Instant START = Instant.parse("2026-11-26T12:00:00Z");

    private final UUID deliveryId;

    public DeliveryEvents(UUID deliveryId) {
        this.deliveryId = deliveryId;
    }

    public static DeliveryEvents ofNewDelivery() {
        return new DeliveryEvents(UUID.randomUUID());
    }

    public UUID deliveryId() {
        return deliveryId;
    }

    public static Instant minute(double minutes) {
        return START.plusMillis((long) (minutes * 60_000));
    }

    public DeliveryCreated created(long sequence, double atMinute) {
        return new DeliveryCreated(id(sequence), deliveryId, sequence, minute(atMinute), "baemin-orders", "B-1",
                "Kimbap Heaven",
                new Location("1 Teheran-ro, Gangnam-gu, Seoul", new BigDecimal("37.4981"), new BigDecimal("127.0276")),
                new Location("20 Yeoksam-ro, Gangnam-gu, Seoul", new BigDecimal("37.4952"), new BigDecimal("127.0331")),
                Instant.parse("2026-11-26T12:30:00Z"), "partner-a", "gangnam-lunch", 2);
    }

    public RiderAssigned assigned(long sequence, double atMinute) {
        return new RiderAssigned(id(sequence), deliveryId, sequence, minute(atMinute), "rider-7");
    }

    public PickupReadyRequested pickupReady(long sequence, double atMinute) {
        return new PickupReadyRequested(id(sequence), deliveryId, sequence, minute(atMinute));
    }

    public DeliveryPickedUp pickedUp(long sequence, double atMinute) {
        return new DeliveryPickedUp(id(sequence), deliveryId, sequence, minute(atMinute), "rider-7");
    }

    public DeliveryDelivered delivered(long sequence, double atMinute) {
        return new DeliveryDelivered(id(sequence), deliveryId, sequence, minute(atMinute), "rider-7");
    }

    public DeliveryCancelled cancelled(long sequence, double atMinute, DeliveryStatus in, String reason) {
        return new DeliveryCancelled(id(sequence), deliveryId, sequence, minute(atMinute), in, reason);
    }

    /** the event id of this delivery's event {@code sequence}: the same every time, as a redelivery has */
    public UUID id(long sequence) {
        return new UUID(deliveryId.getMostSignificantBits() ^ sequence, deliveryId.getLeastSignificantBits());
    }

    /** the whole life: created 0, assigned 2, pick-up requested 3, picked up 10, delivered 25 */
    public DeliveryEvent[] wholeLife() {
        return new DeliveryEvent[] { created(1, 0), assigned(2, 2), pickupReady(3, 3), pickedUp(4, 10),
                delivered(5, 25) };
    }
}
