package analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import analytics.domain.IntegratedDelivery;
import analytics.domain.IntegratedDelivery.Location;
import analytics.domain.IntegratedDelivery.Outcome;
import analytics.domain.IntegratedDelivery.Status;
import tools.jackson.databind.json.JsonMapper;

/**
 * Integrated delivery records as the Kafka Streams step publishes them on {@code delivery.integrated}: one per
 * accepted event of a delivery's life, with the durations filled in as the steps happen, written with Jackson's
 * default mapping. Until that step runs in this build, tests and the archive benchmark produce these themselves.
 */
public final class IntegratedDeliveries {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    static final String[] ORDER_SERVICES = { "baemin-orders", "yogiyo", "coupang-eats" };
    static final String[] DELIVERY_SERVICES = { "in-house", "partner-a", "partner-b" };
    static final String[] SHOPS = { "Kimbap Heaven", "Tteokbokki House", "Chicken Plus", "Pho Saigon" };

    private IntegratedDeliveries() {
    }

    /**
     * The records of one delivery's whole life, one per event: created, rider assigned, pick-up requested, picked
     * up, then delivered — or, with {@code cancelled}, cancelled after the rider assignment.
     *
     * @param start when it was handed over; steps follow minutes apart (random, from {@code random})
     */
    public static List<IntegratedDelivery> life(UUID deliveryId, Instant start, boolean cancelled, Random random) {
        String orderService = ORDER_SERVICES[random.nextInt(ORDER_SERVICES.length)];
        return life(deliveryId, start, orderService, cancelled, random);
    }

    /**
     * A delivery life whose outcome depends on its order service, as in a real mix: some order services' customers
     * cancel more often than others'.
     */
    public static List<IntegratedDelivery> typicalLife(UUID deliveryId, Instant start, Random random) {
        String orderService = ORDER_SERVICES[random.nextInt(ORDER_SERVICES.length)];
        double cancelRate = switch (orderService) {
            case "yogiyo" -> 0.12;
            case "coupang-eats" -> 0.08;
            default -> 0.05;
        };
        return life(deliveryId, start, orderService, random.nextDouble() < cancelRate, random);
    }

    private static List<IntegratedDelivery> life(UUID deliveryId, Instant start, String orderService,
            boolean cancelled, Random random) {
        String deliveryService = DELIVERY_SERVICES[random.nextInt(DELIVERY_SERVICES.length)];
        String shop = SHOPS[random.nextInt(SHOPS.length)];
        String rider = "rider-" + (1 + random.nextInt(40));
        Location pickup = new Location(random.nextInt(200) + " Teheran-ro, Gangnam-gu, Seoul",
                coordinate(37.49, random), coordinate(127.02, random));
        Location dropoff = new Location(random.nextInt(200) + " Yeoksam-ro, Gangnam-gu, Seoul",
                coordinate(37.50, random), coordinate(127.03, random));
        Instant assigned = start.plusSeconds(30 + random.nextInt(240));
        Instant readyRequested = start.plusSeconds(60 + random.nextInt(600));
        // partner riders come from further away than in-house ones
        int riderDistance = switch (deliveryService) {
            case "partner-a" -> 240;
            case "partner-b" -> 120;
            default -> 0;
        };
        Instant pickedUp = (readyRequested.isAfter(assigned) ? readyRequested : assigned)
                .plusSeconds(60 + riderDistance + random.nextInt(900));
        Instant delivered = pickedUp.plusSeconds(300 + random.nextInt(1500));

        Builder b = new Builder(deliveryId, orderService, shop, pickup, dropoff, start, deliveryService);
        List<IntegratedDelivery> records = new ArrayList<>();
        records.add(b.event("DeliveryCreated", start, Status.CREATED));
        b.rider = rider;
        b.riderAssignedAt = assigned;
        records.add(b.event("RiderAssigned", assigned, Status.RIDER_ASSIGNED));
        if (cancelled) {
            b.outcome = Outcome.CANCELLED;
            b.cancelledIn = "RIDER_ASSIGNED";
            b.cancelReason = "customer changed their mind";
            Instant at = assigned.plusSeconds(20 + random.nextInt(200));
            b.cancelledAt = at;
            records.add(b.event("DeliveryCancelled", at, Status.CANCELLED));
            return records;
        }
        b.pickupReadyRequestedAt = readyRequested;
        records.add(b.event("PickupReadyRequested", readyRequested, Status.PICKUP_READY_REQUESTED));
        b.pickedUpAt = pickedUp;
        records.add(b.event("DeliveryPickedUp", pickedUp, Status.PICKED_UP));
        b.deliveredAt = delivered;
        b.outcome = Outcome.DELIVERED;
        records.add(b.event("DeliveryDelivered", delivered, Status.DELIVERED));
        return records;
    }

    /** One record of a delivery that was just handed over at {@code at}. */
    public static IntegratedDelivery created(UUID deliveryId, Instant at) {
        return life(deliveryId, at, false, new Random(deliveryId.getLeastSignificantBits())).getFirst();
    }

    public static byte[] json(IntegratedDelivery record) {
        return JSON.writeValueAsBytes(record);
    }

    private static BigDecimal coordinate(double around, Random random) {
        return BigDecimal.valueOf(around + random.nextDouble() * 0.05).setScale(6, RoundingMode.HALF_UP);
    }

    private static final class Builder {
        final UUID deliveryId;
        final String orderService;
        final String shop;
        final Location pickup;
        final Location dropoff;
        final Instant createdAt;
        final String deliveryService;
        @Nullable String rider;
        @Nullable Instant riderAssignedAt;
        @Nullable Instant pickupReadyRequestedAt;
        @Nullable Instant pickedUpAt;
        @Nullable Instant deliveredAt;
        @Nullable Instant cancelledAt;
        @Nullable Outcome outcome;
        @Nullable String cancelledIn;
        @Nullable String cancelReason;
        long sequence;

        Builder(UUID deliveryId, String orderService, String shop, Location pickup, Location dropoff,
                Instant createdAt, String deliveryService) {
            this.deliveryId = deliveryId;
            this.orderService = orderService;
            this.shop = shop;
            this.pickup = pickup;
            this.dropoff = dropoff;
            this.createdAt = createdAt;
            this.deliveryService = deliveryService;
        }

        IntegratedDelivery event(String type, Instant at, Status status) {
            sequence++;
            Instant end = deliveredAt != null ? deliveredAt : cancelledAt;
            return new IntegratedDelivery(IntegratedDelivery.SCHEMA_VERSION, deliveryId, orderService,
                    "O-" + deliveryId.toString().substring(0, 8), shop, pickup, dropoff, createdAt.minusSeconds(5),
                    deliveryService, "fallback", 1L, rider, status, outcome, cancelledIn, cancelReason, createdAt,
                    riderAssignedAt, pickupReadyRequestedAt, pickedUpAt, deliveredAt, cancelledAt, null,
                    millis(createdAt, riderAssignedAt), millis(pickupReadyRequestedAt, pickedUpAt),
                    millis(pickedUpAt, deliveredAt), millis(createdAt, end), sequence,
                    UUID.nameUUIDFromBytes((deliveryId + "/" + sequence).getBytes()), type, at, null);
        }

        private static @Nullable Long millis(@Nullable Instant from, @Nullable Instant to) {
            return from == null || to == null ? null : Duration.between(from, to).toMillis();
        }
    }
}
