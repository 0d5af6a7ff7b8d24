package routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The facts of a new delivery that routing looks at. The delivery id decides which side of a weighted split the
 * delivery falls on, so routing the same delivery again under the same rule set gives the same service.
 */
public record RouteRequest(UUID deliveryId, String orderService, BigDecimal pickupLatitude,
        BigDecimal pickupLongitude, Instant at) {
}
