package routing.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What routing looks at: the delivery id (for the split), its order service, pick-up point and when it is routed. */
public record RoutingInput(UUID deliveryId, String orderService, BigDecimal pickupLatitude,
        BigDecimal pickupLongitude, Instant at) {
}
