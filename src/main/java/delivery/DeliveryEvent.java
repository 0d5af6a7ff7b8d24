package delivery;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.modulith.NamedInterface;
import org.springframework.modulith.events.Externalized;

import outbox.ExportedEvent;

/**
 * Something that happened to one delivery, published in the transaction that made it happen.
 *
 * <p>Every event carries the envelope a consumer needs to process the stream safely ({@link ExportedEvent}): a
 * unique {@code eventId} (drop duplicates), the {@code deliveryId} (the Kafka key, so all events of one delivery
 * share a partition), a per-delivery {@code sequence} that starts at 1 and grows by one with every change (detect
 * gaps and reordering) and {@code occurredAt}, when the change happened rather than when it was relayed.
 *
 * <p>{@link Externalized} names the topic and the key expression; the delivery module does not know who carries
 * them there. This type, its records and {@link DeliveryStatus} are the module's published event contract (named
 * interface {@code events}): consumers in other modules may use them, and nothing else of this module. Their JSON
 * Schemas and the topic's AsyncAPI description are in {@code docs/contracts}.
 */
@NamedInterface("events")
@Externalized(DeliveryEvent.TOPIC + "::#{deliveryId()}")
public sealed interface DeliveryEvent extends ExportedEvent {

    /** The Kafka topic every delivery event is published on, keyed by delivery id. */
    String TOPIC = "delivery.events";

    /** The aggregate every delivery event belongs to (header {@code aggregateType}). */
    String AGGREGATE_TYPE = "delivery";

    @Override
    UUID eventId();

    UUID deliveryId();

    @Override
    long sequence();

    @Override
    Instant occurredAt();

    @Override
    default String aggregateType() {
        return AGGREGATE_TYPE;
    }

    /** A place on the map as the order service described it. */
    @NamedInterface("events")
    record Location(String address, BigDecimal latitude, BigDecimal longitude) {
    }

    /**
     * A delivery was handed over and routed: {@code deliveryService} takes it, chosen by {@code routingRule}
     * ({@code fallback} if no rule matched) of routing rule set version {@code routingRuleSetVersion}.
     */
    @NamedInterface("events")
    record DeliveryCreated(UUID eventId, UUID deliveryId, long sequence, Instant occurredAt, String orderService,
            String orderId, String shopName, Location pickup, Location dropoff, Instant requestedAt,
            String deliveryService, String routingRule, long routingRuleSetVersion) implements DeliveryEvent {
    }

    /** 배차완료: a rider accepted the delivery. */
    @NamedInterface("events")
    record RiderAssigned(UUID eventId, UUID deliveryId, long sequence, Instant occurredAt, String riderId)
            implements DeliveryEvent {
    }

    /** 픽업준비요청: the shop asked for pick-up; may come just before or just after the rider assignment. */
    @NamedInterface("events")
    record PickupReadyRequested(UUID eventId, UUID deliveryId, long sequence, Instant occurredAt)
            implements DeliveryEvent {
    }

    @NamedInterface("events")
    record DeliveryPickedUp(UUID eventId, UUID deliveryId, long sequence, Instant occurredAt, String riderId)
            implements DeliveryEvent {
    }

    @NamedInterface("events")
    record DeliveryDelivered(UUID eventId, UUID deliveryId, long sequence, Instant occurredAt, String riderId)
            implements DeliveryEvent {
    }

    @NamedInterface("events")
    record DeliveryCancelled(UUID eventId, UUID deliveryId, long sequence, Instant occurredAt,
            DeliveryStatus cancelledIn, @Nullable String reason) implements DeliveryEvent {
    }
}
