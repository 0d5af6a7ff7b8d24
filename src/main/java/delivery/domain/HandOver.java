package delivery.domain;

import java.time.Instant;

/** What an order service hands over: the facts a delivery is created from. */
public record HandOver(OrderReference order, String shopName, Place pickup, Place dropoff, Instant requestedAt) {

    boolean sameFactsAs(HandOver other) {
        return order.equals(other.order) && shopName.equals(other.shopName) && pickup.sameAs(other.pickup)
                && dropoff.sameAs(other.dropoff) && requestedAt.equals(other.requestedAt);
    }
}
